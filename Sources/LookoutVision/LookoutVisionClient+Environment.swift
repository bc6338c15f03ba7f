import AWSCore

extension LookoutVisionClient {
    /// A client configured the way the AWS CLI would be (`AWS_ENDPOINT_URL_LOOKOUTVISION`,
    /// `AWS_ENDPOINT_URL`, the profile's `endpoint_url`, else `lookoutvision.<region>.amazonaws.com`),
    /// sharing `files`, `transport` and `credentials` with the run's other clients (see `ServiceConfiguration`).
    public static func fromEnvironment(_ environment: [String: String], region: String, profile: String? = nil,
                                       endpointURL: String? = nil, options: AWSServiceClient.Options = .init(),
                                       files: SharedConfigFiles, transport: any HTTPTransport,
                                       credentials: any CredentialProvider) throws(ServiceConfiguration.ResolutionError) -> LookoutVisionClient {
        let configuration = try ServiceConfiguration.resolve(
            service: ServiceKind.lookoutVision.environmentName, endpointPrefix: signingName, regionFlag: region, endpointFlag: endpointURL,
            profile: profile, environment: environment, files: files)
        return LookoutVisionClient(service: AWSServiceClient(signingName: signingName, configuration: configuration,
                                                             credentials: credentials, transport: transport, options: options))
    }
}

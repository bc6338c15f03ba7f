import AWSCore

extension RekognitionClient {
    /// A client configured the way the AWS CLI would be (`AWS_ENDPOINT_URL_REKOGNITION`,
    /// `AWS_ENDPOINT_URL`, the profile's `endpoint_url`, else `rekognition.<region>.amazonaws.com`),
    /// sharing `files`, `transport` and `credentials` with the run's other clients.
    public static func fromEnvironment(_ environment: [String: String], region: String, profile: String? = nil,
                                       endpointURL: String? = nil, options: AWSServiceClient.Options = .init(),
                                       files: SharedConfigFiles, transport: any HTTPTransport,
                                       credentials: any CredentialProvider) throws(ServiceConfiguration.ResolutionError) -> RekognitionClient {
        let configuration = try ServiceConfiguration.resolve(
            service: ServiceKind.rekognition.environmentName, endpointPrefix: signingName, regionFlag: region, endpointFlag: endpointURL,
            profile: profile, environment: environment, files: files)
        return RekognitionClient(service: AWSServiceClient(signingName: signingName, configuration: configuration,
                                                           credentials: credentials, transport: transport, options: options))
    }
}

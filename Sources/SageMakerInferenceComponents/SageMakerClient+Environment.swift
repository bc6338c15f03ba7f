import AWSCore

extension SageMakerClient {
    /// A client configured the way the AWS CLI would be (`AWS_ENDPOINT_URL_SAGEMAKER`,
    /// `AWS_ENDPOINT_URL`, the profile's `endpoint_url`, else `api.sagemaker.<region>.amazonaws.com`),
    /// sharing `files`, `transport` and `credentials` with the run's other clients.
    public static func fromEnvironment(_ environment: [String: String], region: String, profile: String? = nil,
                                       endpointURL: String? = nil, options: AWSServiceClient.Options = .init(),
                                       files: SharedConfigFiles, transport: any HTTPTransport,
                                       credentials: any CredentialProvider) throws(ServiceConfiguration.ResolutionError) -> SageMakerClient {
        let configuration = try ServiceConfiguration.resolve(
            service: ServiceKind.sagemaker.environmentName, endpointPrefix: endpointPrefix, regionFlag: region, endpointFlag: endpointURL,
            profile: profile, environment: environment, files: files)
        return SageMakerClient(service: AWSServiceClient(signingName: signingName, configuration: configuration,
                                                         credentials: credentials, transport: transport, options: options))
    }
}

extension ApplicationAutoScalingClient {
    /// A client configured the way the AWS CLI would be (`AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING`,
    /// `AWS_ENDPOINT_URL`, the profile's `endpoint_url`, else `application-autoscaling.<region>.amazonaws.com`).
    public static func fromEnvironment(_ environment: [String: String], region: String, profile: String? = nil,
                                       endpointURL: String? = nil, options: AWSServiceClient.Options = .init(),
                                       files: SharedConfigFiles, transport: any HTTPTransport,
                                       credentials: any CredentialProvider) throws(ServiceConfiguration.ResolutionError) -> ApplicationAutoScalingClient {
        let configuration = try ServiceConfiguration.resolve(
            service: "APPLICATION_AUTO_SCALING", endpointPrefix: signingName, regionFlag: region, endpointFlag: endpointURL,
            profile: profile, environment: environment, files: files)
        return ApplicationAutoScalingClient(service: AWSServiceClient(signingName: signingName, configuration: configuration,
                                                                      credentials: credentials, transport: transport, options: options))
    }
}

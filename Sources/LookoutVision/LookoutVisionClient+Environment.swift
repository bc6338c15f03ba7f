import AWSCore

extension LookoutVisionClient {
    /// A client configured the way the AWS CLI would be: credentials from the standard chain,
    /// region and endpoint from flags, environment and profile (see `ServiceConfiguration`).
    /// Clients of several regions share `files` (the shared config files, read once), `transport`
    /// and `credentials` (so temporary credentials are fetched once); each is made here if not given.
    public static func fromEnvironment(_ environment: [String: String], region: String? = nil, profile: String? = nil,
                                       endpointURL: String? = nil, fallbackRegion: String? = nil,
                                       options: AWSServiceClient.Options = .init(), maximumConnections: Int = 16,
                                       files: SharedConfigFiles? = nil, transport: (any HTTPTransport)? = nil,
                                       credentials: (any CredentialProvider)? = nil) throws(ServiceConfiguration.ResolutionError) -> LookoutVisionClient {
        let files = files ?? SharedConfigFiles(environment: environment)
        let configuration = try ServiceConfiguration.resolve(
            service: ServiceKind.lookoutVision.environmentName, endpointPrefix: signingName, regionFlag: region, endpointFlag: endpointURL,
            profile: profile, environment: environment, files: files, fallbackRegion: fallbackRegion)
        let http: any HTTPTransport
        if let transport {
            http = transport
        } else {
            http = try CurlTransport.fromEnvironment(environment, profile: profile, files: files, maximumConnectionsPerHost: maximumConnections)
        }
        let credentials = credentials ?? CredentialChain.standard(environment: environment, profile: profile, files: files, transport: http)
        return LookoutVisionClient(service: AWSServiceClient(signingName: signingName, configuration: configuration,
                                                             credentials: credentials, transport: http, options: options))
    }
}

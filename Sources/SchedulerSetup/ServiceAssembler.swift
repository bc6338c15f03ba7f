import AWSCore
import HostingSchedule
import LookoutVision
import ModelHosting
import RekognitionCustomLabels
import SchedulerRun

/// The one assembler of services, for `run`, `demo` and `models` alike: given targets and
/// credentials, a service per target, each with its own client (and so its own rate limit per
/// API), all sharing the shared config files (read once), the transport and the endpoint settings.
public struct ServiceAssembler: Sendable {
    /// The process environment (endpoints, regions).
    public let environment: [String: String]
    /// `--profile`.
    public let profile: String?
    /// `--endpoint-url`.
    public let endpointURL: String?
    /// Retries, timeouts, rate limit, user agent.
    public let options: AWSServiceClient.Options
    /// The shared config and credentials files, read once.
    public let files: SharedConfigFiles
    /// The one transport of every client.
    public let transport: any HTTPTransport

    /// An assembler over what every client shares.
    public init(environment: [String: String], profile: String?, endpointURL: String?, options: AWSServiceClient.Options,
                files: SharedConfigFiles, transport: any HTTPTransport) {
        self.environment = environment
        self.profile = profile
        self.endpointURL = endpointURL
        self.options = options
        self.files = files
        self.transport = transport
    }

    /// The region of the rules that name none (and of `models`): `--region`, the environment, the
    /// profile, else `fallback` (the rule file's `defaults.region`). The one resolution of it.
    public static func homeRegion(flag: String?, profile: String?, environment: [String: String], files: SharedConfigFiles,
                                  fallback: String? = nil) throws(ServiceConfiguration.ResolutionError) -> String {
        try ServiceConfiguration.resolve(service: ServiceKind.lookoutVision.environmentName, endpointPrefix: LookoutVisionClient.signingName, regionFlag: flag,
                                         profile: profile, environment: environment, files: files, fallbackRegion: fallback).region
    }

    /// The service of one target, with `credentials` (an account's assumed role, or the run's
    /// own). SageMaker describes only the components some rule of `ruleSet` covers (all of them
    /// without one, as `models` lists).
    public func service(_ target: SchedulerRunner.Target, credentials: any CredentialProvider, account: HostingAccount? = nil,
                        ruleSet: RuleSet? = nil) throws(ServiceConfiguration.ResolutionError) -> any ModelHostingService {
        switch target.service {
        case .lookoutVision:
            return LookoutVisionService(client: try LookoutVisionClient.fromEnvironment(
                environment, region: target.region, profile: profile, endpointURL: endpointURL,
                options: options, files: files, transport: transport, credentials: credentials), account: account)
        case .rekognition:
            return RekognitionService(client: try RekognitionClient.fromEnvironment(
                environment, region: target.region, profile: profile, endpointURL: endpointURL,
                options: options, files: files, transport: transport, credentials: credentials), account: account)
        case .sagemaker:
            return try sageMakerService(target, credentials: credentials, account: account, ruleSet: ruleSet)
        }
    }
}

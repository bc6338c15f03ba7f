import AWSCore
import HostingSchedule

/// What the run does with a service, named the service's way in messages and call counts.
public enum HostingOperation: Sendable, Hashable, CaseIterable {
    case listProjects, listModels, stop, start, describe, listTags
}

/// A service that hosts models by the hour, in one region (and one account): what the run needs
/// of it and nothing more. Lookout for Vision is the first implementation; the runner, the
/// evaluator and the audit log know nothing service-specific.
public protocol ModelHostingService: Sendable {
    /// Which service this is, as rule files and records name it.
    var kind: ServiceKind { get }
    /// The region its calls go to.
    var region: String { get }
    /// The declared account its credentials act in (nil: the home account, the run's own credentials).
    var account: HostingAccount? { get }
    /// The endpoint its calls go to (for messages).
    var endpoint: String { get }
    /// The service's name for an operation (`StopModel`), for call counts and messages.
    func name(of operation: HostingOperation) -> String
    /// How the service spells the hosted status (`HOSTED`), for messages.
    var hostedStatusName: String { get }

    /// Every project's name (all pages).
    func listProjects() async throws(AWSError) -> ServiceAnswer<[String]>
    /// Every model of a project, with its status (all pages).
    func listModels(project: String) async throws(AWSError) -> ServiceAnswer<[HostedModel]>
    /// One model, now.
    func describe(_ model: ModelRef) async throws(AWSError) -> ServiceAnswer<HostedModel>
    /// A new idempotency token for a stop or start, or nil when the service takes none.
    func newClientToken() -> String?
    /// Stops hosting; answers the status after the call. The same `clientToken` on every retry.
    func stop(_ model: ModelRef, clientToken: String?) async throws(AWSError) -> ServiceAnswer<ServiceStatus>
    /// Starts hosting with these inference units; answers the status after the call.
    func start(_ model: ModelRef, minInferenceUnits: Int, maxInferenceUnits: Int?,
               clientToken: String?) async throws(AWSError) -> ServiceAnswer<ServiceStatus>
    /// The model's tags.
    func tags(of model: ModelRef) async throws(AWSError) -> ServiceAnswer<[String: String]>
    /// What a stop of the model would do, checked just before it is sent (`StopCheck`: a
    /// SageMaker stop that saves nothing, or that auto scaling would undo). Default: stop.
    func checkStop(_ model: HostedModelStop) async -> StopCheck
}

extension ModelHostingService {
    /// By default a service acts in the home account.
    public var account: HostingAccount? { nil }
}

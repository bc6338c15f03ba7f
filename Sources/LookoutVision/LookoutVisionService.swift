import AWSCore
import HostingSchedule
import ModelHosting

/// Lookout for Vision as a `ModelHostingService`: projects and model versions, statuses mapped
/// by `ModelStatus.hostingState`, stops and starts with an `X-Amzn-Client-Token`.
public struct LookoutVisionService: ModelHostingService {
    /// The typed client underneath.
    public let client: LookoutVisionClient

    /// The declared account the client's credentials act in (nil: the home account).
    public let account: HostingAccount?

    /// The service over a client, acting in `account` (nil: the home account).
    public init(client: LookoutVisionClient, account: HostingAccount? = nil) {
        self.client = client
        self.account = account
    }

    public var kind: ServiceKind { .lookoutVision }
    public var region: String { client.service.configuration.region }
    public var endpoint: String { client.service.configuration.endpoint }
    public var hostedStatusName: String { ModelStatus.hosted.rawValue }

    public func name(of operation: HostingOperation) -> String {
        LookoutVisionService.operation(operation).rawValue
    }

    /// The Lookout for Vision operation that does `operation`.
    public static func operation(_ operation: HostingOperation) -> LookoutVisionOperation {
        switch operation {
        case .listProjects: return .listProjects
        case .listModels: return .listModels
        case .stop: return .stopModel
        case .start: return .startModel
        case .describe: return .describeModel
        case .listTags: return .listTagsForResource
        }
    }

    public func listProjects() async throws(AWSError) -> ServiceAnswer<[String]> {
        let out = try await client.listProjects()
        return ServiceAnswer(out, value: out.value.map(\.projectName))
    }

    public func listModels(project: String) async throws(AWSError) -> ServiceAnswer<[HostedModel]> {
        let out = try await client.listModels(project: project)
        let models = out.value.map {
            HostedModel(project: project, version: $0.modelVersion, arn: $0.modelArn, status: ModelStatus.serviceStatus($0.status))
        }
        return ServiceAnswer(out, value: models)
    }

    public func describe(_ ref: ModelRef) async throws(AWSError) -> ServiceAnswer<HostedModel> {
        let out = try await client.describeModel(project: ref.project, version: ref.version)
        let d = out.value
        let model = HostedModel(project: ref.project, version: d.modelVersion ?? ref.version, arn: d.modelArn,
                                status: ModelStatus.serviceStatus(d.status), inferenceUnits: d.minInferenceUnits)
        return ServiceAnswer(out, value: model)
    }

    public func newClientToken() -> String? { LookoutVisionClient.newClientToken() }

    public func stop(_ ref: ModelRef, clientToken: String?) async throws(AWSError) -> ServiceAnswer<ServiceStatus> {
        let out = try await client.stopModel(project: ref.project, version: ref.version, clientToken: clientToken ?? LookoutVisionClient.newClientToken())
        return ServiceAnswer(out, value: ModelStatus.serviceStatus(out.value))
    }

    public func start(_ ref: ModelRef, minInferenceUnits: Int, maxInferenceUnits: Int?,
                      clientToken: String?) async throws(AWSError) -> ServiceAnswer<ServiceStatus> {
        let out = try await client.startModel(project: ref.project, version: ref.version, minInferenceUnits: minInferenceUnits,
                                              maxInferenceUnits: maxInferenceUnits, clientToken: clientToken ?? LookoutVisionClient.newClientToken())
        return ServiceAnswer(out, value: ModelStatus.serviceStatus(out.value))
    }

    public func tags(of model: ModelRef) async throws(AWSError) -> ServiceAnswer<[String: String]> {
        guard let arn = model.arn else {
            throw AWSError(code: .invalidResponse, message: "ListModels gave no ARN for \(model.project) version \(model.version)")
        }
        let out = try await client.listTags(resourceArn: arn)
        return ServiceAnswer(out, value: Dictionary(out.value.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }))
    }
}

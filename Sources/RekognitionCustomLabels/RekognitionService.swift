import AWSCore
import Foundation
import LockedValue
import HostingSchedule
import ModelHosting
import Rendering

/// Rekognition Custom Labels as a `ModelHostingService`: projects and named versions, statuses
/// mapped by `ProjectVersionStatus.hostingState`, inference units read with every listing.
///
/// Rekognition acts on ARNs, and names a project only in its ARN: a listing of a project the rules
/// name first resolves its ARN (DescribeProjects with `ProjectNames`), unless a listing of every
/// project already gave it. StopProjectVersion and StartProjectVersion take no idempotency token:
/// when a call meets `ResourceInUseException` (an earlier attempt's answer was lost and the model
/// already moved: our retry, or libcurl's own resend on a reused connection that died, which no
/// attempt count sees), the version's status is read (DescribeProjectVersions with
/// `VersionNames`) and the call counts as done when the model is on its way (`STOPPING` or
/// `STOPPED` for a stop; `STARTING` or `RUNNING` for a start).
public final class RekognitionService: ModelHostingService, Sendable {
    /// The typed client underneath.
    public let client: RekognitionClient
    /// Project ARNs by name, as listings and lookups found them.
    private let projectArns = LockedValueBox<[String: String]>([:])

    /// The declared account the client's credentials act in (nil: the home account).
    public let account: HostingAccount?

    /// The service over a client, acting in `account` (nil: the home account).
    public init(client: RekognitionClient, account: HostingAccount? = nil) {
        self.client = client
        self.account = account
    }

    public var kind: ServiceKind { .rekognition }
    public var region: String { client.service.configuration.region }
    public var endpoint: String { client.service.configuration.endpoint }
    public var hostedStatusName: String { ProjectVersionStatus.running.rawValue }

    public func name(of operation: HostingOperation) -> String {
        RekognitionService.operation(operation).rawValue
    }

    /// The Rekognition operation that does `operation`.
    public static func operation(_ operation: HostingOperation) -> RekognitionOperation {
        switch operation {
        case .listProjects: return .describeProjects
        case .listModels: return .describeProjectVersions
        case .stop: return .stopProjectVersion
        case .start: return .startProjectVersion
        case .describe: return .describeProjectVersions
        case .listTags: return .listTagsForResource
        }
    }

    public func listProjects() async throws(AWSError) -> ServiceAnswer<[String]> {
        let out = try await client.describeProjects()
        var names: [String] = []
        for p in out.value {
            // Names from the server are checked against the service's pattern before any use.
            guard let name = p.projectName, (try? RekognitionInputValidation.checkName(name, "project name")) != nil else {
                throw AWSError(code: .invalidResponse, message: "DescribeProjects answered a project ARN that names no valid project: \(Printable.line(p.projectArn, limit: 200))",
                               requestId: out.requestId, attempts: out.attempts)
            }
            names.append(name)
            projectArns.withLockedValue { $0[name] = p.projectArn }
        }
        return ServiceAnswer(out, value: names)
    }

    /// The project's ARN: cached from a listing, or resolved by name (one DescribeProjects).
    func projectArn(_ project: String) async throws(AWSError) -> String {
        if let arn = projectArns.withLockedValue({ $0[project] }) { return arn }
        try RekognitionInputValidation.checkName(project, "project name")
        let out = try await client.describeProjects(names: [project])
        guard let arn = out.value.first(where: { $0.projectName == project })?.projectArn else {
            throw AWSError(code: .resourceNotFound, message: "no Custom Labels project named \(project)", requestId: out.requestId,
                           attempts: out.attempts)
        }
        projectArns.withLockedValue { $0[project] = arn }
        return arn
    }

    public func listModels(project: String) async throws(AWSError) -> ServiceAnswer<[HostedModel]> {
        let arn = try await projectArn(project)
        let out = try await client.describeProjectVersions(projectArn: arn)
        var models: [HostedModel] = []
        for v in out.value {
            guard let name = v.versionName, (try? RekognitionInputValidation.checkName(name, "version name")) != nil,
                  RekognitionARN.projectName(v.projectVersionArn) == project else {
                throw AWSError(code: .invalidResponse, message: "DescribeProjectVersions answered a version ARN outside project \(project): \(Printable.line(v.projectVersionArn, limit: 200))",
                               requestId: out.requestId, attempts: out.attempts)
            }
            models.append(HostedModel(project: project, version: name, arn: v.projectVersionArn,
                                      status: ProjectVersionStatus.serviceStatus(v.status), inferenceUnits: v.minInferenceUnits))
        }
        return ServiceAnswer(out, value: models)
    }

    public func describe(_ ref: ModelRef) async throws(AWSError) -> ServiceAnswer<HostedModel> {
        let arn = try await projectArn(ref.project)
        let out = try await client.describeProjectVersions(projectArn: arn, versionNames: [ref.version])
        guard let v = out.value.first(where: { $0.versionName == ref.version }) else {
            throw AWSError(code: .resourceNotFound, message: "no version \(ref.version) in project \(ref.project)", requestId: out.requestId,
                           attempts: out.attempts)
        }
        let model = HostedModel(project: ref.project, version: ref.version, arn: v.projectVersionArn,
                                status: ProjectVersionStatus.serviceStatus(v.status), inferenceUnits: v.minInferenceUnits)
        return ServiceAnswer(out, value: model)
    }

    /// Rekognition takes no idempotency token.
    public func newClientToken() -> String? { nil }

    public func stop(_ ref: ModelRef, clientToken: String?) async throws(AWSError) -> ServiceAnswer<ServiceStatus> {
        let arn = try versionArn(ref)
        do {
            let out = try await client.stopProjectVersion(arn: arn)
            return ServiceAnswer(out, value: ProjectVersionStatus.serviceStatus(out.value))
        } catch {
            return try await settledAfterRetry(error, ref, on: [.stopping, .stopped])
        }
    }

    public func start(_ ref: ModelRef, minInferenceUnits: Int, maxInferenceUnits: Int?,
                      clientToken: String?) async throws(AWSError) -> ServiceAnswer<ServiceStatus> {
        let arn = try versionArn(ref)
        do {
            let out = try await client.startProjectVersion(arn: arn, minInferenceUnits: minInferenceUnits, maxInferenceUnits: maxInferenceUnits)
            return ServiceAnswer(out, value: ProjectVersionStatus.serviceStatus(out.value))
        } catch {
            return try await settledAfterRetry(error, ref, on: [.starting, .running])
        }
    }

    /// A call that met `ResourceInUseException`: done when the model is already where a lost
    /// earlier attempt sent it; otherwise the error stands.
    func settledAfterRetry(_ error: AWSError, _ ref: ModelRef, on done: Set<ProjectVersionStatus>) async throws(AWSError) -> ServiceAnswer<ServiceStatus> {
        guard error.code == .resourceInUse else { throw error }
        let original = error
        let now: ServiceAnswer<HostedModel>
        do {
            now = try await describe(ref)
        } catch {
            throw original
        }
        // A model already at rest (STOPPED) counts only after a retry of ours: on a first attempt it
        // was never this call that moved it.
        guard let status = ProjectVersionStatus(rawValue: now.value.status.raw), done.contains(status),
              status.hostingState == .transitional || original.attempts > 1 else { throw original }
        return ServiceAnswer(value: now.value.status, attempts: error.attempts, requestId: now.requestId)
    }

    public func tags(of model: ModelRef) async throws(AWSError) -> ServiceAnswer<[String: String]> {
        let out = try await client.listTags(resourceArn: try versionArn(model))
        return ServiceAnswer(out, value: out.value)
    }

    func versionArn(_ ref: ModelRef) throws(AWSError) -> String {
        guard let arn = ref.arn else {
            throw AWSError(code: .invalidParameter, message: "no ARN for \(ref.project) version \(ref.version)", attempts: 0)
        }
        return arn
    }
}

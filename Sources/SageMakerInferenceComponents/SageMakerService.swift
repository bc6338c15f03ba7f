import AWSCore
import Foundation
import LockedValue
import HostingSchedule
import ModelHosting
import Rendering

/// SageMaker inference components as a `ModelHostingService`: an endpoint is the project, each of
/// its inference components a version. A component is hosted while it has copies; a stop scales it
/// to zero copies (`UpdateInferenceComponentRuntimeConfig`, `CopyCount: 0`), a start back to N.
///
/// Discovery makes the fewest calls: `ListInferenceComponents` (all pages; per endpoint, with
/// `EndpointNameEquals`, when the rules name every endpoint), then `DescribeInferenceComponent`
/// only for components some rule covers (`covers`), and `DescribeEndpoint` once per endpoint that
/// has one. Before a stop, `checkStop` reads the region's scalable targets (one paged
/// `DescribeScalableTargets`, shared by every stop of the run) and the endpoint's instance scaling.
///
/// The update takes no idempotency token: when it fails after an attempt that may have been
/// carried out (a lost answer, then a retry the service refuses while the component is
/// `Updating`), the component is read again and the call counts as done when its
/// `DesiredCopyCount` is already the count asked for.
public final class SageMakerService: ModelHostingService, Sendable {
    /// The typed SageMaker client.
    public let client: SageMakerClient
    /// The Application Auto Scaling client (its scalable targets are read before stops).
    public let autoScaling: ApplicationAutoScalingClient
    /// The declared account the clients' credentials act in (nil: the home account).
    public let account: HostingAccount?
    /// Whether some rule covers a component (endpoint, component): only those are described.
    let covers: @Sendable (String, String) -> Bool

    /// What the service learned during the run, shared by its concurrent calls.
    struct Caches: Sendable {
        /// Components by endpoint, from a listing of every component (nil until one was made).
        var listed: [String: [InferenceComponentSummary]]?
        /// Each described component's variant.
        var variants: [String: String] = [:]
        /// Endpoints described, by name.
        var endpoints: [String: EndpointDescription] = [:]
        /// Endpoints already warned about (one warning per endpoint and run).
        var warnedEndpoints = Set<String>()
        /// The region's scalable targets, read once (the first stop's check starts the read; others wait for it).
        var scalableTargets: Task<Result<CallOutcome<[ScalableTarget]>, AWSError>, Never>?
    }
    let caches = LockedValueBox(Caches())
    /// Under a rate limit, one endpoint's components are described at a time (`ListingGate`).
    let gate = ListingGate()

    /// The service over its clients, acting in `account` (nil: the home account); `covers` says
    /// which components some rule covers.
    public init(client: SageMakerClient, autoScaling: ApplicationAutoScalingClient, account: HostingAccount? = nil,
                covers: @escaping @Sendable (_ endpoint: String, _ component: String) -> Bool = { _, _ in true }) {
        self.client = client
        self.autoScaling = autoScaling
        self.account = account
        self.covers = covers
    }

    public var kind: ServiceKind { .sagemaker }
    public var region: String { client.service.configuration.region }
    public var endpoint: String { client.service.configuration.endpoint }
    public var hostedStatusName: String { "\(InferenceComponentStatus.inService.rawValue) with copies" }

    public func name(of operation: HostingOperation) -> String {
        switch operation {
        case .listProjects, .listModels: return SageMakerOperation.listInferenceComponents.rawValue
        case .stop, .start: return SageMakerOperation.updateInferenceComponentRuntimeConfig.rawValue
        case .describe: return SageMakerOperation.describeInferenceComponent.rawValue
        case .listTags: return SageMakerOperation.listTags.rawValue
        }
    }

    /// Every endpoint that has an inference component (one listing of all components, all pages).
    public func listProjects() async throws(AWSError) -> ServiceAnswer<[String]> {
        let out = try await client.listInferenceComponents()
        var byEndpoint: [String: [InferenceComponentSummary]] = [:]
        for c in out.value {
            try checked(c, requestId: out.requestId, attempts: out.attempts)
            byEndpoint[c.endpointName, default: []].append(c)
        }
        caches.withLockedValue { c in c.listed = byEndpoint }
        return ServiceAnswer(out, value: byEndpoint.keys.sorted())
    }

    /// The components of an endpoint: from the listing of every component when there was one,
    /// else one listing of this endpoint's; those some rule covers are described (copy counts),
    /// and the endpoint once when it has any.
    public func listModels(project endpointName: String) async throws(AWSError) -> ServiceAnswer<[HostedModel]> {
        var summaries = caches.withLockedValue { c in c.listed?[endpointName] }
        var listing: CallOutcome<[InferenceComponentSummary]>?
        if summaries == nil, caches.withLockedValue({ c in c.listed == nil }) {
            let out = try await client.listInferenceComponents(endpointName: endpointName)
            for c in out.value {
                try checked(c, requestId: out.requestId, attempts: out.attempts)
                guard c.endpointName == endpointName else {
                    throw AWSError(code: .invalidResponse, message: "ListInferenceComponents for endpoint \(endpointName) answered a component of endpoint \(c.endpointName)",
                                   requestId: out.requestId, attempts: out.attempts)
                }
            }
            summaries = out.value
            listing = out
        }
        let all = summaries ?? []
        let covered = all.filter { covers(endpointName, $0.inferenceComponentName) }
        let limited = client.service.options.requestsPerSecond > 0
        if limited { await gate.enter() }
        let described = await describeAll(covered.map(\.inferenceComponentName), endpointName: endpointName)
        if limited { await gate.leave() }
        if !covered.isEmpty, caches.withLockedValue({ c in c.endpoints[endpointName] == nil }) {
            // Read now, for the stops' check; a failure here is left for the check to meet again.
            if let e = try? await client.describeEndpoint(name: endpointName) {
                caches.withLockedValue { c in c.endpoints[endpointName] = e.value }
            }
        }
        var models: [HostedModel] = []
        for c in all {
            if let d = described[c.inferenceComponentName] {
                models.append(d)
            } else if covered.contains(where: { $0.inferenceComponentName == c.inferenceComponentName }) {
                // Covered, but its describe failed (denied, or deleted since the listing): decided on
                // the listing's status, so that one component's failure never holds back the others
                // nor leaves this one running outside its window unsaid (its update, if due, is
                // made and its outcome recorded); its copy count is unknown.
                models.append(HostedModel(project: endpointName, version: c.inferenceComponentName, arn: c.inferenceComponentArn,
                                          status: InferenceComponentStatus.serviceStatus(c.status, copies: nil)))
            } else {
                // Not covered: not described, so its copy count is unknown (an InService one reads as hosted).
                models.append(HostedModel(project: endpointName, version: c.inferenceComponentName, arn: c.inferenceComponentArn,
                                          status: InferenceComponentStatus.serviceStatus(c.status, copies: nil)))
            }
        }
        return ServiceAnswer(value: models, attempts: listing?.attempts ?? 1, requestId: listing?.requestId)
    }

    /// The covered components described, eight at a time (the client's rate limit paces them): those
    /// that could be read, by name.
    func describeAll(_ names: [String], endpointName: String) async -> [String: HostedModel] {
        let results: [Result<ServiceAnswer<HostedModel>, AWSError>] = await withTaskGroup(of: Result<ServiceAnswer<HostedModel>, AWSError>.self) { group in
            var out: [Result<ServiceAnswer<HostedModel>, AWSError>] = []
            var next = 0
            func launch() {
                guard next < names.count else { return }
                let name = names[next]
                next += 1
                group.addTask {
                    do throws(AWSError) {
                        return .success(try await self.describe(ModelRef(project: endpointName, version: name)))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            for _ in 0..<8 { launch() }
            while let r = await group.next() {
                out.append(r)
                launch()
            }
            return out
        }
        var byName: [String: HostedModel] = [:]
        for case .success(let answer) in results { byName[answer.value.version] = answer.value }
        return byName
    }

    public func describe(_ ref: ModelRef) async throws(AWSError) -> ServiceAnswer<HostedModel> {
        let out = try await client.describeInferenceComponent(name: ref.version)
        let d = out.value
        guard d.inferenceComponentName == ref.version, d.endpointName == ref.project,
              SageMakerInputValidation.isComponentArn(d.inferenceComponentArn) else {
            throw AWSError(code: .invalidResponse,
                           message: "DescribeInferenceComponent \(ref.version) answered component \(Printable.line(d.inferenceComponentName, limit: 80)) of endpoint \(Printable.line(d.endpointName, limit: 80))",
                           requestId: out.requestId, attempts: out.attempts)
        }
        if let v = d.variantName { caches.withLockedValue { c in c.variants[ref.version] = v } }
        let copies = d.runtimeConfig?.currentCopyCount
        let model = HostedModel(project: ref.project, version: ref.version, arn: d.inferenceComponentArn,
                                status: InferenceComponentStatus.serviceStatus(d.status, copies: copies), inferenceUnits: copies,
                                copies: copies)
        return ServiceAnswer(out, value: model)
    }

    /// A listed component's names and ARN, checked before they are printed or logged.
    func checked(_ c: InferenceComponentSummary, requestId: String?, attempts: Int) throws(AWSError) {
        guard SageMakerInputValidation.isComponentName(c.inferenceComponentName), SageMakerInputValidation.isEndpointName(c.endpointName),
              SageMakerInputValidation.isComponentArn(c.inferenceComponentArn) else {
            throw AWSError(code: .invalidResponse,
                           message: "ListInferenceComponents answered a component whose name or ARN is not valid: \(Printable.line(c.inferenceComponentArn, limit: 200))",
                           requestId: requestId, attempts: attempts)
        }
        if let v = c.variantName { caches.withLockedValue { cache in cache.variants[c.inferenceComponentName] = v } }
    }

    /// SageMaker's update takes no idempotency token.
    public func newClientToken() -> String? { nil }

    /// Scales the component to zero copies.
    public func stop(_ ref: ModelRef, clientToken: String?) async throws(AWSError) -> ServiceAnswer<ServiceStatus> {
        try await update(ref, copies: 0)
    }

    /// Scales the component to `minInferenceUnits` copies (the rule's `copies`, or those restored).
    public func start(_ ref: ModelRef, minInferenceUnits: Int, maxInferenceUnits: Int?,
                      clientToken: String?) async throws(AWSError) -> ServiceAnswer<ServiceStatus> {
        try await update(ref, copies: minInferenceUnits)
    }

    /// The update; after an error, done when the component's `DesiredCopyCount` already is
    /// `copies` and the answer may have been lost (the component is `Updating`, or this was a retry).
    func update(_ ref: ModelRef, copies: Int) async throws(AWSError) -> ServiceAnswer<ServiceStatus> {
        do {
            let out = try await client.updateCopyCount(name: ref.version, copies: copies)
            return ServiceAnswer(out, value: ServiceStatus(raw: InferenceComponentStatus.updating.rawValue, state: .transitional))
        } catch {
            guard error.code != .invalidParameter || error.attempts > 0 else { throw error }
            let original = error
            let now: CallOutcome<InferenceComponentDescription>
            do { now = try await client.describeInferenceComponent(name: ref.version) } catch { throw original }
            let status = InferenceComponentStatus(rawValue: now.value.status ?? "")
            guard now.value.runtimeConfig?.desiredCopyCount == copies, status == .updating || original.attempts > 1 else { throw original }
            let current = now.value.runtimeConfig?.currentCopyCount
            return ServiceAnswer(value: InferenceComponentStatus.serviceStatus(now.value.status, copies: current), attempts: original.attempts,
                                 requestId: now.requestId)
        }
    }

    public func tags(of model: ModelRef) async throws(AWSError) -> ServiceAnswer<[String: String]> {
        guard let arn = model.arn else {
            throw AWSError(code: .invalidParameter, message: "no ARN for endpoint \(model.project) component \(model.version)", attempts: 0)
        }
        let out = try await client.listTags(resourceArn: arn)
        return ServiceAnswer(out, value: out.value)
    }
}

import AWSCore
import ModelHosting

/// What a stop of a component would do, checked just before it is sent: no stop that auto
/// scaling will undo, and no saving counted for zero copies that free no instance.
extension SageMakerService {
    public func checkStop(_ model: HostedModelStop) async -> StopCheck {
        do {
            return try await check(model.ref)
        } catch {
            return StopCheck(.failed(error))
        }
    }

    func check(_ ref: ModelRef) async throws(AWSError) -> StopCheck {
        // 1. Application Auto Scaling: a minimum of one copy or more brings it back at once.
        let targets = try await regionScalableTargets()
        let resource = ScalableTarget.resourceId(ofComponent: ref.version)
        if let target = targets.first(where: { $0.resourceId == resource }), let min = target.minCapacity, min >= 1 {
            let reason = "Application Auto Scaling keeps at least \(min) cop\(min == 1 ? "y" : "ies") of it (scalable target \(resource), MinCapacity \(min)): scaling it to zero would be undone; not stopped"
            let warning = "sagemaker \(region) endpoint \(ref.project) component \(ref.version): its scalable target has MinCapacity \(min), so it is not scaled to zero; register it with MinCapacity 0 (aws application-autoscaling register-scalable-target --service-namespace sagemaker --resource-id \(resource) --scalable-dimension \(ApplicationAutoScalingClient.copyCountDimension) --min-capacity 0) to let the scheduler stop it"
            return StopCheck(.deferred(reason: reason), warning: warning)
        }
        // 2. The endpoint's instances: only managed instance scaling down to 0 frees them.
        let endpoint = try await endpointDescription(ref.project)
        let variantName = caches.withLockedValue { c in c.variants[ref.version] }
        let all = endpoint.productionVariants ?? []
        let variant = all.first { $0.variantName == variantName } ?? (all.count == 1 ? all.first : nil)
        guard let variant, variant.scalesToZero else {
            let name = variant?.variantName ?? variantName ?? "?"
            let reason = "endpoint \(ref.project) variant \(name) keeps its instances at zero copies (managed instance scaling is not enabled with MinInstanceCount 0): scaled to zero as the rules say, saving 0"
            let first = caches.withLockedValue { c in c.warnedEndpoints.insert(ref.project).inserted }
            let warning = first ? "sagemaker \(region) endpoint \(ref.project): variant \(name) keeps its instances when its components have 0 copies, so scaling them to zero saves nothing; enable scale-to-zero (UpdateEndpoint with an endpoint config whose variant has ManagedInstanceScaling {Status: ENABLED, MinInstanceCount: 0})" : nil
            return StopCheck(.stopWithoutSaving(reason: reason), warning: warning)
        }
        return .proceed
    }

    /// The region's scalable targets for copy counts: one paged read per run, shared by every stop.
    func regionScalableTargets() async throws(AWSError) -> [ScalableTarget] {
        let task: Task<Result<CallOutcome<[ScalableTarget]>, AWSError>, Never> = caches.withLockedValue { c in
            if let t = c.scalableTargets { return t }
            let client = autoScaling
            let t = Task { () -> Result<CallOutcome<[ScalableTarget]>, AWSError> in
                do throws(AWSError) { return .success(try await client.inferenceComponentTargets()) } catch { return .failure(error) }
            }
            c.scalableTargets = t
            return t
        }
        let result = await task.value
        switch result {
        case .success(let out):
            return out.value
        case .failure(let e):
            throw AWSError(code: e.code, message: "cannot read the scalable targets (DescribeScalableTargets): \(e.message)", status: e.status,
                           requestId: e.requestId, attempts: e.attempts)
        }
    }

    /// The endpoint as described at listing, else described now.
    func endpointDescription(_ name: String) async throws(AWSError) -> EndpointDescription {
        if let e = caches.withLockedValue({ c in c.endpoints[name] }) { return e }
        let out = try await client.describeEndpoint(name: name)
        caches.withLockedValue { c in c.endpoints[name] = out.value }
        return out.value
    }
}

import Foundation
import ServiceVocabulary

/// Amazon SageMaker inference components beside the other services on the same port: JSON 1.1
/// (`POST /`, `X-Amz-Target: SageMaker.<Operation>`), SigV4 for the service `sagemaker`.
/// A fleet project with `service: sagemaker` is an endpoint (one variant, with managed instance
/// scaling when it has `min_instance_count`); its models are inference components with `copies`.
/// `UpdateInferenceComponentRuntimeConfig` sets the desired copy count at once and moves the
/// current one to it after `--stop-delay` (to 0) or `--start-delay` seconds, `Updating` meanwhile.
extension EmulatorService {
    /// Which JSON 1.1 service a request is for, from its `X-Amz-Target` (nil: Lookout for Vision's REST).
    enum JSONTarget: Sendable, Equatable {
        case rekognition, sageMaker, autoScaling

        init?(_ request: EmulatorRequest) {
            guard let target = request.header("x-amz-target") else { return nil }
            if target.hasPrefix(EmulatorService.rekognitionTargetPrefix) { self = .rekognition }
            else if target.hasPrefix(EmulatorService.sageMakerTargetPrefix) { self = .sageMaker }
            else if target.hasPrefix(EmulatorService.autoScalingTargetPrefix) { self = .autoScaling }
            else { return nil }
        }

        /// The service name a request's signature must be scoped to.
        var signingName: String {
            switch self {
            case .rekognition: return ServiceKind.rekognition.signingName
            case .sageMaker: return ServiceKind.sagemaker.signingName
            case .autoScaling: return "application-autoscaling"
            }
        }

        var prefix: String {
            switch self {
            case .rekognition: return EmulatorService.rekognitionTargetPrefix
            case .sageMaker: return EmulatorService.sageMakerTargetPrefix
            case .autoScaling: return EmulatorService.autoScalingTargetPrefix
            }
        }
    }

    static let sageMakerTargetPrefix = "SageMaker."

    /// An endpoint.
    struct SageMakerEndpoint: Sendable {
        let name: String
        let variant: String
        /// Managed instance scaling's minimum (nil: not enabled).
        let minInstanceCount: Int?
    }

    /// An inference component.
    struct SageMakerComponent: Sendable {
        let endpoint: String
        var status: String
        var current: Int
        var desired: Int
        var settlesAt: Double?
        var autoscalingMin: Int?
        var tags: [String: String]
        let created: Double
    }

    /// One (account, region)'s endpoints and components (components by name, unique in the region).
    struct SageMakerPlace: Sendable {
        var endpoints: [SageMakerEndpoint] = []
        var components: [String: SageMakerComponent] = [:]
    }

    static func seedSageMaker(_ p: Fleet.Project, place: Place, at t: Double, into s: inout State) {
        s.sageMaker[place, default: SageMakerPlace()].endpoints.append(
            SageMakerEndpoint(name: p.name, variant: p.variant ?? "AllTraffic", minInstanceCount: p.minInstanceCount))
        for m in p.models {
            let copies = m.copies ?? (m.status == InferenceComponentStatus.inService.rawValue ? 1 : 0)
            s.sageMaker[place, default: SageMakerPlace()].components[m.version] =
                SageMakerComponent(endpoint: p.name, status: m.status, current: copies, desired: copies, autoscalingMin: m.autoscalingMin,
                                   tags: m.tags, created: t)
        }
    }

    /// The operation from `X-Amz-Target`; the component (the model's version) from the body.
    func jsonRoute(_ request: EmulatorRequest, _ target: JSONTarget) -> Route {
        if target == .rekognition { return EmulatorService.rekognitionRoute(request) }
        var route = Route(method: "", path: "")
        route.operation = String((request.header("x-amz-target") ?? "").dropFirst(target.prefix.count))
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        route.version = body["InferenceComponentName"] as? String
        if route.version == nil, let name = body["EndpointName"] as? String { route.project = name }
        return route
    }

    /// The endpoint of a component (for faults and the request log).
    func sageMakerEndpoint(of component: String?, place: Place) -> String? {
        guard let component else { return nil }
        return state.withLockedValue { $0.sageMaker[place]?.components[component]?.endpoint }
    }

    static func settle(_ c: inout SageMakerComponent, at t: Double) {
        if let at = c.settlesAt, t >= at {
            c.current = c.desired
            c.status = InferenceComponentStatus.inService.rawValue
            c.settlesAt = nil
        }
    }

    func componentArn(_ place: Place, _ name: String) -> String { "arn:aws:sagemaker:\(place.region):\(place.account):inference-component/\(name)" }
    func endpointArn(_ place: Place, _ name: String) -> String { "arn:aws:sagemaker:\(place.region):\(place.account):endpoint/\(name)" }

    /// Runs a SageMaker operation; answers the status and body (errors carry `__code`).
    func operateSageMaker(_ route: Route, request: EmulatorRequest, place: Place, at t: Double) -> (Int, [UInt8]) {
        guard request.httpMethod == .post, request.header("content-type") == "application/x-amz-json-1.1" else {
            return fail(400, "SerializationException", "SageMaker takes POST / with Content-Type application/x-amz-json-1.1")
        }
        guard let body = (try? JSONSerialization.jsonObject(with: Data(request.body.isEmpty ? Array("{}".utf8) : request.body))) as? [String: Any] else {
            return fail(400, "SerializationException", "The request body is not a JSON object")
        }
        // Every component's state settled to now, once per request.
        let snapshot: SageMakerPlace = state.withLockedValue { s in
            var p = s.sageMaker[place] ?? SageMakerPlace()
            for k in p.components.keys { EmulatorService.settle(&p.components[k]!, at: t) }
            s.sageMaker[place] = p
            return p
        }
        switch SageMakerOperation(rawValue: route.operation) {
        case .listInferenceComponents?:
            return listInferenceComponents(body, snapshot, place: place)
        case .describeInferenceComponent?:
            guard let name = body["InferenceComponentName"] as? String, let c = snapshot.components[name] else {
                return fail(400, "ValidationException", "Could not find inference component \"\(body["InferenceComponentName"] as? String ?? "")\".")
            }
            let variant = snapshot.endpoints.first { $0.name == c.endpoint }?.variant ?? "AllTraffic"
            return (200, json(["InferenceComponentName": name, "InferenceComponentArn": componentArn(place, name),
                               "EndpointName": c.endpoint, "EndpointArn": endpointArn(place, c.endpoint), "VariantName": variant,
                               "InferenceComponentStatus": c.status, "CreationTime": c.created, "LastModifiedTime": c.created,
                               "RuntimeConfig": ["DesiredCopyCount": c.desired, "CurrentCopyCount": c.current]]))
        case .describeEndpoint?:
            guard let name = body["EndpointName"] as? String, let e = snapshot.endpoints.first(where: { $0.name == name }) else {
                return fail(400, "ValidationException", "Could not find endpoint \"\(body["EndpointName"] as? String ?? "")\".")
            }
            let copies = snapshot.components.values.filter { $0.endpoint == name }.map(\.current).reduce(0, +)
            var variant: [String: Any] = ["VariantName": e.variant, "CurrentInstanceCount": copies == 0 ? (e.minInstanceCount ?? 1) : max(1, copies)]
            if let min = e.minInstanceCount { variant["ManagedInstanceScaling"] = ["Status": "ENABLED", "MinInstanceCount": min, "MaxInstanceCount": max(min, 4)] }
            return (200, json(["EndpointName": name, "EndpointArn": endpointArn(place, name), "EndpointStatus": "InService",
                               "CreationTime": 1.7e9, "LastModifiedTime": 1.7e9, "ProductionVariants": [variant]]))
        case .updateInferenceComponentRuntimeConfig?:
            return updateRuntimeConfig(body, place: place, at: t)
        case .listTags?:
            guard let arn = body["ResourceArn"] as? String, let name = arn.components(separatedBy: "inference-component/").last,
                  arn == componentArn(place, name), let c = snapshot.components[name] else {
                return fail(400, "ValidationException", "Could not find resource \(body["ResourceArn"] as? String ?? "")")
            }
            return (200, json(["Tags": c.tags.sorted { $0.key < $1.key }.map { ["Key": $0.key, "Value": $0.value] }]))
        default:
            return fail(400, "UnknownOperationException", "Unknown operation \(route.operation)")
        }
    }

    /// ListInferenceComponents: by name, paged, optionally one endpoint's.
    func listInferenceComponents(_ body: [String: Any], _ p: SageMakerPlace, place: Place) -> (Int, [UInt8]) {
        var limit = min(10, configuration.pageSize)  // SageMaker's default page is 10
        if let m = body["MaxResults"] {
            guard let n = m as? Int, (1...100).contains(n) else {
                return fail(400, "ValidationException", "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100")
            }
            limit = min(n, configuration.pageSize)
        }
        var offset = 0
        if let token = body["NextToken"] {
            guard let text = token as? String, let o = EmulatorService.decodeToken(text) else {
                return fail(400, "ValidationException", "Invalid pagination token")
            }
            offset = o
        }
        let endpoint = body["EndpointNameEquals"] as? String
        let all = p.components.filter { endpoint == nil || $0.value.endpoint == endpoint }.sorted { $0.key < $1.key }
        let page = Array(all.dropFirst(offset).prefix(limit))
        var out: [String: Any] = ["InferenceComponents": page.map { name, c in
            ["InferenceComponentName": name, "InferenceComponentArn": componentArn(place, name), "EndpointName": c.endpoint,
             "EndpointArn": endpointArn(place, c.endpoint), "VariantName": p.endpoints.first { $0.name == c.endpoint }?.variant ?? "AllTraffic",
             "InferenceComponentStatus": c.status, "CreationTime": c.created, "LastModifiedTime": c.created] as [String: Any]
        }]
        if offset + page.count < all.count { out["NextToken"] = EmulatorService.encodeToken(offset + page.count) }
        return (200, json(out))
    }

    /// UpdateInferenceComponentRuntimeConfig: only an `InService` component is updated; the new
    /// desired count is set now, the current one follows after the delay.
    func updateRuntimeConfig(_ body: [String: Any], place: Place, at t: Double) -> (Int, [UInt8]) {
        guard let name = body["InferenceComponentName"] as? String,
              let copies = (body["DesiredRuntimeConfig"] as? [String: Any])?["CopyCount"] as? Int, copies >= 0 else {
            return fail(400, "ValidationException", "InferenceComponentName and DesiredRuntimeConfig.CopyCount (at least 0) are required")
        }
        return state.withLockedValue { s in
            guard var c = s.sageMaker[place]?.components[name] else {
                return fail(400, "ValidationException", "Could not find inference component \"\(name)\".")
            }
            EmulatorService.settle(&c, at: t)
            guard c.status == InferenceComponentStatus.inService.rawValue else {
                return fail(400, "ValidationException", "Inference component \(name) is \(c.status); it can be updated only when it is InService.")
            }
            c.desired = copies
            if copies != c.current {
                c.status = InferenceComponentStatus.updating.rawValue
                c.settlesAt = t + (copies < c.current ? configuration.stopDelay : configuration.startDelay)
            }
            s.sageMaker[place]?.components[name] = c
            return (200, json(["InferenceComponentArn": componentArn(place, name)]))
        }
    }

    /// Each component's status and copies, for `/_emulator/models` and tests.
    func sageMakerRows(at t: Double) -> [[String: String]] {
        state.withLockedValue { s in
            var rows: [[String: String]] = []
            for place in s.sageMaker.keys.sorted(by: { ($0.account, $0.region) < ($1.account, $1.region) }) {
                for name in s.sageMaker[place]!.components.keys.sorted() {
                    var c = s.sageMaker[place]!.components[name]!
                    EmulatorService.settle(&c, at: t)
                    s.sageMaker[place]!.components[name] = c
                    rows.append(["service": ServiceKind.sagemaker.rawValue, "account": place.account, "region": place.region, "project": c.endpoint,
                                 "version": name, "status": c.status, "copies": String(c.current), "desired_copies": String(c.desired)])
                }
            }
            return rows
        }
    }
}

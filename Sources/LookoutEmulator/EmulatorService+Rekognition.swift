import Foundation
import ServiceVocabulary

/// Amazon Rekognition Custom Labels beside Lookout for Vision on the same port: JSON 1.1
/// (`POST /`, `X-Amz-Target: RekognitionService.<Operation>`), SigV4 for the service
/// `rekognition`, the service's statuses with asynchronous `STOPPING`→`STOPPED` and
/// `STARTING`→`RUNNING`, paging, validation errors and JSON 1.1 error bodies (`__type`).
extension EmulatorService {
    /// A Rekognition project (Custom Labels, or a content-moderation adapter).
    struct RekognitionProject: Sendable {
        let name: String
        let arn: String
        let feature: String
    }

    static let rekognitionTargetPrefix = "RekognitionService."

    static func seedRekognition(_ p: Fleet.Project, place: Place, at t: Double, into s: inout State) {
        let created = Int(t * 1000)
        let arn = "arn:aws:rekognition:\(place.region):\(place.account):project/\(p.name)/\(created)"
        s.rekognitionProjects[place, default: []].append(RekognitionProject(name: p.name, arn: arn, feature: p.feature ?? "CUSTOM_LABELS"))
        for m in p.models {
            s.rekognitionVersions[ModelKey(place: place, project: p.name, version: m.version)] =
                ModelState(status: m.status, inferenceUnits: m.inferenceUnits, tags: m.tags, created: t)
        }
    }

    /// The operation from `X-Amz-Target`; project and version from the ARN in the body, for
    /// faults and the request log.
    static func rekognitionRoute(_ request: EmulatorRequest) -> Route {
        var route = Route(method: "", path: "")
        route.operation = String((request.header("x-amz-target") ?? "").dropFirst(rekognitionTargetPrefix.count))
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        let arn = (body["ProjectVersionArn"] ?? body["ProjectArn"] ?? body["ResourceArn"]) as? String
        if let arn {
            let path = arn.split(separator: ":", maxSplits: 5).last.map { $0.split(separator: "/").map(String.init) } ?? []
            if path.count >= 2, path[0] == "project" { route.project = path[1] }
            if path.count == 5, path[2] == "version" { route.version = path[3] }
            route.arn = arn
        }
        return route
    }

    func rekognitionVersionArn(_ place: Place, _ project: RekognitionProject, _ version: String, _ m: ModelState) -> String {
        "arn:aws:rekognition:\(place.region):\(place.account):project/\(project.name)/version/\(version)/\(Int(m.created * 1000))"
    }

    /// Runs a Rekognition operation; answers the status and body (errors carry `__code`).
    func operateRekognition(_ route: Route, request: EmulatorRequest, place: Place, at t: Double) -> (Int, [UInt8]) {
        guard request.httpMethod == .post, request.header("content-type") == "application/x-amz-json-1.1" else {
            return fail(400, "SerializationException", "Rekognition takes POST / with Content-Type application/x-amz-json-1.1")
        }
        guard let body = (try? JSONSerialization.jsonObject(with: Data(request.body.isEmpty ? Array("{}".utf8) : request.body))) as? [String: Any] else {
            return fail(400, "SerializationException", "The request body is not a JSON object")
        }
        var limit = configuration.pageSize
        if let m = body["MaxResults"] {
            guard let n = m as? Int, (1...100).contains(n) else {
                return fail(400, "ValidationException", "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100")
            }
            limit = min(n, configuration.pageSize)
        }
        var offset = 0
        if let token = body["NextToken"] {
            guard let text = token as? String, let o = EmulatorService.decodeToken(text) else {
                return fail(400, "InvalidPaginationTokenException", "Invalid pagination token")
            }
            offset = o
        }
        switch RekognitionOperation(rawValue: route.operation) {
        case .describeProjects?:
            let features = (body["Features"] as? [String]) ?? ["CUSTOM_LABELS"]
            let names = body["ProjectNames"] as? [String]
            let projects = state.withLockedValue { $0.rekognitionProjects[place] ?? [] }
                .filter { features.contains($0.feature) && (names?.contains($0.name) ?? true) }
            let page = Array(projects.dropFirst(offset).prefix(limit))
            var out: [String: Any] = ["ProjectDescriptions": page.map {
                ["ProjectArn": $0.arn, "Status": "CREATED", "Feature": $0.feature, "CreationTimestamp": 1.7e9] as [String: Any]
            }]
            if offset + page.count < projects.count { out["NextToken"] = EmulatorService.encodeToken(offset + page.count) }
            return (200, json(out))
        case .describeProjectVersions?:
            guard let arn = body["ProjectArn"] as? String else { return fail(400, "InvalidParameterException", "ProjectArn is required") }
            guard let project = rekognitionProject(place, arn: arn) else {
                return fail(400, "ResourceNotFoundException", "The resource \(arn) cannot be found")
            }
            let wanted = body["VersionNames"] as? [String]
            let versions: [(String, ModelState)] = state.withLockedValue { s in
                s.rekognitionVersions.keys.filter { $0.place == place && $0.project == project.name && (wanted?.contains($0.version) ?? true) }
                    .sorted { $0.version > $1.version }
                    .map { k in
                        var m = s.rekognitionVersions[k]!
                        EmulatorService.settle(&m, at: t)
                        s.rekognitionVersions[k] = m
                        return (k.version, m)
                    }
            }
            let page = Array(versions.dropFirst(offset).prefix(limit))
            var out: [String: Any] = ["ProjectVersionDescriptions": page.map { v, m in
                var d: [String: Any] = ["ProjectVersionArn": rekognitionVersionArn(place, project, v, m), "Status": m.status,
                                        "StatusMessage": "The model is \(m.status)", "CreationTimestamp": m.created]
                if m.status != "TRAINING_IN_PROGRESS" { d["MinInferenceUnits"] = m.inferenceUnits; d["MaxInferenceUnits"] = m.inferenceUnits }
                return d
            }]
            if offset + page.count < versions.count { out["NextToken"] = EmulatorService.encodeToken(offset + page.count) }
            return (200, json(out))
        case .stopProjectVersion?, .startProjectVersion?:
            return rekognitionTransition(route, body: body, place: place, at: t)
        case .listTagsForResource?:
            guard let arn = body["ResourceArn"] as? String, let project = route.project, let version = route.version else {
                return fail(400, "InvalidParameterException", "ResourceArn is required")
            }
            let tags: [String: String]? = state.withLockedValue { $0.rekognitionVersions[ModelKey(place: place, project: project, version: version)]?.tags }
            guard let tags else { return fail(400, "ResourceNotFoundException", "The resource \(arn) cannot be found") }
            return (200, json(["Tags": tags]))
        default:
            return fail(400, "UnknownOperationException", "Unknown operation \(route.operation)")
        }
    }

    func rekognitionProject(_ place: Place, arn: String) -> RekognitionProject? {
        state.withLockedValue { $0.rekognitionProjects[place]?.first { $0.arn == arn } }
    }

    /// StopProjectVersion (from RUNNING) and StartProjectVersion (from STOPPED or
    /// TRAINING_COMPLETED); anything else is `ResourceInUseException`. No client token.
    func rekognitionTransition(_ route: Route, body: [String: Any], place: Place, at t: Double) -> (Int, [UInt8]) {
        let stop = route.operation == RekognitionOperation.stopProjectVersion.rawValue
        guard let arn = body["ProjectVersionArn"] as? String, let project = route.project, let version = route.version,
              let p = state.withLockedValue({ $0.rekognitionProjects[place]?.first { $0.name == project } }) else {
            return fail(400, "InvalidParameterException", "ProjectVersionArn is not a valid project version ARN")
        }
        var units = 1
        if !stop {
            guard let min = body["MinInferenceUnits"] as? Int, min >= 1 else {
                return fail(400, "InvalidParameterException", "MinInferenceUnits is required and must be at least 1")
            }
            units = min
        }
        let key = ModelKey(place: place, project: project, version: version)
        return state.withLockedValue { s in
            guard var m = s.rekognitionVersions[key], rekognitionVersionArn(place, p, version, m) == arn else {
                return fail(400, "ResourceNotFoundException", "The resource \(arn) cannot be found")
            }
            EmulatorService.settle(&m, at: t)
            let from = (stop ? [ProjectVersionStatus.running] : [.stopped, .trainingCompleted]).map(\.rawValue)
            guard from.contains(m.status) else {
                return fail(400, "ResourceInUseException", "The model \(version) is \(m.status)")
            }
            m.status = (stop ? ProjectVersionStatus.stopping : ProjectVersionStatus.starting).rawValue
            m.settlesTo = (stop ? ProjectVersionStatus.stopped : ProjectVersionStatus.running).rawValue
            m.settlesAt = t + (stop ? configuration.stopDelay : configuration.startDelay)
            if !stop { m.inferenceUnits = units }
            s.rekognitionVersions[key] = m
            return (200, json(["Status": m.status]))
        }
    }

    /// A JSON 1.1 answer: errors as `{"__type": ..., "Message": ...}` in the body, no error header.
    func rekognitionAnswer(_ status: Int, _ body: [UInt8], requestId: String, delay: Double) -> EmulatorAction {
        var headers = ["Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": requestId]
        guard !(200..<300).contains(status) else { return .respond(status: status, headers: headers, body: body, delay: delay) }
        var object = (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:]
        let code = object.removeValue(forKey: "__code") as? String ?? "InternalServerError"
        object["__type"] = code
        headers["Content-Type"] = "application/x-amz-json-1.1"
        return .respond(status: status, headers: headers, body: json(object), delay: delay)
    }
}

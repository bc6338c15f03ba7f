import Foundation
import ServiceVocabulary

/// The Lookout for Vision operations: listing, describing, stopping and starting models, tags;
/// with the service's validation and pagination.
extension EmulatorService {
    /// Runs an operation; answers the status and JSON body (errors as `{"__code", "Message"}`).
    func operate(_ route: Route, request: EmulatorRequest, query: String, place: Place, at t: Double) -> (Int, [UInt8]) {
        let params = EmulatorService.queryParameters(query)
        if let p = route.project, !EmulatorService.isProjectName(p) {
            return fail(400, "ValidationException", "1 validation error detected: Value '\(p)' at 'projectName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9][a-zA-Z0-9_\\-]*")
        }
        if let v = route.version, !EmulatorService.isVersion(v, latest: route.operation == LookoutVisionOperation.describeModel.rawValue) {
            return fail(400, "ValidationException", "1 validation error detected: Value '\(v)' at 'modelVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: ([1-9][0-9]*|latest)")
        }
        var limit = configuration.pageSize
        if let m = params["maxResults"] {
            guard let n = Int(m), (1...100).contains(n) else {
                return fail(400, "ValidationException", "1 validation error detected: Value '\(m)' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100")
            }
            limit = min(n, configuration.pageSize)
        }
        var offset = 0
        if let token = params["nextToken"] {
            guard let o = EmulatorService.decodeToken(token) else { return fail(400, "ValidationException", "Invalid pagination token") }
            offset = o
        }
        switch LookoutVisionOperation(rawValue: route.operation) {
        case .listProjects?:
            let names = state.withLockedValue { $0.projects[place] ?? [] }
            let page = Array(names.dropFirst(offset).prefix(limit))
            var body: [String: Any] = ["Projects": page.map { ["ProjectName": $0, "ProjectArn": projectArn(place, $0), "CreationTimestamp": 1.7e9] }]
            if offset + page.count < names.count { body["NextToken"] = EmulatorService.encodeToken(offset + page.count) }
            return (200, json(body))
        case .listModels?:
            let project = route.project!
            let result: [(String, ModelState)]? = state.withLockedValue { s in
                guard s.projects[place]?.contains(project) == true else { return nil }
                let keys = s.models.keys.filter { $0.place == place && $0.project == project }
                    .sorted { (Int($0.version) ?? 0) > (Int($1.version) ?? 0) }
                return keys.map { k in
                    var m = s.models[k]!
                    EmulatorService.settle(&m, at: t)
                    s.models[k] = m
                    return (k.version, m)
                }
            }
            guard let models = result else { return fail(404, "ResourceNotFoundException", "Project \(project) not found") }
            let page = Array(models.dropFirst(offset).prefix(limit))
            var body: [String: Any] = ["Models": page.map { v, m in
                ["ModelVersion": v, "ModelArn": modelArn(place, project, v), "Status": m.status,
                 "StatusMessage": "Model status is \(m.status)", "CreationTimestamp": m.created] as [String: Any]
            }]
            if offset + page.count < models.count { body["NextToken"] = EmulatorService.encodeToken(offset + page.count) }
            return (200, json(body))
        case .describeModel?:
            let project = route.project!
            let found: (String, ModelState)? = state.withLockedValue { s in
                var key = ModelKey(place: place, project: project, version: route.version!)
                if route.version == "latest" {
                    guard let v = s.models.keys.filter({ $0.place == place && $0.project == project }).compactMap({ Int($0.version) }).max()
                    else { return nil }
                    key = ModelKey(place: place, project: project, version: String(v))
                }
                guard var m = s.models[key] else { return nil }
                EmulatorService.settle(&m, at: t)
                s.models[key] = m
                return (key.version, m)
            }
            guard let (v, m) = found else { return fail(404, "ResourceNotFoundException", "Model \(project) version \(route.version!) not found") }
            return (200, json(["ModelDescription": [
                "ModelVersion": v, "ModelArn": modelArn(place, project, v), "Status": m.status,
                "StatusMessage": "Model status is \(m.status)", "CreationTimestamp": m.created,
                "MinInferenceUnits": m.inferenceUnits, "MaxInferenceUnits": m.inferenceUnits,
            ] as [String: Any]]))
        case .stopModel?, .startModel?:
            return transition(route, request: request, place: place, at: t)
        case .listTagsForResource?:
            let arn = route.arn ?? ""
            let parts = arn.split(separator: ":", maxSplits: 5).map(String.init)
            guard parts.count == 6, parts[2] == ServiceKind.lookoutVision.signingName, parts[5].hasPrefix("model/"), parts[4] == place.account else {
                return fail(400, "ValidationException", "Invalid resource ARN \(arn)")
            }
            let rest = parts[5].dropFirst("model/".count).split(separator: "/").map(String.init)
            guard rest.count == 2 else { return fail(400, "ValidationException", "Invalid resource ARN \(arn)") }
            let tags: [String: String]? = state.withLockedValue { $0.models[ModelKey(place: Place(account: place.account, region: parts[3]), project: rest[0], version: rest[1])]?.tags }
            guard let tags else { return fail(404, "ResourceNotFoundException", "Resource \(arn) not found") }
            return (200, json(["Tags": tags.keys.sorted().map { ["Key": $0, "Value": tags[$0]!] }]))
        default:
            return fail(404, "UnknownOperationException", "No operation matches \(request.method) \(EmulatorService.split(request.uri).0)")
        }
    }

    /// StopModel and StartModel: status checks, asynchronous settling, idempotency tokens.
    func transition(_ route: Route, request: EmulatorRequest, place: Place, at t: Double) -> (Int, [UInt8]) {
        let region = place.region
        let stop = route.operation == LookoutVisionOperation.stopModel.rawValue
        let token = request.header("x-amzn-client-token")
        if let token, !(1...64).contains(token.count) || !token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            return fail(400, "ValidationException", "1 validation error detected: Value at 'clientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9-]+$")
        }
        var units = 1
        if !stop {
            guard let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
                  let min = body["MinInferenceUnits"] as? Int, min >= 1 else {
                return fail(400, "ValidationException", "MinInferenceUnits is required and must be at least 1")
            }
            units = min
        }
        let key = ModelKey(place: place, project: route.project!, version: route.version!)
        let fingerprint = "\(route.operation) \(place.account) \(region) \(key.project) \(key.version)"
        return state.withLockedValue { s in
            if let token, let previous = s.tokens[token] {
                if previous.fingerprint == fingerprint { return (previous.status, previous.body) }
                return fail(409, "ConflictException", "Client token \(token) was already used for a different request")
            }
            guard var m = s.models[key] else {
                return fail(404, "ResourceNotFoundException", "Model \(key.project) version \(key.version) not found")
            }
            EmulatorService.settle(&m, at: t)
            let from = (stop ? ModelStatus.hosted : ModelStatus.trained).rawValue
            guard m.status == from else {
                return fail(409, "ConflictException", "Model \(key.project) version \(key.version) is \(m.status); \(route.operation) needs \(from)",
                            extra: ["ResourceId": "\(key.project)/\(key.version)", "ResourceType": "MODEL"])
            }
            m.status = (stop ? ModelStatus.stoppingHosting : ModelStatus.startingHosting).rawValue
            m.settlesTo = (stop ? ModelStatus.trained : ModelStatus.hosted).rawValue
            m.settlesAt = t + (stop ? configuration.stopDelay : configuration.startDelay)
            if !stop { m.inferenceUnits = units }
            s.models[key] = m
            let answer = (202, json(["Status": m.status]))
            if let token { s.tokens[token] = (answer.0, answer.1, fingerprint) }
            return answer
        }
    }

    func projectArn(_ place: Place, _ project: String) -> String { "arn:aws:lookoutvision:\(place.region):\(place.account):project/\(project)" }
    func modelArn(_ place: Place, _ project: String, _ version: String) -> String {
        "arn:aws:lookoutvision:\(place.region):\(place.account):model/\(project)/\(version)"
    }

    static func isProjectName(_ s: String) -> Bool {
        guard (1...255).contains(s.utf8.count), let f = s.first, f.isASCII, f.isLetter || f.isNumber else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    static func isVersion(_ s: String, latest: Bool) -> Bool {
        if latest && s == "latest" { return true }
        guard (1...10).contains(s.count), let f = s.first, f != "0" else { return false }
        return s.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func encodeToken(_ offset: Int) -> String { Data("offset:\(offset)".utf8).base64EncodedString() }

    static func decodeToken(_ token: String) -> Int? {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8), text.hasPrefix("offset:") else { return nil }
        return Int(text.dropFirst("offset:".count))
    }
}

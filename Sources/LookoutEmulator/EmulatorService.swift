import Foundation
import SigV4

/// A request as the emulator received it: the raw URI (path and query exactly as sent).
public struct EmulatorRequest: Sendable {
    public var method: String
    public var uri: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The connection it came on, numbered from 1 by the server (0: not known).
    public var connection = 0

    public init(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8] = []) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
    }

    /// The first value of a header (`name` in lower case).
    public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }
}

/// What the server does with a request.
public enum EmulatorAction: Sendable, Equatable {
    /// Answer after `delay` seconds.
    case respond(status: Int, headers: [String: String], body: [UInt8], delay: Double)
    /// Close the connection without answering.
    case drop
    /// Never answer.
    case hang
}

/// One request the emulator served, for tests to assert exactly which calls were made.
public struct RequestRecord: Sendable, Codable, Equatable {
    public let time: Double
    public let method: String
    public let uri: String
    public let operation: String
    public let region: String?
    public let project: String?
    public let version: String?
    public let clientToken: String?
    public let accessKeyId: String?
    public let status: Int
    public let fault: String?
    /// The connection it came on (`EmulatorRequest.connection`): tells how many a client opened.
    public var connection: Int? = nil
}

/// The emulated service: state, signature verification, validation, behaviour, faults, log.
/// Thread-safe; the HTTP server calls `handle` from its event loops.
public final class EmulatorService: Sendable {
    /// Tunables.
    public struct Configuration: Sendable {
        /// Accepted credentials: access key id to secret (and session token, if any).
        public var credentials: [String: (secret: String, token: String?)]
        /// Largest accepted difference between `X-Amz-Date` and the emulator's clock (AWS: 5 min).
        public var maxClockSkew: Double
        /// Largest page the server returns, whatever `maxResults` asks (AWS decides its own too).
        public var pageSize: Int
        /// Seconds from StopModel to TRAINED (STOPPING_HOSTING meanwhile).
        public var stopDelay: Double
        /// Seconds from StartModel to HOSTED (STARTING_HOSTING meanwhile).
        public var startDelay: Double

        public init(credentials: [String: (secret: String, token: String?)], maxClockSkew: Double = 300, pageSize: Int = 100,
                    stopDelay: Double = 2, startDelay: Double = 2) {
            self.credentials = credentials
            self.maxClockSkew = maxClockSkew
            self.pageSize = pageSize
            self.stopDelay = stopDelay
            self.startDelay = startDelay
        }
    }

    struct ModelState: Sendable {
        var status: String
        var inferenceUnits: Int
        var tags: [String: String]
        var created: Double
        /// When a STOPPING_HOSTING or STARTING_HOSTING status settles, and into what.
        var settlesAt: Double?
        var settlesTo: String?
    }

    struct ModelKey: Hashable, Sendable {
        let region: String
        let project: String
        let version: String
    }

    struct State: Sendable {
        var projects: [String: [String]] = [:]          // region -> project names, in order
        var models: [ModelKey: ModelState] = [:]
        var faults: [FaultRule] = []
        var tokens: [String: (status: Int, body: [UInt8], fingerprint: String)] = [:]
        var log: [RequestRecord] = []
    }

    let configuration: Configuration
    let account: String
    let now: @Sendable () -> Double
    private let state: Locked<State>

    /// A service seeded from `fleet`. `now` is the emulator's clock (real by default).
    public init(fleet: Fleet, configuration: Configuration, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.configuration = configuration
        self.account = fleet.account
        self.now = now
        var s = State()
        let t = now()
        for p in fleet.projects {
            let region = p.region ?? fleet.region
            s.projects[region, default: []].append(p.name)
            for m in p.models {
                s.models[ModelKey(region: region, project: p.name, version: m.version)] =
                    ModelState(status: m.status, inferenceUnits: m.inferenceUnits, tags: m.tags, created: t)
            }
        }
        s.faults = fleet.faults
        state = Locked(s)
    }

    // MARK: - Inspection (tests)

    /// Every request served so far.
    public var requests: [RequestRecord] { state.withLock { $0.log } }

    /// A model's status now (nil if it does not exist).
    public func status(region: String, project: String, version: String) -> String? {
        let t = now()
        return state.withLock { s in
            let key = ModelKey(region: region, project: project, version: version)
            guard var m = s.models[key] else { return nil }
            EmulatorService.settle(&m, at: t)
            s.models[key] = m
            return m.status
        }
    }

    /// Adds a fault rule at run time.
    public func inject(_ fault: FaultRule) { state.withLock { $0.faults.append(fault) } }

    /// Sets a model's status (tests: a model started outside its window).
    public func setStatus(region: String, project: String, version: String, to status: String) {
        state.withLock { s in
            let key = ModelKey(region: region, project: project, version: version)
            s.models[key]?.status = status
            s.models[key]?.settlesAt = nil
        }
    }

    static func settle(_ m: inout ModelState, at t: Double) {
        if let at = m.settlesAt, let to = m.settlesTo, t >= at {
            m.status = to
            m.settlesAt = nil
            m.settlesTo = nil
        }
    }

    // MARK: - Handling

    /// Decides what to do with one request.
    public func handle(_ request: EmulatorRequest) -> EmulatorAction {
        let t = now()
        var request = request
        // A request through an HTTP proxy carries an absolute URI (`http://host/path`): serve it
        // as its path, so the emulator can stand in for a proxy in tests.
        if request.uri.hasPrefix("http://") || request.uri.hasPrefix("https://") {
            let afterScheme = request.uri[request.uri.range(of: "://")!.upperBound...]
            request.uri = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? "/"
        }
        let (path, query) = EmulatorService.split(request.uri)
        if path.hasPrefix("/_emulator/") { return admin(path) }
        let route = Route(method: request.method, path: path)
        let requestId = UUID().uuidString.lowercased()

        // Signature first, as AWS does: an unsigned or badly signed request learns nothing.
        let auth = verifySignature(request, path: path, query: query, at: t)
        let accessKey = auth.accessKeyId
        if let failure = auth.failure {
            record(t, request, route, region: auth.region, accessKey: accessKey, status: failure.status, fault: nil)
            return error(failure.status, failure.code, failure.message, requestId: requestId)
        }
        let region = auth.region ?? "us-east-1"

        // Faults.
        var latency = 0.0
        let fault: FaultRule? = state.withLock { s in
            guard let i = s.faults.firstIndex(where: { $0.matches(operation: route.operation, project: route.project, version: route.version) && ($0.times ?? 1) > 0 })
            else { return nil }
            let f = s.faults[i]
            if let n = f.times { s.faults[i].times = n - 1 }
            return f
        }
        if let fault {
            switch fault.kind {
            case .latency:
                latency = fault.seconds ?? 1
            case .drop:
                record(t, request, route, region: region, accessKey: accessKey, status: 0, fault: fault.kind.rawValue)
                return .drop
            case .hang:
                record(t, request, route, region: region, accessKey: accessKey, status: 0, fault: fault.kind.rawValue)
                return .hang
            case .throttle:
                record(t, request, route, region: region, accessKey: accessKey, status: 429, fault: fault.kind.rawValue)
                var r = error(429, "ThrottlingException", "Rate exceeded", requestId: requestId)
                if case .respond(let st, var h, let b, let d) = r {
                    h["Retry-After"] = String(Int((fault.seconds ?? 1).rounded(.up)))
                    r = .respond(status: st, headers: h, body: b, delay: d)
                }
                return r
            case .error500:
                record(t, request, route, region: region, accessKey: accessKey, status: 500, fault: fault.kind.rawValue)
                return error(500, "InternalServerException", "Internal server error", requestId: requestId)
            case .nonJSON:
                record(t, request, route, region: region, accessKey: accessKey, status: 503, fault: fault.kind.rawValue)
                return .respond(status: 503, headers: ["Content-Type": "text/html", "x-amzn-RequestId": requestId],
                                body: Array("<html><body><h1>503 Service Unavailable</h1></body></html>".utf8), delay: 0)
            case .accessDenied:
                record(t, request, route, region: region, accessKey: accessKey, status: 403, fault: fault.kind.rawValue)
                return error(403, "AccessDeniedException", "User is not authorized to perform: lookoutvision:\(route.operation)", requestId: requestId)
            }
        }

        let (status, body) = operate(route, request: request, query: query, region: region, at: t)
        record(t, request, route, region: region, accessKey: accessKey, status: status, fault: fault?.kind.rawValue)
        if (200..<300).contains(status) {
            return .respond(status: status, headers: ["Content-Type": "application/json", "x-amzn-RequestId": requestId],
                            body: body, delay: latency)
        }
        guard case .respond(let st, let h, let b, _) = errorFromBody(status, body, requestId: requestId) else { return .drop }
        return .respond(status: st, headers: h, body: b, delay: latency)
    }

    // MARK: - Operations

    struct Route {
        var operation = "Unknown"
        var project: String?
        var version: String?
        var arn: String?

        init(method: String, path: String) {
            let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { SigV4Signer.percentDecode(String($0)) }
            guard segments.first == "2020-11-20" else { return }
            let s = Array(segments.dropFirst())
            switch (method, s.count) {
            case ("GET", 1) where s[0] == "projects": operation = "ListProjects"
            case ("GET", 3) where s[0] == "projects" && s[2] == "models": operation = "ListModels"; project = s[1]
            case ("GET", 4) where s[0] == "projects" && s[2] == "models": operation = "DescribeModel"; project = s[1]; version = s[3]
            case ("POST", 5) where s[0] == "projects" && s[2] == "models" && s[4] == "stop":
                operation = "StopModel"; project = s[1]; version = s[3]
            case ("POST", 5) where s[0] == "projects" && s[2] == "models" && s[4] == "start":
                operation = "StartModel"; project = s[1]; version = s[3]
            case ("GET", 2) where s[0] == "tags": operation = "ListTagsForResource"; arn = s[1]
            default: break
            }
        }
    }

    /// Runs an operation; answers the status and JSON body (errors as `{"__code", "Message"}`).
    func operate(_ route: Route, request: EmulatorRequest, query: String, region: String, at t: Double) -> (Int, [UInt8]) {
        let params = EmulatorService.queryParameters(query)
        if let p = route.project, !EmulatorService.isProjectName(p) {
            return fail(400, "ValidationException", "1 validation error detected: Value '\(p)' at 'projectName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9][a-zA-Z0-9_\\-]*")
        }
        if let v = route.version, !EmulatorService.isVersion(v, latest: route.operation == "DescribeModel") {
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
        switch route.operation {
        case "ListProjects":
            let names = state.withLock { $0.projects[region] ?? [] }
            let page = Array(names.dropFirst(offset).prefix(limit))
            var body: [String: Any] = ["Projects": page.map { ["ProjectName": $0, "ProjectArn": projectArn(region, $0), "CreationTimestamp": 1.7e9] }]
            if offset + page.count < names.count { body["NextToken"] = EmulatorService.encodeToken(offset + page.count) }
            return (200, json(body))
        case "ListModels":
            let project = route.project!
            let result: [(String, ModelState)]? = state.withLock { s in
                guard s.projects[region]?.contains(project) == true else { return nil }
                let keys = s.models.keys.filter { $0.region == region && $0.project == project }
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
                ["ModelVersion": v, "ModelArn": modelArn(region, project, v), "Status": m.status,
                 "StatusMessage": "Model status is \(m.status)", "CreationTimestamp": m.created] as [String: Any]
            }]
            if offset + page.count < models.count { body["NextToken"] = EmulatorService.encodeToken(offset + page.count) }
            return (200, json(body))
        case "DescribeModel":
            let project = route.project!
            let found: (String, ModelState)? = state.withLock { s in
                var key = ModelKey(region: region, project: project, version: route.version!)
                if route.version == "latest" {
                    guard let v = s.models.keys.filter({ $0.region == region && $0.project == project }).compactMap({ Int($0.version) }).max()
                    else { return nil }
                    key = ModelKey(region: region, project: project, version: String(v))
                }
                guard var m = s.models[key] else { return nil }
                EmulatorService.settle(&m, at: t)
                s.models[key] = m
                return (key.version, m)
            }
            guard let (v, m) = found else { return fail(404, "ResourceNotFoundException", "Model \(project) version \(route.version!) not found") }
            return (200, json(["ModelDescription": [
                "ModelVersion": v, "ModelArn": modelArn(region, project, v), "Status": m.status,
                "StatusMessage": "Model status is \(m.status)", "CreationTimestamp": m.created,
                "MinInferenceUnits": m.inferenceUnits, "MaxInferenceUnits": m.inferenceUnits,
            ] as [String: Any]]))
        case "StopModel", "StartModel":
            return transition(route, request: request, region: region, at: t)
        case "ListTagsForResource":
            let arn = route.arn ?? ""
            let parts = arn.split(separator: ":", maxSplits: 5).map(String.init)
            guard parts.count == 6, parts[2] == "lookoutvision", parts[5].hasPrefix("model/") else {
                return fail(400, "ValidationException", "Invalid resource ARN \(arn)")
            }
            let rest = parts[5].dropFirst("model/".count).split(separator: "/").map(String.init)
            guard rest.count == 2 else { return fail(400, "ValidationException", "Invalid resource ARN \(arn)") }
            let tags: [String: String]? = state.withLock { $0.models[ModelKey(region: parts[3], project: rest[0], version: rest[1])]?.tags }
            guard let tags else { return fail(404, "ResourceNotFoundException", "Resource \(arn) not found") }
            return (200, json(["Tags": tags.keys.sorted().map { ["Key": $0, "Value": tags[$0]!] }]))
        default:
            return fail(404, "UnknownOperationException", "No operation matches \(request.method) \(EmulatorService.split(request.uri).0)")
        }
    }

    /// StopModel and StartModel: status checks, asynchronous settling, idempotency tokens.
    func transition(_ route: Route, request: EmulatorRequest, region: String, at t: Double) -> (Int, [UInt8]) {
        let stop = route.operation == "StopModel"
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
        let key = ModelKey(region: region, project: route.project!, version: route.version!)
        let fingerprint = "\(route.operation) \(region) \(key.project) \(key.version)"
        return state.withLock { s in
            if let token, let previous = s.tokens[token] {
                if previous.fingerprint == fingerprint { return (previous.status, previous.body) }
                return fail(409, "ConflictException", "Client token \(token) was already used for a different request")
            }
            guard var m = s.models[key] else {
                return fail(404, "ResourceNotFoundException", "Model \(key.project) version \(key.version) not found")
            }
            EmulatorService.settle(&m, at: t)
            let from = stop ? "HOSTED" : "TRAINED"
            guard m.status == from else {
                return fail(409, "ConflictException", "Model \(key.project) version \(key.version) is \(m.status); \(route.operation) needs \(from)",
                            extra: ["ResourceId": "\(key.project)/\(key.version)", "ResourceType": "MODEL"])
            }
            m.status = stop ? "STOPPING_HOSTING" : "STARTING_HOSTING"
            m.settlesTo = stop ? "TRAINED" : "HOSTED"
            m.settlesAt = t + (stop ? configuration.stopDelay : configuration.startDelay)
            if !stop { m.inferenceUnits = units }
            s.models[key] = m
            let answer = (202, json(["Status": m.status]))
            if let token { s.tokens[token] = (answer.0, answer.1, fingerprint) }
            return answer
        }
    }

    // MARK: - Signature verification

    struct AuthResult {
        var accessKeyId: String?
        var region: String?
        var failure: (status: Int, code: String, message: String)?
    }

    /// Verifies SigV4 the way AWS does: the Authorization header's credential scope and signed
    /// headers, the clock skew of `X-Amz-Date`, the session token, then the signature itself.
    func verifySignature(_ request: EmulatorRequest, path: String, query: String, at t: Double) -> AuthResult {
        var r = AuthResult()
        guard let auth = request.header("authorization") else {
            r.failure = (403, "MissingAuthenticationTokenException", "Missing Authentication Token")
            return r
        }
        guard auth.hasPrefix("AWS4-HMAC-SHA256 ") else {
            r.failure = (400, "IncompleteSignatureException", "Unsupported authorization scheme")
            return r
        }
        var fields: [String: String] = [:]
        for part in auth.dropFirst("AWS4-HMAC-SHA256 ".count).split(separator: ",") {
            let kv = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if kv.count == 2 { fields[String(kv[0])] = String(kv[1]) }
        }
        guard let credential = fields["Credential"], let signedHeaders = fields["SignedHeaders"], let signature = fields["Signature"] else {
            r.failure = (400, "IncompleteSignatureException", "Authorization header requires Credential, SignedHeaders and Signature")
            return r
        }
        let scope = credential.split(separator: "/").map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request" else {
            r.failure = (400, "IncompleteSignatureException", "Credential should be scoped to a valid region")
            return r
        }
        r.accessKeyId = scope[0]
        r.region = scope[2]
        guard scope[3] == "lookoutvision" else {
            r.failure = (403, "InvalidSignatureException", "Credential should be scoped to correct service: 'lookoutvision'")
            return r
        }
        guard let amzDate = request.header("x-amz-date"), let signedAt = SigV4Signer.parseAmzDate(amzDate) else {
            r.failure = (400, "IncompleteSignatureException", "Missing or malformed X-Amz-Date")
            return r
        }
        guard scope[1] == String(amzDate.prefix(8)) else {
            r.failure = (403, "InvalidSignatureException", "Credential date \(scope[1]) does not match X-Amz-Date \(amzDate)")
            return r
        }
        if abs(Double(signedAt) - t) > configuration.maxClockSkew {
            r.failure = (403, "InvalidSignatureException", "Signature expired: \(amzDate) is now earlier than \(SigV4Signer.amzDate(Int(t) - Int(configuration.maxClockSkew))) (\(SigV4Signer.amzDate(Int(t))) - 5 min.)")
            return r
        }
        guard let known = configuration.credentials[scope[0]] else {
            r.failure = (403, "UnrecognizedClientException", "The security token included in the request is invalid.")
            return r
        }
        let names = Set(signedHeaders.split(separator: ";").map(String.init))
        guard names.contains("host"), names.contains("x-amz-date") else {
            r.failure = (403, "InvalidSignatureException", "Host and X-Amz-Date must be signed")
            return r
        }
        if let token = known.token {
            guard request.header("x-amz-security-token") == token, names.contains("x-amz-security-token") else {
                r.failure = (403, "UnrecognizedClientException", "The security token included in the request is invalid.")
                return r
            }
        }
        let signer = SigV4Signer(service: scope[3], region: scope[2])
        let creds = Credentials(accessKeyId: scope[0], secretAccessKey: known.secret)
        let toVerify = SigV4Signer.Request(method: request.method, path: path, query: query, headers: request.headers, body: request.body)
        let expected = signer.signature(toVerify, signedHeaders: names, credentials: creds, amzDate: amzDate)
        guard Digest.constantTimeEquals(Array(expected.utf8), Array(signature.utf8)) else {
            r.failure = (403, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
            return r
        }
        return r
    }

    // MARK: - Helpers

    func admin(_ path: String) -> EmulatorAction {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        switch path {
        case "/_emulator/requests":
            let body = (try? encoder.encode(requests)) ?? Data("[]".utf8)
            return .respond(status: 200, headers: ["Content-Type": "application/json"], body: Array(body), delay: 0)
        case "/_emulator/models":
            let t = now()
            let list: [[String: String]] = state.withLock { s in
                s.models.keys.sorted { ($0.region, $0.project, $0.version) < ($1.region, $1.project, $1.version) }.map { k in
                    var m = s.models[k]!
                    EmulatorService.settle(&m, at: t)
                    s.models[k] = m
                    return ["region": k.region, "project": k.project, "version": k.version, "status": m.status]
                }
            }
            return .respond(status: 200, headers: ["Content-Type": "application/json"], body: Array((try? encoder.encode(list)) ?? Data()), delay: 0)
        default:
            return .respond(status: 404, headers: [:], body: [], delay: 0)
        }
    }

    func record(_ t: Double, _ request: EmulatorRequest, _ route: Route, region: String?, accessKey: String?, status: Int, fault: String?) {
        let r = RequestRecord(time: t, method: request.method, uri: request.uri, operation: route.operation, region: region,
                              project: route.project, version: route.version, clientToken: request.header("x-amzn-client-token"),
                              accessKeyId: accessKey, status: status, fault: fault, connection: request.connection)
        state.withLock { $0.log.append(r) }
    }

    func fail(_ status: Int, _ code: String, _ message: String, extra: [String: String] = [:]) -> (Int, [UInt8]) {
        var body: [String: Any] = ["__code": code, "Message": message]
        for (k, v) in extra { body[k] = v }
        return (status, json(body))
    }

    func errorFromBody(_ status: Int, _ body: [UInt8], requestId: String) -> EmulatorAction {
        var object = (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:]
        let code = object.removeValue(forKey: "__code") as? String ?? "InternalServerException"
        return .respond(status: status, headers: errorHeaders(code, requestId), body: json(object), delay: 0)
    }

    func error(_ status: Int, _ code: String, _ message: String, requestId: String) -> EmulatorAction {
        .respond(status: status, headers: errorHeaders(code, requestId), body: json(["Message": message]), delay: 0)
    }

    /// As AWS sends it: the type with a `:` suffix that clients must strip.
    func errorHeaders(_ code: String, _ requestId: String) -> [String: String] {
        ["Content-Type": "application/json", "x-amzn-RequestId": requestId,
         "x-amzn-ErrorType": "\(code):http://internal.amazon.com/coral/com.amazonaws.lookoutvision/"]
    }

    func json(_ object: Any) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8))
    }

    func projectArn(_ region: String, _ project: String) -> String { "arn:aws:lookoutvision:\(region):\(account):project/\(project)" }
    func modelArn(_ region: String, _ project: String, _ version: String) -> String {
        "arn:aws:lookoutvision:\(region):\(account):model/\(project)/\(version)"
    }

    static func split(_ uri: String) -> (String, String) {
        guard let q = uri.firstIndex(of: "?") else { return (uri, "") }
        return (String(uri[..<q]), String(uri[uri.index(after: q)...]))
    }

    static func queryParameters(_ query: String) -> [String: String] {
        var out: [String: String] = [:]
        for part in query.split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            out[SigV4Signer.percentDecode(String(kv[0]))] = kv.count > 1 ? SigV4Signer.percentDecode(String(kv[1])) : ""
        }
        return out
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

/// A value behind an `NSLock` (a pthread mutex, which ThreadSanitizer understands; the futex-based
/// `Synchronization.Mutex` shows up there as false races).
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

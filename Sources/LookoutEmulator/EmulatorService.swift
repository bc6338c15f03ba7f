import Foundation
import ServiceVocabulary
import LockedValue
import Hashing
import SigV4

/// The emulated service: state, signature verification, validation, behaviour, faults, log.
/// Thread-safe; the HTTP server calls `handle` from its event loops.
///
/// This file holds the state and the path of one request; each step has its own file:
/// `+Routing` (which operation), `+SignatureVerification`, `+Faults`, `+Operations`,
/// `+Responses` (error bodies, the request log), `+Admin` (inspection, `/_emulator/`), and
/// `+Identity`, `+STS`, `+SSO` (temporary credentials).
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
        /// The service's quota: requests per second per account, region and API (a token bucket
        /// holding one second's worth); beyond it, 429 `ThrottlingException`. 0: no quota.
        public var requestsPerSecond: Double

        public init(credentials: [String: (secret: String, token: String?)], maxClockSkew: Double = 300, pageSize: Int = 100,
                    stopDelay: Double = 2, startDelay: Double = 2, requestsPerSecond: Double = 0) {
            self.requestsPerSecond = requestsPerSecond
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

    /// Where a model lives: an account and a region. Credentials see the account they act in.
    struct Place: Hashable, Sendable {
        let account: String
        let region: String
    }

    struct ModelKey: Hashable, Sendable {
        let place: Place
        let project: String
        let version: String
        var region: String { place.region }
    }

    struct State: Sendable {
        var projects: [Place: [String]] = [:]           // (account, region) -> project names, in order
        var models: [ModelKey: ModelState] = [:]
        /// Rekognition: (account, region) -> projects, in order; and their versions.
        var rekognitionProjects: [Place: [RekognitionProject]] = [:]
        var rekognitionVersions: [ModelKey: ModelState] = [:]
        /// SageMaker (`+SageMaker`): endpoints and inference components per (account, region).
        var sageMaker: [Place: SageMakerPlace] = [:]
        var faults: [FaultRule] = []
        var tokens: [String: (status: Int, body: [UInt8], fingerprint: String)] = [:]
        var log: [RequestRecord] = []
        /// STS and IAM Identity Center (`+STS`, `+SSO`).
        var identity = IdentityState()
        /// The per-(account, region, API) quota's token buckets (`Configuration.requestsPerSecond`).
        var quota: [String: (tokens: Double, updated: Double)] = [:]
        /// EventBridge's events (`+EventBridge`).
        var events = EventBridgeState()
    }

    let configuration: Configuration
    let account: String
    let now: @Sendable () -> Double
    /// Everything mutable; internal so that the `EmulatorService+*.swift` extensions reach it.
    let state: LockedValueBox<State>

    /// A service seeded from `fleet`. `now` is the emulator's clock (real by default).
    public init(fleet: Fleet, configuration: Configuration, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.configuration = configuration
        self.account = fleet.account
        self.now = now
        var s = State()
        let t = now()
        for (account, region, p) in fleet.placedProjects where p.isRekognition {
            EmulatorService.seedRekognition(p, place: Place(account: account, region: region), at: t, into: &s)
        }
        for (account, region, p) in fleet.placedProjects where p.isSageMaker {
            EmulatorService.seedSageMaker(p, place: Place(account: account, region: region), at: t, into: &s)
        }
        for (account, region, p) in fleet.placedProjects where !p.isRekognition && !p.isSageMaker {
            let place = Place(account: account, region: region)
            s.projects[place, default: []].append(p.name)
            for m in p.models {
                s.models[ModelKey(place: place, project: p.name, version: m.version)] =
                    ModelState(status: m.status, inferenceUnits: m.inferenceUnits, tags: m.tags, created: t)
            }
        }
        s.faults = fleet.faults
        s.identity = IdentityState(fleet: fleet)
        state = LockedValueBox(s)
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
        if let answer = eventBridge(request, path: path, query: query, at: t) { return answer }
        if path.hasPrefix("/_emulator/") { return admin(path) }
        if let answer = identityService(request, path: path, query: query, at: t) { return answer }
        // Rekognition (JSON 1.1) names its operation in X-Amz-Target; Lookout for Vision in the path.
        // SageMaker and Application Auto Scaling (JSON 1.1 too) likewise (`+SageMaker`, `+AutoScaling`).
        let target = JSONTarget(request)
        let rekognition = target != nil  // every JSON 1.1 service answers errors the JSON 1.1 way
        var route = target.map { jsonRoute(request, $0) } ?? Route(method: request.httpMethod, path: path)
        let requestId = UUID().uuidString.lowercased()

        // Signature first, as AWS does: an unsigned or badly signed request learns nothing.
        let auth = verifySignature(request, path: path, query: query, at: t, service: target?.signingName ?? ServiceKind.lookoutVision.signingName)
        let accessKey = auth.accessKeyId
        if let failure = auth.failure {
            record(t, request, route, region: auth.region, accessKey: accessKey, status: failure.status, fault: nil)
            return error(failure.status, failure.code, failure.message, requestId: requestId)
        }
        let region = auth.region ?? "us-east-1"
        // Credentials act in one account: the configured keys in the home account, those STS
        // issued in their role's. A request sees that account's models only.
        let place = Place(account: caller(accessKey ?? "").account, region: region)
        if target == .sageMaker { route.project = sageMakerEndpoint(of: route.version, place: place) }

        // The service's quota per account, region and API (when configured): 429 beyond it.
        if let throttled = overQuota(route, place: place, at: t, rekognition: rekognition, requestId: requestId) {
            record(t, request, route, region: region, accessKey: accessKey, status: 429, fault: "quota")
            return throttled
        }

        // Faults.
        var latency = 0.0
        let fault = takeFault(for: route)
        if let fault {
            if let action = action(for: fault, t, request, route, region: region, accessKey: accessKey, requestId: requestId) {
                return action
            }
            // A latency fault delays the answer (1 s unless said); a foreign answer only when it says so.
            if fault.kind == .latency { latency = fault.seconds ?? 1 }
            if fault.kind == .foreignAccount { latency = fault.seconds ?? 0 }
        }

        let (status, answer): (Int, [UInt8])
        switch target {
        case .rekognition: (status, answer) = operateRekognition(route, request: request, place: place, at: t)
        case .sageMaker: (status, answer) = operateSageMaker(route, request: request, place: place, at: t)
        case .autoScaling: (status, answer) = operateAutoScaling(route, request: request, place: place, at: t)
        case nil: (status, answer) = operate(route, request: request, query: query, place: place, at: t)
        }
        var body = answer
        record(t, request, route, region: region, accessKey: accessKey, status: status, fault: fault?.kind.rawValue)
        if fault?.kind == .loseAnswer { return .drop }
        if fault?.kind == .foreignAccount { body = EmulatorService.foreignARNs(body, account: place.account) }
        if rekognition { return rekognitionAnswer(status, body, requestId: requestId, delay: latency) }
        if (200..<300).contains(status) {
            return .respond(status: status, headers: ["Content-Type": "application/json", "x-amzn-RequestId": requestId],
                            body: body, delay: latency)
        }
        guard case .respond(let st, let h, let b, _) = errorFromBody(status, body, requestId: requestId) else { return .drop }
        return .respond(status: st, headers: h, body: b, delay: latency)
    }
}

import Foundation
import ServiceVocabulary

/// Amazon EventBridge's `PutEvents` beside the model services on the same port: JSON 1.1
/// (`POST /`, `X-Amz-Target: AWSEvents.PutEvents`), SigV4 for the service `events`, the
/// service's limits (1 to 10 entries, 256 KiB in all as EventBridge counts an entry, a `Detail`
/// that is a JSON object, a bus name or ARN of the service model's form), per-entry results with
/// `FailedEntryCount`, faults (every request-level kind, and `reject-entry`: that entry answered
/// `InternalFailure`), and the events it accepted, kept for `GET /_emulator/events`.
extension EmulatorService {
    /// One event the emulator accepted.
    public struct ReceivedEvent: Sendable, Codable, Equatable {
        /// When it arrived (the emulator's clock).
        public let received: Double
        /// The account of the call's credentials (the bus's).
        public let account: String
        /// The region of the call's credential scope (the bus's).
        public let region: String
        /// The bus as the entry named it (`default` when it named none).
        public let bus: String
        /// `Source`.
        public let source: String
        /// `DetailType`.
        public let detailType: String
        /// The `Detail` text as sent.
        public let detail: String
        /// `Resources`.
        public let resources: [String]
        /// The entry's `Time` (seconds since 1970), if it had one.
        public let time: Double?
        /// The `EventId` answered.
        public let eventId: String
        /// Which PutEvents call brought it (1, 2, ...), so tests see the batches.
        public let call: Int
    }

    static let eventBridgeTargetPrefix = "AWSEvents."

    /// Every event accepted so far, in order.
    public var receivedEvents: [ReceivedEvent] { state.withLockedValue { $0.events.received } }

    /// The answer to an EventBridge request (or to `GET /_emulator/events`), nil for any other.
    func eventBridge(_ request: EmulatorRequest, path: String, query: String, at t: Double) -> EmulatorAction? {
        if path == "/_emulator/events" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return .respond(status: 200, headers: ["Content-Type": "application/json"],
                            body: Array((try? encoder.encode(receivedEvents)) ?? Data("[]".utf8)), delay: 0)
        }
        guard let target = request.header("x-amz-target"), target.hasPrefix(EmulatorService.eventBridgeTargetPrefix) else { return nil }
        var route = Route(method: "", path: "")
        route.operation = String(target.dropFirst(EmulatorService.eventBridgeTargetPrefix.count))
        let requestId = UUID().uuidString.lowercased()
        let auth = verifySignature(request, path: path, query: query, at: t, service: "events")
        if let failure = auth.failure {
            record(t, request, route, region: auth.region, accessKey: auth.accessKeyId, status: failure.status, fault: nil)
            return error(failure.status, failure.code, failure.message, requestId: requestId)
        }
        let region = auth.region ?? "us-east-1"
        let place = Place(account: caller(auth.accessKeyId ?? "").account, region: region)
        if let throttled = overQuota(route, place: place, at: t, rekognition: true, requestId: requestId) {
            record(t, request, route, region: region, accessKey: auth.accessKeyId, status: 429, fault: "quota")
            return throttled
        }
        var latency = 0.0
        let fault = takeRequestFault(for: route)
        if let fault {
            if let action = action(for: fault, t, request, route, region: region, accessKey: auth.accessKeyId, requestId: requestId) {
                return action
            }
            if fault.kind == .latency { latency = fault.seconds ?? 1 }
        }
        let (status, body) = putEvents(route, request: request, place: place, at: t)
        record(t, request, route, region: region, accessKey: auth.accessKeyId, status: status, fault: fault?.kind.rawValue)
        if fault?.kind == .loseAnswer { return .drop }
        return rekognitionAnswer(status, body, requestId: requestId, delay: latency)
    }

    /// A request-level fault for the route (`reject-entry` rules are for entries, not requests).
    func takeRequestFault(for route: Route) -> FaultRule? {
        state.withLockedValue { s in
            guard let i = s.faults.firstIndex(where: { $0.kind != .rejectEntry && $0.matches(operation: route.operation, project: nil, version: nil)
                                                       && ($0.times ?? 1) > 0 }) else { return nil }
            if let n = s.faults[i].times { s.faults[i].times = n - 1 }
            return s.faults[i]
        }
    }

    /// A `reject-entry` fault for an entry about `resources` (its project and version from a model's ARN).
    func takeEntryFault(resources: [String]) -> FaultRule? {
        let path = resources.first.map { arn in
            arn.split(separator: ":", maxSplits: 5).last.map { $0.split(separator: "/").map(String.init) } ?? []
        } ?? []
        // Lookout for Vision: model/PROJECT/VERSION; Rekognition: project/PROJECT/version/VERSION/...
        let project = path.count >= 2 ? path[1] : nil
        let version = path.count >= 3 && path[0] == "model" ? path[2] : (path.count >= 4 && path[2] == "version" ? path[3] : nil)
        return state.withLockedValue { s in
            guard let i = s.faults.firstIndex(where: { $0.kind == .rejectEntry && $0.matches(operation: EventBridgeOperation.putEvents.rawValue, project: project, version: version)
                                                       && ($0.times ?? 1) > 0 }) else { return nil }
            if let n = s.faults[i].times { s.faults[i].times = n - 1 }
            return s.faults[i]
        }
    }

    func putEvents(_ route: Route, request: EmulatorRequest, place: Place, at t: Double) -> (Int, [UInt8]) {
        guard request.httpMethod == .post, request.header("content-type") == "application/x-amz-json-1.1" else {
            return fail(400, "SerializationException", "EventBridge takes POST / with Content-Type application/x-amz-json-1.1")
        }
        guard route.operation == EventBridgeOperation.putEvents.rawValue else {
            return fail(400, "UnknownOperationException", "The emulator serves EventBridge's PutEvents only")
        }
        guard let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any],
              let entries = body["Entries"] as? [[String: Any]] else {
            return fail(400, "ValidationException", "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null")
        }
        guard (1...10).contains(entries.count) else {
            return fail(400, "ValidationException", "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10")
        }
        // The service's own size rule: Time 14 bytes, then Source, DetailType, Detail and Resources in UTF-8.
        let total = entries.reduce(0) { sum, e in
            sum + (e["Time"] != nil ? 14 : 0) + ((e["Source"] as? String)?.utf8.count ?? 0) + ((e["DetailType"] as? String)?.utf8.count ?? 0)
                + ((e["Detail"] as? String)?.utf8.count ?? 0) + ((e["Resources"] as? [String])?.reduce(0) { $0 + $1.utf8.count } ?? 0)
        }
        guard total <= 262_144 else {
            return fail(400, "ValidationException", "Total size of the entries in the request is over the limit.")
        }
        for e in entries {
            if let bus = e["EventBusName"] as? String, !EmulatorService.isBusNameOrArn(bus) {
                return fail(400, "ValidationException", "1 validation error detected: Value '\(bus)' at 'entries.eventBusName' failed to satisfy constraint: Member must satisfy regular expression pattern")
            }
        }
        let call = state.withLockedValue { s -> Int in s.events.calls += 1; return s.events.calls }
        var results: [[String: Any]] = []
        var failed = 0
        for e in entries {
            let source = e["Source"] as? String ?? "", type = e["DetailType"] as? String ?? "", detail = e["Detail"] as? String ?? ""
            let resources = e["Resources"] as? [String] ?? []
            func reject(_ code: String, _ message: String) {
                failed += 1
                results.append(["ErrorCode": code, "ErrorMessage": message])
            }
            if source.isEmpty || type.isEmpty || detail.isEmpty {
                reject("InvalidArgument", "Parameters Source, DetailType and Detail are required.")
                continue
            }
            guard (try? JSONSerialization.jsonObject(with: Data(detail.utf8))) is [String: Any] else {
                reject("MalformedDetail", "Detail is malformed.")
                continue
            }
            if let fault = takeEntryFault(resources: resources) {
                reject("InternalFailure", fault.message ?? "The entry could not be put on the event bus.")
                continue
            }
            let id = UUID().uuidString.lowercased()
            let bus = (e["EventBusName"] as? String).map { $0.split(separator: "/").last.map(String.init) ?? $0 } ?? "default"
            let event = ReceivedEvent(received: t, account: place.account, region: place.region, bus: bus, source: source, detailType: type,
                                      detail: detail, resources: resources, time: (e["Time"] as? NSNumber)?.doubleValue, eventId: id, call: call)
            state.withLockedValue { $0.events.received.append(event) }
            results.append(["EventId": id])
        }
        return (200, json(["FailedEntryCount": failed, "Entries": results] as [String: Any]))
    }

    /// The service model's `NonPartnerEventBusNameOrArn`.
    static func isBusNameOrArn(_ s: String) -> Bool {
        let name = s.hasPrefix("arn:") ? (s.split(separator: "/", maxSplits: 1).last.map(String.init) ?? "") : s
        let arnOK = !s.hasPrefix("arn:") || (s.contains(":events:") && s.contains(":event-bus/"))
        return arnOK && (1...256).contains(name.utf8.count) && s.utf8.count <= 1600
            && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E || $0 == 0x2D || $0 == 0x5F }
    }
}

/// What the emulator's EventBridge holds: the events accepted, and the PutEvents calls counted.
struct EventBridgeState: Sendable {
    var received: [EmulatorService.ReceivedEvent] = []
    var calls = 0
}

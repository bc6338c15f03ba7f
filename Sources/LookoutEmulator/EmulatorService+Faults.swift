import Foundation
import ServiceVocabulary

/// Faults: the first matching rule (from the fleet file or `inject(_:)`) replaces or delays the answer.
extension EmulatorService {
    /// The first fault rule that matches the request and has uses left; one use is spent.
    func takeFault(for route: Route) -> FaultRule? {
        state.withLockedValue { s in
            guard let i = s.faults.firstIndex(where: { $0.matches(operation: route.operation, project: route.project, version: route.version) && ($0.times ?? 1) > 0 })
            else { return nil }
            let f = s.faults[i]
            if let n = f.times { s.faults[i].times = n - 1 }
            return f
        }
    }

    /// What a fault does instead of the operation (recorded in the request log), or nil for a
    /// latency fault, which delays the normal answer.
    func action(for fault: FaultRule, _ t: Double, _ request: EmulatorRequest, _ route: Route, region: String, accessKey: String?,
                requestId: String) -> EmulatorAction? {
        switch fault.kind {
        case .latency, .loseAnswer, .foreignAccount, .rejectEntry:
            return nil
        case .drop:
            record(t, request, route, region: region, accessKey: accessKey, status: 0, fault: fault.kind.rawValue)
            return .drop
        case .hang:
            record(t, request, route, region: region, accessKey: accessKey, status: 0, fault: fault.kind.rawValue)
            return .hang
        case .throttle:
            record(t, request, route, region: region, accessKey: accessKey, status: 429, fault: fault.kind.rawValue)
            var r = error(429, AWSErrorCode.throttling.rawValue, fault.message ?? "Rate exceeded", requestId: requestId)
            if case .respond(let st, var h, let b, let d) = r {
                h["Retry-After"] = String(Int((fault.seconds ?? 1).rounded(.up)))
                r = .respond(status: st, headers: h, body: b, delay: d)
            }
            return r
        case .error500:
            record(t, request, route, region: region, accessKey: accessKey, status: 500, fault: fault.kind.rawValue)
            return error(500, AWSErrorCode.internalServer.rawValue, fault.message ?? "Internal server error", requestId: requestId)
        case .nonJSON:
            record(t, request, route, region: region, accessKey: accessKey, status: 503, fault: fault.kind.rawValue)
            return .respond(status: 503, headers: ["Content-Type": "text/html", "x-amzn-RequestId": requestId],
                            body: Array("<html><body><h1>503 Service Unavailable</h1></body></html>".utf8), delay: 0)
        case .accessDenied:
            record(t, request, route, region: region, accessKey: accessKey, status: 403, fault: fault.kind.rawValue)
            return error(403, AWSErrorCode.accessDenied.rawValue, fault.message ?? "User is not authorized to perform: lookoutvision:\(route.operation)", requestId: requestId)
        }
    }

    /// A `foreign-account` answer: every ARN of `account` in `body` names `FaultRule.foreignAccount` instead.
    static func foreignARNs(_ body: [UInt8], account: String) -> [UInt8] {
        Array(String(decoding: body, as: UTF8.self).replacingOccurrences(of: ":\(account):", with: ":\(FaultRule.foreignAccount):").utf8)
    }
}

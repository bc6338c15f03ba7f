import Foundation
import ServiceVocabulary

/// The services' request quotas, as AWS applies them: per account, per region, per API. A token
/// bucket per (account, region, operation) fills at `requestsPerSecond` and holds one second's
/// worth; a request that finds it empty is throttled (429 `ThrottlingException`, `Retry-After: 1`)
/// and recorded with the fault `quota`, so a benchmark can count every throttled request.
extension EmulatorService {
    /// A request that arrives this much early is still let through: network jitter between a
    /// client's own limiter and the server, not a client going too fast.
    static let quotaTolerance = 0.02

    /// The throttling answer when the request exceeds its quota, else nil (and a token is spent).
    func overQuota(_ route: Route, place: Place, at t: Double, rekognition: Bool, requestId: String) -> EmulatorAction? {
        let rate = configuration.requestsPerSecond
        guard rate > 0 else { return nil }
        let key = "\(place.account)/\(place.region)/\(route.operation)"
        let allowed: Bool = state.withLockedValue { s in
            let burst = max(1, rate)
            var b = s.quota[key] ?? (burst, t)
            b.tokens = min(burst, b.tokens + max(0, t - b.updated) * rate)
            b.updated = t
            let ok = b.tokens >= 1 - EmulatorService.quotaTolerance * rate
            if ok { b.tokens -= 1 }
            s.quota[key] = b
            return ok
        }
        guard !allowed else { return nil }
        if rekognition {
            return .respond(status: 400, headers: ["Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": requestId],
                            body: json(["__type": AWSErrorCode.throttling.rawValue, "Message": "Rate exceeded"]), delay: 0)
        }
        guard case .respond(let status, var headers, let body, _) = error(429, AWSErrorCode.throttling.rawValue, "Rate exceeded", requestId: requestId)
        else { return nil }
        headers["Retry-After"] = "1"
        return .respond(status: status, headers: headers, body: body, delay: 0)
    }
}

import Foundation

/// A client-side rate limit: a token bucket per API, so that a large fleet does not trip the
/// service's quotas (Lookout for Vision allows about 5 requests per second per API).
public actor RateLimiter {
    /// Requests per second allowed for each API.
    public let perSecond: Double
    /// Requests that may go at once after a pause.
    public let burst: Double
    private var buckets: [String: (tokens: Double, updated: Double)] = [:]
    private let clock: @Sendable () -> Double

    /// A limiter; `perSecond <= 0` means unlimited.
    public init(perSecond: Double, burst: Double? = nil, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.perSecond = perSecond
        self.burst = max(1, burst ?? perSecond)
        self.clock = clock
    }

    /// Waits until a request to `api` may go.
    public func acquire(_ api: String) async throws {
        guard perSecond > 0 else { return }
        while true {
            let now = clock()
            var b = buckets[api] ?? (burst, now)
            b.tokens = min(burst, b.tokens + (now - b.updated) * perSecond)
            b.updated = now
            if b.tokens >= 1 {
                b.tokens -= 1
                buckets[api] = b
                return
            }
            // Reserve the next token by going negative, then sleep until it exists.
            b.tokens -= 1
            buckets[api] = b
            let wait = -b.tokens / perSecond
            try await Task.sleep(nanoseconds: UInt64(max(0, wait) * 1e9))
            return
        }
    }
}

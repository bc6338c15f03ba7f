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

    /// The rate limit would make the request wait past its deadline.
    public struct WouldPassDeadline: Error, Sendable {
        /// Seconds it would have had to wait.
        public let wait: Double
    }

    /// Waits until a request to `api` may go; with `deadline` (a time on this limiter's clock),
    /// never past it: a wait that would end after the deadline is not taken (and its token not
    /// reserved), and `WouldPassDeadline` is thrown at once.
    public func acquire(_ api: String, deadline: Double? = nil) async throws {
        guard perSecond > 0 else { return }
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
        let wait = (1 - b.tokens) / perSecond
        if let deadline, now + wait > deadline { throw WouldPassDeadline(wait: wait) }
        b.tokens -= 1
        buckets[api] = b
        try await Task.sleep(nanoseconds: UInt64(max(0, wait) * 1e9))
    }
}

import Foundation

/// A client-side rate limit: a token bucket per API, so that a large fleet does not trip the
/// service's quotas (Lookout for Vision allows about 5 requests per second per API).
///
/// The service keeps a bucket of its own, holding one second's worth of requests and filled by
/// the time requests *arrive*; ours is filled by the time they *leave*. Two requests that leave a
/// token's time apart can arrive closer together (scheduling, connection set-up, the network), so
/// by default our bucket holds one token less than the service's: the service's bucket never runs
/// below one token of slack, and a request up to one token's time early (200 ms at 5/s) still finds
/// a token. And when the service throttles anyway, the bucket is emptied (`throttled`): the next
/// request of that API waits a whole token's time, as the SDKs' adaptive mode backs off.
public actor RateLimiter {
    /// Requests per second allowed for each API.
    public let perSecond: Double
    /// Requests that may go at once after a pause (default: one second's worth, less one).
    public let burst: Double
    private var buckets: [String: (tokens: Double, updated: Double)] = [:]
    private let clock: @Sendable () -> Double

    /// A limiter; `perSecond <= 0` means unlimited.
    public init(perSecond: Double, burst: Double? = nil, clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.perSecond = perSecond
        self.burst = max(1, burst ?? (perSecond - 1))
        self.clock = clock
    }

    /// The rate limit would make the request wait past its deadline.
    public struct WouldPassDeadline: Error, Sendable {
        /// Seconds it would have had to wait.
        public let wait: Double
    }

    /// The service throttled a request to `api`: no token is left (the next request waits for one).
    public func throttled(_ api: String) {
        guard perSecond > 0 else { return }
        let now = clock()
        var b = buckets[api] ?? (burst, now)
        b.tokens = min(0, min(burst, b.tokens + (now - b.updated) * perSecond))
        b.updated = now
        buckets[api] = b
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

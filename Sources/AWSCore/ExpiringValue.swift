import Foundation

/// A value that expires (temporary credentials, an access token), kept until `refreshMargin`
/// seconds before it does. When it must be refreshed, the refresh in flight is shared: every caller
/// that asks meanwhile awaits the same task, so concurrent calls never each refresh.
public actor ExpiringValue<Value: Sendable> {
    /// Refresh this many seconds before expiry.
    public nonisolated let refreshMargin: Double
    let now: @Sendable () -> Double
    private var cached: (value: Value, expiration: Double?)?
    /// The refresh in flight, awaited by every caller that asks while it runs.
    private var refreshing: Task<(value: Value, expiration: Double?), any Error>?
    /// Refreshes started (tests of the single flight).
    public private(set) var refreshes = 0

    /// An empty cache. `now` is a seam for tests.
    public init(refreshMargin: Double = 300, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.refreshMargin = refreshMargin
        self.now = now
    }

    /// The cached value while it is fresh (a value without expiration stays fresh); otherwise the
    /// result of `refresh`, run once for all callers. A failed refresh is not cached: the next
    /// caller tries again.
    public func value(refresh: @escaping @Sendable () async throws -> (value: Value, expiration: Double?)) async throws -> Value {
        if let c = cached, c.expiration.map({ $0 - refreshMargin > now() }) ?? true { return c.value }
        if let refreshing { return try await refreshing.value.value }
        refreshes += 1
        let task = Task { try await refresh() }
        refreshing = task
        defer { refreshing = nil }
        let fresh = try await task.value
        cached = fresh
        return fresh.value
    }

    /// Forgets the cached value: the next caller refreshes.
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a mutex, shared by reference: the one place the tool keeps mutable state that
/// several threads touch (swift-nio's `NIOLockedValueBox`). It is `Sendable` only when its value
/// is, so a box cannot smuggle a non-`Sendable` value across threads.
///
/// The mutex is a pthread mutex, which ThreadSanitizer understands (the futex-based
/// `Synchronization.Mutex` shows up there as false races), and the box needs no Foundation.
public final class LockedValueBox<Value> {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// A box holding `value`.
    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "pthread_mutex_init failed: \(status)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the value, nobody else touching it meanwhile.
    public func withLockedValue<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }

    /// A copy of the value as it is now.
    public var snapshot: Value { withLockedValue { $0 } }
}

// @unchecked: every access to `value` goes through `withLockedValue`, under the mutex; the
// conformance holds only for `Sendable` values, as `NIOLockedValueBox`'s does.
extension LockedValueBox: @unchecked Sendable where Value: Sendable {}

import Foundation
import LockedValue

/// Bounds a wait that cannot bound itself (a credential source): the first of the work and the
/// deadline wins. When the deadline does, the work is cancelled and left behind (it may not
/// notice cancellation: a helper process has its own timeout), and the caller goes on at once.
public enum Deadline {
    /// The time ran out.
    public struct Passed: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Resumes a continuation once, whoever comes first.
    private final class Once<T: Sendable>: Sendable {
        private struct State: Sendable {
            var continuation: CheckedContinuation<T, any Error>?
            var tasks: [Task<Void, Never>] = []
        }
        private let state: LockedValueBox<State>
        init(_ c: CheckedContinuation<T, any Error>) { state = LockedValueBox(State(continuation: c)) }
        func finish(_ result: Result<T, any Error>) {
            let (c, others): (CheckedContinuation<T, any Error>?, [Task<Void, Never>]) = state.withLockedValue { state in
                defer { state.continuation = nil }
                return (state.continuation, state.tasks)
            }
            guard let c else { return }
            others.forEach { $0.cancel() }
            c.resume(with: result)
        }
        func add(_ t: Task<Void, Never>) {
            let finished = state.withLockedValue { state in
                state.tasks.append(t)
                return state.continuation == nil
            }
            if finished { t.cancel() }
        }
    }

    /// Runs `work`, giving up after `seconds` with `Passed`.
    public static func run<T: Sendable>(within seconds: Double, what: String,
                                        _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        guard seconds > 0 else { throw Passed(description: "no time left for \(what)") }
        return try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
            let once = Once(c)
            once.add(Task {
                do { once.finish(.success(try await work())) } catch { once.finish(.failure(error)) }
            })
            once.add(Task {
                try? await Task.sleep(nanoseconds: UInt64(min(seconds, 86_400) * 1e9))
                if !Task.isCancelled { once.finish(.failure(Passed(description: "\(what) took longer than \(Int(seconds.rounded(.up))) s"))) }
            })
        }
    }
}

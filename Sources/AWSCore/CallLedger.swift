import LockedValue
import ServiceVocabulary

/// The requests sent, per operation (its wire name, `StopModel`), retries included: soto's
/// middleware idea, fed in one place, `AWSServiceClient.send`, one count per HTTP request that
/// left (a request the transport refused before sending it is none). One ledger per run, given
/// to every client of the run through `AWSServiceClient.Options.ledger`; the run's `calls`
/// (report, JSON, metrics) are read from it.
public final class CallLedger: Sendable {
    /// What the ledger held at one moment: the start of a run whose clients it outlives.
    public struct Mark: Sendable {
        let totals: [String: Int]
    }

    private let counts = LockedValueBox<[String: Int]>([:])

    /// An empty ledger.
    public init() {}

    /// Counts one request of `api` sent (the client's one feed).
    func recordRequest(api: String) {
        counts.withLockedValue { $0[api, default: 0] += 1 }
    }

    /// Requests of `operation` sent so far.
    public func requests<Operation: ServiceOperation>(of operation: Operation) -> Int {
        counts.withLockedValue { $0[operation.rawValue] ?? 0 }
    }

    /// Requests sent so far, by the operation's wire name.
    public var totals: [String: Int] { counts.snapshot }

    /// The ledger now, to count from (`totals(since:)`).
    public func mark() -> Mark { Mark(totals: counts.snapshot) }

    /// Requests sent since `mark`, by the operation's wire name (operations with none left out).
    public func totals(since mark: Mark) -> [String: Int] {
        var out: [String: Int] = [:]
        for (api, n) in counts.snapshot where n > mark.totals[api] ?? 0 { out[api] = n - (mark.totals[api] ?? 0) }
        return out
    }
}

import HostingSchedule

/// `audit --by`: how the rows of the grouped report are formed.
public enum AuditGrouping: String, CaseIterable, Sendable {
    /// The UTC month of the decision (`2026-11`); a stop's whole saving counts in its month.
    case month
    /// The account (`AuditSummary.accountLabel`; `none` for records that name none).
    case account
    /// The service (`lookoutvision` for records that name none).
    case service
    /// The project (at most `--model-limit` by name; later ones under `(other projects)`).
    case project
}

/// The rows of `audit --by`, gathered from what the summary's one pass sees
/// (`AuditSummary.Event`): each row counts with `RunCounts` and sums `Savings`, the same types as
/// the totals, so the rows add up to the totals. No I/O.
public struct AuditGroupTally: AuditSummaryObserver, Sendable {
    /// One group's figures.
    public struct Row: Sendable, Equatable {
        /// Its decisions, counted as a run counts them (`stopped`, `failures`).
        public var counts = RunCounts()
        /// Its stops' savings.
        public var savings = Savings()
    }

    /// The grouping.
    public let by: AuditGrouping
    /// At most this many projects by name (`--model-limit`).
    let limit: Int
    /// The rows, by group name.
    public private(set) var rows: [String: Row] = [:]
    /// The row of failed listings when grouping by anything but month (they concern no one
    /// project, service or account).
    public static let listings = "(listings)"
    /// The row of the projects beyond the limit.
    public static let otherProjects = "(other projects)"

    /// An empty tally.
    public init(by: AuditGrouping, modelLimit: Int = AuditSummary.modelLimit) {
        self.by = by
        limit = modelLimit
    }

    /// The rows, ordered by name (months in time order).
    public var sortedRows: [(group: String, row: Row)] { rows.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    /// The UTC month of instant `t`: `2026-11`.
    public static func month(of t: Int) -> String { String(InstantFormat.utc(t).prefix(7)) }

    /// Adds what the pass saw to its group's row.
    public mutating func observe(_ event: AuditSummary.Event) {
        switch event {
        case .runStarted: break
        case .listingsFailed(let n, let t): rows[by == .month ? AuditGroupTally.month(of: t) : AuditGroupTally.listings, default: Row()].counts.addDiscoveryFailure(n)
        case .decided(let seen): rows[group(of: seen), default: Row()].counts.add(seen.action, seen.outcome, wasHosted: false)
        case .outcomeUnknown(let seen): rows[group(of: seen), default: Row()].counts.addOutcomeUnknown()
        case .saved(let savings, let seen): rows[group(of: seen), default: Row()].savings += savings
        }
    }

    /// The group of a decision.
    func group(of seen: AuditSummary.Seen) -> String {
        switch by {
        case .month: return AuditGroupTally.month(of: seen.at)
        case .account: return seen.account
        case .service: return seen.service
        case .project: return rows[seen.project] != nil || rows.count < limit ? seen.project : AuditGroupTally.otherProjects
        }
    }
}

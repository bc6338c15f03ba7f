import Foundation
import HostingSchedule

/// What `audit` counts: the filters of its options.
extension AuditSummary {
    /// Which records count.
    public struct Filter: Sendable {
        public var since: Int?
        public var until: Int?
        /// Only projects matching this pattern.
        public var project: Glob?
        public var version: String?
        /// Only this outcome, or this decision (for records without an outcome).
        public var outcome: OutcomeFilter?
        /// Only this service (records that name none are Lookout for Vision's).
        public var service: ServiceKind?
        /// Only this account: its name in the rule file (`account_name`) or its 12-digit id (`account_id`).
        public var account: String?
        /// The period of the report (`--from`/`--to`): only the decisions and runs inside
        /// `[from, to)` count, but every record of the log (within `since`/`until`) still ends a
        /// saving or shows how far the log reaches, and savings stop at `to`.
        public var from: Int?
        public var to: Int?
        public init(since: Int? = nil, until: Int? = nil, project: Glob? = nil, version: String? = nil, outcome: OutcomeFilter? = nil,
                    service: ServiceKind? = nil, account: String? = nil, from: Int? = nil, to: Int? = nil) {
            self.from = from
            self.to = to
            self.service = service
            self.account = account
            self.since = since
            self.until = until
            self.project = project
            self.version = version
            self.outcome = outcome
        }
    }

    /// `audit --outcome`: an outcome (`stopped`) or an action (`keep`), by its word.
    public enum OutcomeFilter: Sendable, Equatable {
        case outcome(Outcome)
        case action(Action)

        /// The filter for a word, or nil when it is neither an outcome nor an action.
        public init?(_ word: String) {
            if let o = Outcome(rawValue: word) { self = .outcome(o) } else if let a = Action(rawValue: word) { self = .action(a) } else { return nil }
        }

        /// Every word accepted, for messages.
        public static var words: [String] { Outcome.allCases.map(\.rawValue) + Action.allCases.map(\.rawValue) }

        func matches(_ action: Action, _ outcome: Outcome?) -> Bool {
            switch self {
            case .outcome(let o): return outcome == o
            case .action(let a): return outcome == nil && action == a
            }
        }
    }
}

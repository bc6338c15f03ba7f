import Foundation
import HostingSchedule

/// What the summary's one pass tells an observer (the audit page groups the same figures).
extension AuditSummary {
    /// What one decision that passed the filters was, for an observer.
    public struct Seen: Sendable {
        /// The decision instant.
        public let at: Int
        public let project: String
        /// `lookoutvision` when the record names no service.
        public let service: String
        /// `AuditSummary.accountLabel`.
        public let account: String
        public let action: Action
        public let outcome: Outcome?
        /// As `stopsPerModel` names it.
        public let model: String
        public let runId: String?
        public let evalTime: String?
        /// True when the record names a service or an account.
        public let namesServiceOrAccount: Bool
    }

    /// What a pass over the log sees, in order.
    public enum Event: Sendable {
        /// A run started (within `since`/`until`).
        case runStarted(at: Int, evalTime: String?)
        /// A run's listings that failed (counted when no model filter is set).
        case listingsFailed(Int, at: Int)
        /// A decision that passed the filters.
        case decided(Seen)
        /// A stop's saving, realized and projected, once it is known (when its model is seen hosted
        /// again, when its next window has passed, or at the end of the log).
        case saved(Savings, by: Seen)
        /// A stop or start sent whose outcome the log does not hold (its run ended without it).
        case outcomeUnknown(Seen)
    }
}

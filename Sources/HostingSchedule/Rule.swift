import ServiceVocabulary

/// One entry of the rule list: which models it covers and the schedule they follow.
public struct Rule: Sendable, CustomStringConvertible {
    /// Which model versions a rule covers.
    public enum VersionSelector: Sendable, CustomStringConvertible {
        /// Every version.
        case all
        /// Versions matching any of these patterns (exact versions are patterns without wildcards).
        case matching([Glob])

        /// Whether `version` is selected.
        public func matches(_ version: String) -> Bool {
            switch self {
            case .all: return true
            case .matching(let globs): return globs.contains { $0.matches(version) }
            }
        }

        public var description: String {
            switch self {
            case .all: return "*"
            case .matching(let globs): return globs.map(\.pattern).joined(separator: ",")
            }
        }
    }

    /// Position in the rule list, from 1.
    public let number: Int
    /// The line in the rule file where the rule starts (0 when built in code).
    public let line: Int
    /// The project-name pattern.
    public let project: Glob
    /// The versions covered.
    public let versions: VersionSelector
    /// The region the rule is limited to (its own, or the file's default), or nil for any region.
    public let region: String?
    /// The service whose models the rule covers (its own, or the file's default).
    public let service: ServiceKind
    /// The accounts whose models the rule covers (`account:`; without it, the home account).
    public let account: AccountSelector
    /// Seconds a model must have been seen hosted outside its windows before it is stopped (its
    /// own `grace`, else its schedule's, else none): room for a person's manual start.
    public let grace: Int
    /// Starts at window opening, when the rule asks for them.
    public let start: StartPolicy?
    /// The schedule the covered models follow.
    public let schedule: Schedule
    /// SageMaker: the price of one copy-hour of the rule's components (`price_per_copy_hour`),
    /// else its schedule's, else the rule file's default.
    public var pricePerCopyHour: Double? = nil

    /// A rule.
    public init(number: Int, line: Int = 0, project: Glob, versions: VersionSelector = .all, region: String? = nil,
                service: ServiceKind = .default, account: AccountSelector = .home, grace: Int? = nil, start: StartPolicy? = nil,
                schedule: Schedule) {
        self.number = number
        self.line = line
        self.project = project
        self.versions = versions
        self.region = region
        self.service = service
        self.account = account
        self.schedule = schedule
        self.grace = grace ?? schedule.grace ?? 0
        self.start = start
    }

    /// Whether the rule covers a model of `service` in the account named `modelAccount` (nil: the home account).
    public func covers(project name: String, version: String, region modelRegion: String?, service modelService: ServiceKind = .default,
                       account modelAccount: String? = nil) -> Bool {
        if service != modelService { return false }
        if !account.matches(modelAccount) { return false }
        if let region, let modelRegion, region != modelRegion { return false }
        return project.matches(name) && versions.matches(version)
    }

    /// `rule 2 (project weld-*, versions *, region us-east-1 -> night-shift)`.
    public var description: String {
        "rule \(number) (\(account == .home ? "" : "account \(account), ")\(service == .default ? "" : "service \(service), ")project \(project), versions \(versions)\(region.map { ", region \($0)" } ?? "") -> \(schedule.name))"
    }
}

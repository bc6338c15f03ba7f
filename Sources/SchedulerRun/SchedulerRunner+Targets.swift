import AuditTrail
import HostingSchedule
import ModelHosting

/// Where a run goes: the (account, service, region) targets its rules cover.
extension SchedulerRunner {
    /// Where a run goes: one service in one region of one account.
    public struct Target: Sendable, Hashable, Comparable {
        public let service: ServiceKind
        public let region: String
        /// The declared account (its name in the rule file); nil for the home account.
        public let account: String?
        public init(service: ServiceKind, region: String, account: String? = nil) {
            self.service = service
            self.region = region
            self.account = account
        }
        /// The home account first, then accounts by name; then service and region.
        public static func < (a: Target, b: Target) -> Bool {
            if a.account != b.account {
                guard let x = a.account else { return true }
                guard let y = b.account else { return false }
                return x < y
            }
            return (a.service, a.region) < (b.service, b.region)
        }
    }

    /// The (account, service, region) triples a run covers. In the home account: every rule's
    /// service in the rule's region, or in `commandLineRegion` for rules that name none. In a
    /// declared account: the service of each rule that names it, in the rule's own region, else in
    /// the account's regions: its `regions:`, else the regions its rules name, else
    /// `defaults.region`, else `commandLineRegion`. (A rule limited to a region outside the
    /// account's `regions:` never applies there.) `missing` when some rule has no region at all.
    public static func targets(of ruleSet: RuleSet, commandLineRegion: String?) -> (targets: [Target], missing: Bool) {
        var set = Set<Target>()
        var missing = false
        for r in ruleSet.rules where r.account == .home {
            if let region = r.region ?? commandLineRegion { set.insert(Target(service: r.service, region: region)) } else { missing = true }
        }
        for account in ruleSet.accounts {
            let rules = ruleSet.rules(ofAccount: account.name)
            guard !rules.isEmpty else { continue }
            var regions = account.regions
            if regions.isEmpty { regions = Array(Set(rules.compactMap(\.region))).sorted() }
            if regions.isEmpty, let region = ruleSet.defaultRegion ?? commandLineRegion { regions = [region] }
            for r in rules {
                if let own = r.region {
                    if regions.contains(own) { set.insert(Target(service: r.service, region: own, account: account.name)) }
                } else if regions.isEmpty {
                    missing = true
                } else {
                    for region in regions { set.insert(Target(service: r.service, region: region, account: account.name)) }
                }
            }
        }
        return (set.sorted(), missing)
    }
}

extension SchedulerRunner.Target {
    /// The target a service serves: its kind, its region, its account.
    init(of service: any ModelHostingService) {
        self.init(service: service.kind, region: service.region, account: service.account?.name)
    }

    /// The rules that apply in this target: those of its service, limited to its region or to
    /// none, that match its account. The one definition the run's listings and its setup read.
    public func rules(in ruleSet: RuleSet) -> [Rule] {
        ruleSet.rules.filter { $0.service == service && ($0.region == nil || $0.region == region) && $0.account.matches(account) }
    }
}

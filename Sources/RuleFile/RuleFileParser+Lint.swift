import HostingSchedule
import Yams

/// Warnings about files that load but are probably not what the author meant: rules that never
/// apply, schedules that no rule uses, schedules that never host.
extension RuleFileParser {
    func warnAboutShadowedRules(_ rules: [Rule], nodes: [Node]) {
        // Only an earlier rule with the same project, or a pattern, can cover a later rule: index
        // them so that a file of thousands of rules is checked in about linear time.
        var byProject: [String: [Rule]] = [:]
        var patterns: [Rule] = []
        for later in rules {
            defer {
                if later.project.isLiteral { byProject[later.project.pattern, default: []].append(later) } else { patterns.append(later) }
            }
            // The first covering rule in file order: the first of each list, whichever comes first.
            let named = (byProject[later.project.pattern] ?? []).first { RuleFileParser.covers($0, later) }
            let pattern = patterns.first { RuleFileParser.covers($0, later) }
            guard let earlier = [named, pattern].compactMap({ $0 }).min(by: { $0.number < $1.number }) else { continue }
            report(.warning, location(nodes[later.number - 1]),
                   "rule \(later.number) never applies: rule \(earlier.number) (line \(earlier.line)) comes first and covers every model it covers")
        }
    }

    func warnAboutUnusedSchedules(_ scheduleNodes: [String: Node], used: Set<String>) {
        for (name, node) in scheduleNodes.sorted(by: { $0.key < $1.key }) where !used.contains(name) {
            report(.warning, location(node), "schedule '\(name)' is not used by any rule")
        }
    }

    func warnAboutSchedulesThatNeverHost(_ schedules: [String: Schedule], nodes scheduleNodes: [String: Node]) {
        for (name, sch) in schedules where !RuleFileParser.canEverHost(sch) {
            report(.warning, location(scheduleNodes[name]),
                   "schedule '\(name)' never hosts: no window can open on any date (check days, months, valid_from/valid_until and holidays)")
        }
    }

    /// Whether every model that `b` covers is covered by `a` (a conservative check).
    static func covers(_ a: Rule, _ b: Rule) -> Bool {
        if a.service != b.service { return false }
        if let ra = a.region, ra != b.region { return false }
        switch (a.account, b.account) {
        case (.home, .home): break
        case (.matching(let ga), .matching(let gb)):
            guard ga.matchesEverything || ga.pattern == gb.pattern || (gb.isLiteral && ga.matches(gb.pattern)) else { return false }
        default: return false
        }
        let projectCovered = a.project.matchesEverything || a.project.pattern == b.project.pattern
            || (b.project.isLiteral && a.project.matches(b.project.pattern))
        guard projectCovered else { return false }
        switch (a.versions, b.versions) {
        case (.all, _): return true
        case (.matching(let ga), .matching(let gb)):
            if ga.contains(where: \.matchesEverything) { return true }
            return gb.allSatisfy { g in ga.contains { $0.pattern == g.pattern || (g.isLiteral && $0.matches(g.pattern)) } }
        case (.matching(let ga), .all): return ga.contains(where: \.matchesEverything)
        }
    }

    /// Whether some window of the schedule can open on some date (checked over 28 years of dates
    /// within its validity, which covers every weekday-and-date combination).
    static func canEverHost(_ s: Schedule) -> Bool {
        let start = s.constraints.validFrom ?? LocalDate(year: 2000, month: 1, day: 1)!
        var d = start.daysSinceEpoch
        let end = min(s.constraints.validUntil?.daysSinceEpoch ?? Int.max, d + 28 * 366 + 366)
        while d <= end {
            let date = LocalDate(daysSinceEpoch: d)
            if !s.holidays.contains(date) && s.constraints.allows(date) {
                for w in s.windows where w.constraints.allows(date) {
                    switch w.opening {
                    case .weekly(let days, _, _): if days.contains(date.weekday) { return true }
                    case .cron(let e, _): if e.matches(date) { return true }
                    }
                }
            }
            d += 1
        }
        return false
    }
}

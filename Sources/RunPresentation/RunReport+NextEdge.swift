import HostingSchedule
import SchedulerRun

extension RunReport {
    /// `next edge: 2026-11-30T18:00:00Z: office-hours closes (rules 1, 3)`: when a timer at the
    /// window edges next runs (README, "Runs at the window edges").
    static func nextEdgeLine(_ edge: RuleSet.Edge?) -> String {
        guard let edge else { return "next edge: none within ten years\n" }
        var groups: [(schedule: String, change: ScheduleEdge.Change, rules: [Int])] = []
        for c in edge.changes {
            if let i = groups.firstIndex(where: { $0.schedule == c.rule.schedule.name && $0.change == c.change }) {
                groups[i].rules.append(c.rule.number)
            } else {
                groups.append((c.rule.schedule.name, c.change, [c.rule.number]))
            }
        }
        let what = groups.map { g in
            "\(g.schedule) \(g.change.rawValue) (rule\(g.rules.count == 1 ? "" : "s") \(g.rules.map(String.init).joined(separator: ", ")))"
        }
        return "next edge: \(InstantFormat.utc(edge.instant)): \(what.joined(separator: "; "))\n"
    }
}

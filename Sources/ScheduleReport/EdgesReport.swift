import Foundation
import HostingSchedule
import Rendering
import RuleFile

/// The window edges of a rule file over a range of time: every instant at which some rule's
/// window opens or closes (what `lookout-scheduler edges` prints), and a systemd timer that runs
/// at each of them. The edges are the boundaries of the hosted intervals `windows` shows (the
/// same evaluator), so the two always agree.
public struct EdgesReport: Sendable {
    /// How `edges` prints.
    public enum Format: String, CaseIterable, Sendable {
        /// Readable text.
        case text
        /// One JSON document (see the README, "edges --output json").
        case json
        /// A systemd timer unit whose `OnCalendar=` lines run at every edge, next to the hourly run.
        case systemd
    }

    /// Start of the range (inclusive).
    public let from: Int
    /// End of the range (exclusive).
    public let to: Int
    /// The rules.
    public let ruleSet: RuleSet
    /// The edges in `[from, to)`, in order.
    public let edges: [RuleSet.Edge]
    /// The rule file's path, for the timer's comments.
    public let rulesPath: String

    /// Computes the edges of every rule in `[from, to)`.
    public init(ruleSet: RuleSet, from: Int, to: Int, rulesPath: String = "") {
        self.init(ruleSet: ruleSet, from: from, to: to, rulesPath: rulesPath, edges: ruleSet.edges(from: from, to: to))
    }

    init(ruleSet: RuleSet, from: Int, to: Int, rulesPath: String, edges: [RuleSet.Edge]) {
        self.from = from
        self.to = to
        self.ruleSet = ruleSet
        self.rulesPath = rulesPath
        self.edges = edges
    }

    /// The same edges, refused with `OutputLimit` as soon as they hold more than `limit` rule
    /// changes: each schedule is evaluated a month at a time and counted as it goes, so memory
    /// stays within the limit however long the range and however many the rules.
    public static func bounded(ruleSet: RuleSet, from: Int, to: Int, rulesPath: String = "",
                               limit: Int = OutputLimit.maximumRuleChanges) throws(OutputLimit) -> EdgesReport {
        guard let edges = ruleSet.edges(from: from, to: to, atMost: limit) else { throw OutputLimit.edges(limit: limit) }
        return EdgesReport(ruleSet: ruleSet, from: from, to: to, rulesPath: rulesPath, edges: edges)
    }

    /// The output in `format`, ending with a newline.
    public func render(_ format: Format) -> String {
        switch format {
        case .text: return text()
        case .json: return json() + "\n"
        case .systemd: return systemdTimer()
        }
    }

    // MARK: - Text

    /// One block per instant: the UTC instant, then each schedule that opens or closes there, in
    /// its own zone, with its rules.
    public func text() -> String {
        var out = "Window edges \(InstantFormat.utc(from)) to \(InstantFormat.utc(to)): \(edges.count) instant\(edges.count == 1 ? "" : "s")\n"
        if edges.isEmpty { out += "  (no window opens or closes in this range)\n" }
        for e in edges {
            out += "\(InstantFormat.utc(e.instant))\n"
            for group in EdgesReport.bySchedule(e.changes) {
                let schedule = group.rules[0].schedule
                out += "  \(group.change.rawValue) \(schedule.name) at \(InstantFormat.local(e.instant, in: schedule.clock)) \(schedule.zoneName): "
                out += group.rules.map { "rule \($0.number)\($0.line > 0 ? " (line \($0.line))" : "")" }.joined(separator: ", ") + "\n"
            }
        }
        return out
    }

    /// The changes of one instant grouped by schedule and direction, in rule order.
    static func bySchedule(_ changes: [RuleSet.Edge.RuleChange]) -> [(change: ScheduleEdge.Change, rules: [Rule])] {
        var out: [(change: ScheduleEdge.Change, rules: [Rule])] = []
        for c in changes {
            if let i = out.firstIndex(where: { $0.rules[0].schedule.name == c.rule.schedule.name && $0.change == c.change }) {
                out[i].rules.append(c.rule)
            } else {
                out.append((c.change, [c.rule]))
            }
        }
        return out
    }

    // MARK: - JSON

    struct Document: Encodable {
        let from: String
        let to: String
        let count: Int
        let edges: [EdgeDoc]
    }
    struct EdgeDoc: Encodable {
        let at: String
        let at_epoch: Int
        let changes: [ChangeDoc]
    }
    struct ChangeDoc: Encodable {
        let rule: Int
        let line: Int
        let schedule: String
        let timezone: String
        let local: String
        let change: ScheduleEdge.Change
    }

    /// The stable JSON document (see the README, "edges --output json").
    public func json() -> String {
        JSONDocument.pretty(Document(
            from: InstantFormat.utc(from), to: InstantFormat.utc(to), count: edges.count,
            edges: edges.map { e in
                EdgeDoc(at: InstantFormat.utc(e.instant), at_epoch: e.instant, changes: e.changes.map { c in
                    ChangeDoc(rule: c.rule.number, line: c.rule.line, schedule: c.rule.schedule.name, timezone: c.rule.schedule.zoneName,
                              local: InstantFormat.local(e.instant, in: c.rule.schedule.clock), change: c.change)
                })
            }))
    }

    // MARK: - systemd

    /// A timer unit that starts `lookout-scheduler.service` at every edge of every schedule a rule
    /// uses, in the schedule's own zone (systemd applies its DST), and hourly as a safety net.
    /// The lines are derived from the windows' definitions, so they hold beyond the range; edges
    /// in the range that they do not produce exactly are added as instants, with a comment.
    public func systemdTimer() -> String {
        var out = """
            # lookout-scheduler-edges.timer: runs lookout-scheduler.service at every window edge of
            # \(rulesPath.isEmpty ? "the rule file" : Printable.line(rulesPath, limit: 500)), so models stop when their window closes instead of up to an
            # hour later. Generated by `lookout-scheduler edges --output systemd` for
            # \(InstantFormat.utc(from)) to \(InstantFormat.utc(to)); regenerate when the rule file changes.
            # Enable it next to (or instead of) lookout-scheduler.timer:
            #   systemctl enable --now lookout-scheduler-edges.timer
            # Times are wall times in each schedule's zone: systemd applies the zone's DST. Holidays,
            # valid_from and valid_until are not written, so the timer may run on days without an
            # edge: such a run decides as the hourly one would. The hourly run stays as a safety net
            # (a missed edge costs at most an hour).
            [Unit]
            Description=Run lookout-scheduler at the window edges

            [Timer]
            # The safety net.
            OnCalendar=hourly

            """
        var written = Set<String>(["hourly"])
        var missed: [(Schedule, ScheduleEdge)] = []
        for (name, schedule, rules) in ruleSet.schedulesInUse {
            guard case .windows = schedule.kind else { continue }
            let plan = schedule.calendarPlan(from: from, to: to)
            let numbers = rules.map { String($0.number) }.joined(separator: ", ")
            // Names and paths from the rule file go through the one sanitizer: a line break in
            // them would end the comment and start a directive of the unit.
            out += "# \(Printable.line(name, limit: 200)) (\(Printable.line(schedule.summary, limit: 500))): rule\(rules.count == 1 ? "" : "s") \(numbers)\n"
            for note in Array(Set(plan.notes)).sorted() {
                out += "# cannot be written: \(Printable.line(note, limit: 500)) (its edges in this range, if any, are listed as instants at the end)\n"
            }
            for (label, events) in [("opens", plan.opens), ("closes", plan.closes)] {
                let lines = events.flatMap { SystemdCalendar.expressions($0, zone: schedule.zoneName) }.filter { written.insert($0).inserted }
                if lines.isEmpty { continue }
                out += "# \(label)\n" + lines.map { "OnCalendar=\($0)\n" }.joined()
            }
            missed += plan.missed.map { (schedule, $0) }
        }
        if !missed.isEmpty {
            out += """
                # Edges in \(InstantFormat.utc(from)) to \(InstantFormat.utc(to)) that the lines above do not run at
                # exactly (a wall time in a DST gap, which systemd skips; a cron close that a DST change moves
                # off its wall time; a day that cannot be written), as instants in UTC:

                """
            for (schedule, edge) in missed.sorted(by: { $0.1.instant < $1.1.instant }) {
                let line = "\(InstantFormat.utc(edge.instant).replacingOccurrences(of: "T", with: " ").dropLast()) UTC"
                guard written.insert(line).inserted else { continue }
                out += "# \(Printable.line(schedule.name, limit: 200)) \(edge.change.rawValue) at \(InstantFormat.local(edge.instant, in: schedule.clock)) \(schedule.zoneName)\n"
                out += "OnCalendar=\(line)\n"
            }
        }
        out += """
            # Run at the exact second (systemd's default accuracy is a minute); no random delay.
            AccuracySec=1s
            Persistent=true
            Unit=lookout-scheduler.service

            [Install]
            WantedBy=timers.target

            """
        return out
    }
}

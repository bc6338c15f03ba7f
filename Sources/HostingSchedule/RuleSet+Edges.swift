/// Window edges: the instants at which a schedule's hosted-or-not changes. They are the
/// boundaries of the merged hosted intervals that `Schedule.hostedIntervals` gives (the same
/// evaluator as `windows`), so an edge is never where two occurrences touch or overlap.
/// `always` and `never` have none.
public struct ScheduleEdge: Sendable, Hashable {
    /// Which way the state changes.
    public enum Change: String, Sendable, Hashable, Codable {
        /// A hosted interval begins: a window opens.
        case opens
        /// A hosted interval ends: the last window covering it closes.
        case closes
    }

    /// The instant (seconds since the epoch).
    public let instant: Int
    /// Opens or closes.
    public let change: Change

    /// An edge.
    public init(instant: Int, change: Change) {
        self.instant = instant
        self.change = change
    }
}

extension Schedule {
    /// The edges in `[from, to)`, in order. The boundaries of hosted intervals cut by the range are
    /// not edges: the intervals are taken over one more second on each side, so only true
    /// boundaries fall inside.
    public func edges(from: Int, to: Int) -> [ScheduleEdge] {
        guard from < to, case .windows = kind else { return [] }
        return edges(from: from, to: to, of: hostedIntervals(from: from - 1, to: to + 1))
    }

    /// `edges(from:to:)`, or nil as soon as there are more than `limit` of them (evaluated a
    /// month at a time: bounded memory however long the range).
    public func edges(from: Int, to: Int, atMost limit: Int) -> [ScheduleEdge]? {
        guard from < to, case .windows = kind else { return [] }
        // Every interval but the first and the last has two edges inside the range.
        guard let intervals = hostedIntervals(from: from - 1, to: to + 1, atMost: limit / 2 + 2) else { return nil }
        let result = edges(from: from, to: to, of: intervals)
        return result.count > limit ? nil : result
    }

    func edges(from: Int, to: Int, of intervals: [Range<Int>]) -> [ScheduleEdge] {
        var result: [ScheduleEdge] = []
        for r in intervals {
            if r.lowerBound >= from && r.lowerBound < to { result.append(ScheduleEdge(instant: r.lowerBound, change: .opens)) }
            if r.upperBound >= from && r.upperBound < to { result.append(ScheduleEdge(instant: r.upperBound, change: .closes)) }
        }
        return result
    }

    /// The first edge after `t` (strictly), or nil when there is none within `transitionHorizon`.
    public func nextEdge(after t: Int) -> ScheduleEdge? {
        guard let next = nextTransition(after: t) else { return nil }
        return ScheduleEdge(instant: next, change: isHosted(at: next) ? .opens : .closes)
    }
}

extension RuleSet {
    /// An instant at which some rule's window opens or closes, with every rule it concerns.
    public struct Edge: Sendable {
        /// One rule's change at the instant.
        public struct RuleChange: Sendable {
            /// The rule.
            public let rule: Rule
            /// Its schedule opens or closes.
            public let change: ScheduleEdge.Change
        }

        /// The instant (seconds since the epoch).
        public let instant: Int
        /// The rules whose schedule changes at the instant, in rule order.
        public let changes: [RuleChange]
    }

    /// Every rule's schedule once (rules share schedules, by name), with its rules, in first-use order.
    public var schedulesInUse: [(name: String, schedule: Schedule, rules: [Rule])] {
        var order: [String] = []
        var byName: [String: (Schedule, [Rule])] = [:]
        for rule in rules {
            let name = rule.schedule.name
            if byName[name] == nil {
                order.append(name)
                byName[name] = (rule.schedule, [rule])
            } else {
                byName[name]!.1.append(rule)
            }
        }
        return order.map { ($0, byName[$0]!.0, byName[$0]!.1) }
    }

    /// The edges of the rules' schedules in `[from, to)`, in order of instant.
    public func edges(from: Int, to: Int) -> [Edge] {
        edges(from: from, to: to, atMost: .max)!
    }

    /// `edges(from:to:)`, or nil as soon as the rule changes (one rule opening or closing at one
    /// instant) number more than `limit`: memory stays within the limit however long the range.
    public func edges(from: Int, to: Int, atMost limit: Int) -> [Edge]? {
        var byInstant: [Int: [(Int, Edge.RuleChange)]] = [:]
        var changes = 0
        for (_, schedule, rules) in schedulesInUse {
            guard let scheduleEdges = schedule.edges(from: from, to: to, atMost: (limit - changes) / rules.count) else { return nil }
            changes += scheduleEdges.count * rules.count
            for e in scheduleEdges {
                for rule in rules { byInstant[e.instant, default: []].append((rule.number, Edge.RuleChange(rule: rule, change: e.change))) }
            }
        }
        return byInstant.keys.sorted().map { t in
            Edge(instant: t, changes: byInstant[t]!.sorted { $0.0 < $1.0 }.map(\.1))
        }
    }

    /// The first instant after `t` (strictly) at which some rule's window opens or closes, with the
    /// rules it concerns; nil when no schedule changes within `Schedule.transitionHorizon`.
    /// A run at `t` reports it: a timer that runs at every edge next runs then.
    public func nextEdge(after t: Int) -> Edge? {
        var found: [(Rule, ScheduleEdge)] = []
        var earliest: Int?
        for (_, schedule, rules) in schedulesInUse {
            guard let e = schedule.nextEdge(after: t) else { continue }
            if let best = earliest, e.instant > best { continue }
            if let best = earliest, e.instant < best { found.removeAll() }
            earliest = e.instant
            found += rules.map { ($0, e) }
        }
        guard let earliest else { return nil }
        return Edge(instant: earliest, changes: found.sorted { $0.0.number < $1.0.number }.map { Edge.RuleChange(rule: $0.0, change: $0.1.change) })
    }
}

import Foundation
import HostingSchedule

/// The `audit` view of a log: filters, then a summary built in one streaming pass (memory grows
/// with the number of distinct models, not with the log). What it counts is `RunCounts`'s.
public struct AuditSummary: Sendable {
    /// Which records count.
    public struct Filter: Sendable {
        public var since: Int?
        public var until: Int?
        /// Only projects matching this pattern.
        public var project: Glob?
        public var version: String?
        /// Only this outcome, or this decision (for records without an outcome).
        public var outcome: OutcomeFilter?
        public init(since: Int? = nil, until: Int? = nil, project: Glob? = nil, version: String? = nil, outcome: OutcomeFilter? = nil) {
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

    public var lines = 0
    public var tornLines: [Int] = []
    public var runs = 0
    /// The matching decisions, counted as a run counts them.
    public var counts = RunCounts()
    /// Decision records that matched.
    public var decisions: Int { counts.considered }
    /// Stops the service accepted (`RunCounts.stopped`).
    public var stops: Int { counts.stopped }
    /// Failed stops and failed listings (`RunCounts.failures`).
    public var failures: Int { counts.failures }
    /// Stops per model (`region/project/version`).
    public var stopsPerModel: [String: Int] = [:]
    /// Failures by error code.
    public var failuresByCode: [String: Int] = [:]
    /// Distinct runs in which each model was found hosted outside its windows and stopped.
    public var runsStoppingModel: [String: Set<String>] = [:]
    /// Estimated inference-unit hours not billed thanks to the stops.
    public var savedHours = 0.0
    /// Estimated money saved (same currency as the price in the rule file).
    public var savedMoney = 0.0
    /// Matching decision records (with `collect`).
    public var records: [RunEvent] = []
    public var firstTime: String?
    public var lastTime: String?

    /// Models stopped in two or more runs: someone keeps starting them outside their windows.
    public var repeatOffenders: [(model: String, runs: Int)] {
        runsStoppingModel.filter { $0.value.count >= 2 }.map { ($0.key, $0.value.count) }.sorted { $0.runs != $1.runs ? $0.runs > $1.runs : $0.model < $1.model }
    }

    /// Hours counted for a stop whose schedule never opens again.
    public static let openEndedHours = 24.0

    /// Reads `path`, keeping the records that pass `filter`.
    public static func read(path: String, filter: Filter = Filter(), collect: Bool = false) throws -> AuditSummary {
        var s = AuditSummary()
        let decoder = JSONDecoder()
        // Per model, the last stop not yet settled: its saving runs until its next window, or
        // until the model is stopped again (it was started again meanwhile), whichever is first.
        var open: [String: (at: Int, until: Int?, units: Int, price: Double)] = [:]
        func settle(_ key: String, upTo next: Int?) {
            guard let o = open.removeValue(forKey: key) else { return }
            var end = o.until ?? (o.at + Int(openEndedHours * 3600))
            if let next, next < end { end = next }
            let hours = Double(max(0, end - o.at)) / 3600 * Double(o.units)
            s.savedHours += hours
            s.savedMoney += hours * o.price
        }
        let unfiltered = filter.project == nil && filter.version == nil && filter.outcome == nil
        try AuditReader.forEachLine(path: path) { number, bytes, _ in
            s.lines = number
            // Only the fields the summary reads are decoded; a whole record only when listed.
            guard let r = try? decoder.decode(SummaryFields.self, from: Data(bytes)) else {
                s.tornLines.append(number)
                return
            }
            let t = InstantFormat.parseUTC(r.eval_time) ?? 0
            if let since = filter.since, t < since { return }
            if let until = filter.until, t >= until { return }
            switch r.type {
            case .runStart:
                s.runs += 1
                s.firstTime = s.firstTime ?? r.time
                s.lastTime = r.time
                return
            case .runEnd:
                // Failed listings concern no one model: they count when no model filter is set.
                if unfiltered { s.counts.addDiscoveryFailure(r.counts?["discovery_failures"] ?? 0) }
                return
            case .decision:
                break
            }
            guard let project = r.project, let version = r.version, let action = r.decision else { return }
            if let glob = filter.project, !glob.matches(project) { return }
            if let v = filter.version, v != version { return }
            if let o = filter.outcome, !o.matches(action, r.outcome) { return }
            s.counts.add(action, r.outcome, wasHosted: r.state_before.map(\.isHosted) ?? (r.status_before == "HOSTED"))
            if collect, let full = try? decoder.decode(RunEvent.self, from: Data(bytes)) { s.records.append(full) }
            let key = "\(r.region ?? "?")/\(project)/\(version)"
            if let outcome = r.outcome, outcome.isStop {
                s.stopsPerModel[key, default: 0] += 1
                s.runsStoppingModel[key, default: []].insert(r.run_id)
                settle(key, upTo: t)
                open[key] = (t, r.next_window.flatMap(InstantFormat.parseUTC), r.inference_units ?? 1, r.price_per_iu_hour ?? 0)
            } else if r.outcome == .failed {
                s.failuresByCode[r.error_code ?? "unknown", default: 0] += 1
            }
        }
        for key in Array(open.keys) { settle(key, upTo: nil) }
        return s
    }
}

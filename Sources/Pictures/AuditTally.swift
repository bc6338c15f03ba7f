import Foundation
import HostingSchedule
import SchedulerRun

/// The figures of the audit page, gathered in one streaming pass over the log: fed one line at a
/// time (`add(line:number:)`), it keeps totals per day, per project, per service and per account,
/// and a few numbers per model, never the records, so its memory grows with days, projects and
/// models, not with the log. It reads the log as `AuditSummary` does (same filters, same counts
/// through `RunCounts`, same savings estimate) and adds what the page draws. No I/O: the caller
/// reads the file (`AuditReader.forEachLine`).
public struct AuditTally: Sendable {
    /// What a group of decisions adds up to.
    public struct Totals: Sendable, Equatable {
        /// Decisions that matched.
        public var decisions = 0
        /// Stops the service accepted.
        public var stops = 0
        /// Stops refused or unanswered, and (per day, without model filters) failed listings.
        public var failures = 0
        /// Estimated inference-unit hours saved by the stops.
        public var savedHours = 0.0
        /// Estimated money saved.
        public var savedMoney = 0.0
        /// Runs started (per day only).
        public var runs = 0
        public init() {}
    }

    /// A model stopped in two or more runs: someone keeps starting it outside its windows.
    public struct Offender: Sendable, Equatable {
        /// `region/project/version`.
        public let model: String
        /// Runs that stopped it.
        public let runs: Int
        /// Its stops.
        public let stops: Int
        /// The decision instants of its latest stops (at most `AuditTally.stopTimesKept`), oldest first.
        public let stopTimes: [String]
    }

    /// Stop times kept per model for the repeat offenders' list.
    public static let stopTimesKept = 12
    /// Torn lines whose numbers are kept (all are counted).
    public static let tornLinesKept = 20

    /// The filters applied.
    public let filter: AuditSummary.Filter
    /// Lines read.
    public private(set) var lines = 0
    /// Lines that are not records (torn writes): the first `tornLinesKept` numbers.
    public private(set) var tornLines: [Int] = []
    /// How many lines are not records.
    public private(set) var tornLineCount = 0
    /// Runs started in the range.
    public private(set) var runs = 0
    /// The matching decisions, counted as a run counts them.
    public private(set) var counts = RunCounts()
    /// Per UTC day of the decision instant (days since 1970-01-01).
    public private(set) var days: [Int: Totals] = [:]
    /// Per UTC hour (hours since 1970-01-01) while the records span at most `hourlyLimit` hours,
    /// so that a short log can be drawn hour by hour; nil once they span more.
    public private(set) var hours: [Int: Totals]? = [:]
    /// The longest span, in hours, that is also tallied hour by hour.
    public static let hourlyLimit = 72
    /// Per project.
    public private(set) var projects: [String: Totals] = [:]
    /// Per service (`service` field; `lookoutvision` when absent).
    public private(set) var services: [String: Totals] = [:]
    /// Per account (`account_name`, `account_id`; `none` when absent).
    public private(set) var accounts: [String: Totals] = [:]
    /// True when some record names a service or an account.
    public private(set) var recordsNameServiceOrAccount = false
    /// Failed stops by error code.
    public private(set) var failuresByCode: [String: Int] = [:]
    /// Estimated inference-unit hours saved.
    public private(set) var savedHours = 0.0
    /// Estimated money saved.
    public private(set) var savedMoney = 0.0
    /// The first and last run's start (UTC).
    public private(set) var firstTime: String?
    public private(set) var lastTime: String?
    /// The first and last run's decision instant (UTC; `--now` moves it away from `time`).
    public private(set) var firstEvalTime: String?
    public private(set) var lastEvalTime: String?

    struct Group: Hashable, Sendable {
        let hour: Int, project: String, service: String, account: String
        var day: Int { hour >= 0 ? hour / 24 : (hour - 23) / 24 }
    }

    /// Per model: its runs and stops, its latest stop times, and its stop not yet settled.
    struct ModelState: Sendable {
        var lastRun = ""
        var runs = 0
        var stops = 0
        var stopTimes: [String] = []
        var open: (at: Int, until: Int?, units: Int, price: Double, group: Group)?
    }
    var models: [String: ModelState] = [:]
    var hourSpan: ClosedRange<Int>?
    var finished = false

    /// An empty tally for `filter`.
    public init(filter: AuditSummary.Filter = AuditSummary.Filter()) {
        self.filter = filter
    }

    /// The fields the page reads. Fields other branches of the log's schema may add (`service`,
    /// `account_id`, `account_name`) are read leniently: absent or of another type, they are absent.
    struct Fields: Decodable {
        let type: RunEvent.Kind
        let run_id: String?
        let time: String?
        let eval_time: String?
        let region: String?
        let project: String?
        let version: String?
        let status_before: String?
        let state_before: String?
        let decision: Action?
        let outcome: Outcome?
        let error_code: String?
        let next_window: String?
        let inference_units: Int?
        let price_per_iu_hour: Double?
        let counts: [String: Int]?
        let service: LenientText?
        let account_id: LenientText?
        let account_name: LenientText?
    }

    /// A string, or a number written as one; anything else reads as absent.
    struct LenientText: Decodable {
        let value: String?
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { value = s.isEmpty ? nil : s }
            else if let n = try? c.decode(Int.self) { value = String(n) }
            else { value = nil }
        }
    }

    let decoder = JSONDecoder()

    /// Adds one line of the log (its bytes, without the newline).
    public mutating func add(line bytes: ArraySlice<UInt8>, number: Int) {
        lines = number
        guard let r = try? decoder.decode(Fields.self, from: Data(bytes)) else {
            tornLineCount += 1
            if tornLines.count < AuditTally.tornLinesKept { tornLines.append(number) }
            return
        }
        let t = r.eval_time.flatMap(InstantFormat.parseUTC) ?? 0
        if let since = filter.since, t < since { return }
        if let until = filter.until, t >= until { return }
        let hour = t >= 0 ? t / 3600 : (t - 3599) / 3600
        let day = AuditTally.day(of: t)
        switch r.type {
        case .runStart:
            runs += 1
            days[day, default: Totals()].runs += 1
            addHour(hour) { $0.runs += 1 }
            firstTime = firstTime ?? r.time
            lastTime = r.time ?? lastTime
            firstEvalTime = firstEvalTime ?? r.eval_time
            lastEvalTime = r.eval_time ?? lastEvalTime
            return
        case .runEnd:
            // Failed listings concern no one model: they count when no model filter is set.
            if filter.project == nil && filter.version == nil && filter.outcome == nil && filter.service == nil && filter.account == nil,
               let n = r.counts?["discovery_failures"], n > 0 {
                counts.addDiscoveryFailure(n)
                days[day, default: Totals()].failures += n
                addHour(hour) { $0.failures += n }
            }
            return
        case .decision:
            break
        }
        guard let project = r.project, let version = r.version, let action = r.decision else { return }
        if let glob = filter.project, !glob.matches(project) { return }
        if let v = filter.version, v != version { return }
        if let o = filter.outcome, !AuditTally.matches(o, action, r.outcome) { return }
        if let wanted = filter.service, (r.service?.value ?? AuditSummary.defaultService) != wanted.rawValue { return }

        let service = r.service?.value, accountID = r.account_id?.value, accountName = r.account_name?.value
        if !filter.matchesAccount(name: accountName, id: accountID) { return }
        if service != nil || accountID != nil || accountName != nil { recordsNameServiceOrAccount = true }
        let account = AuditSummary.accountLabel(name: accountName, id: accountID)
        let group = Group(hour: hour, project: project, service: service ?? AuditSummary.defaultService, account: account)

        counts.add(action, r.outcome, wasHosted: r.state_before.map { $0 == "hosted" } ?? (r.status_before == "HOSTED"))
        add(to: group) { $0.decisions += 1 }
        let key = "\(accountName.map { "\($0)/" } ?? "")\(r.region ?? "?")/\(project)/\(version)"  // as AuditSummary keys models
        if let outcome = r.outcome, outcome.isStop {
            add(to: group) { $0.stops += 1 }
            settle(key, upTo: t)
            var m = models[key] ?? ModelState()
            m.stops += 1
            // The records of a run are contiguous (one run at a time holds the lock), so a new
            // run id is a new run.
            if let run = r.run_id, run != m.lastRun { m.runs += 1; m.lastRun = run }
            if let time = r.eval_time {
                m.stopTimes.append(time)
                if m.stopTimes.count > AuditTally.stopTimesKept { m.stopTimes.removeFirst() }
            }
            m.open = (t, r.next_window.flatMap(InstantFormat.parseUTC), r.inference_units ?? 1, r.price_per_iu_hour ?? 0, group)
            models[key] = m
        } else if r.outcome == .failed {
            add(to: group) { $0.failures += 1 }
            failuresByCode[r.error_code ?? "unknown", default: 0] += 1
        }
    }

    /// Settles the stops still open at the end of the log (call once, after the last line).
    public mutating func finish() {
        guard !finished else { return }
        finished = true
        for key in Array(models.keys) { settle(key, upTo: nil) }
    }

    /// Savings as `AuditSummary` estimates them: from the stop until the model's next window (or
    /// `AuditSummary.openEndedHours`), cut short by its next stop, times its units and price. They
    /// count on the day of the stop.
    mutating func settle(_ key: String, upTo next: Int?) {
        guard let o = models[key]?.open else { return }
        models[key]?.open = nil
        var end = o.until ?? (o.at + Int(AuditSummary.openEndedHours * 3600))
        if let next, next < end { end = next }
        let hours = Double(max(0, end - o.at)) / 3600 * Double(o.units)
        let money = hours * o.price
        savedHours += hours
        savedMoney += money
        add(to: o.group) {
            $0.savedHours += hours
            $0.savedMoney += money
        }
    }

    mutating func add(to g: Group, _ change: (inout Totals) -> Void) {
        change(&days[g.day, default: Totals()])
        addHour(g.hour, change)
        change(&projects[g.project, default: Totals()])
        change(&services[g.service, default: Totals()])
        change(&accounts[g.account, default: Totals()])
    }

    /// Adds to an hour's totals while the hours are kept; drops them once they span too long.
    mutating func addHour(_ hour: Int, _ change: (inout Totals) -> Void) {
        guard hours != nil else { return }
        let lo = min(hourSpan?.lowerBound ?? hour, hour), hi = max(hourSpan?.upperBound ?? hour, hour)
        hourSpan = lo...hi
        if hi - lo >= AuditTally.hourlyLimit { hours = nil; return }
        change(&hours![hour, default: Totals()])
    }

    static func matches(_ f: AuditSummary.OutcomeFilter, _ action: Action, _ outcome: Outcome?) -> Bool {
        switch f {
        case .outcome(let o): return outcome == o
        case .action(let a): return outcome == nil && action == a
        }
    }

    /// The UTC day of instant `t`, as days since 1970-01-01.
    static func day(of t: Int) -> Int { t >= 0 ? t / 86_400 : (t - 86_399) / 86_400 }

    /// Models stopped in two or more runs, most runs first.
    public var repeatOffenders: [Offender] {
        models.filter { $0.value.runs >= 2 }
            .map { Offender(model: $0.key, runs: $0.value.runs, stops: $0.value.stops, stopTimes: $0.value.stopTimes) }
            .sorted { $0.runs != $1.runs ? $0.runs > $1.runs : $0.model < $1.model }
    }

    /// The first and last day with any record counted, or nil when none was.
    public var dayRange: ClosedRange<Int>? {
        guard let lo = days.keys.min(), let hi = days.keys.max() else { return nil }
        return lo...hi
    }
}

import Foundation
import HostingSchedule
import AuditTrail

/// The figures of the audit page, gathered in one streaming pass over the log: fed one line at a
/// time (`add(line:number:)`), it runs `AuditSummary`'s own pass (`AuditSummary.Reader`: the same
/// filters, counts, torn lines and savings as `audit`'s text and JSON) and groups what that pass
/// sees (`AuditSummary.Event`) per hour, day, project, service and account, keeping a few numbers
/// per model, never the records. No I/O: the caller reads the file (`AuditReader.forEachLine`).
public struct AuditTally: Sendable {
    /// What a group of decisions adds up to.
    public struct Totals: Sendable, Equatable {
        /// Decisions that matched.
        public var decisions = 0
        /// Stops the service accepted.
        public var stops = 0
        /// Stops refused or unanswered, and (per day, without model filters) failed listings.
        public var failures = 0
        /// What the stops saved, realized and projected (`Savings`), counted on the stop's bucket.
        public var savings = Savings()
        /// Runs started (per day only).
        public var runs = 0
        /// Stops and starts sent whose outcome the log does not hold (`RunCounts.outcomeUnknown`).
        public var outcomeUnknown = 0
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
    /// The summary's own pass, and what it has summed so far.
    var reader: AuditSummary.Reader
    var summary = AuditSummary()
    /// What the page groups.
    var grouping = Grouping()
    var finished = false

    /// An empty tally for `filter`.
    public init(filter: AuditSummary.Filter = AuditSummary.Filter()) {
        self.filter = filter
        reader = AuditSummary.Reader(filter: filter)
    }

    /// Lines read.
    public var lines: Int { summary.lines }
    /// Lines that are not records (torn writes): the first `tornLinesKept` numbers.
    public var tornLines: [Int] { Array(summary.tornLines.prefix(AuditTally.tornLinesKept)) }
    /// How many lines are not records.
    public var tornLineCount: Int { summary.tornLines.count }
    /// Runs started in the range.
    public var runs: Int { summary.runs }
    /// The matching decisions, counted as a run counts them.
    public var counts: RunCounts { summary.counts }
    /// `settle` records: actions of unknown outcome a later run looked at.
    public var settled: Int { summary.settled }
    /// Failed stops by error code.
    public var failuresByCode: [String: Int] { summary.failuresByCode }
    /// What the stops saved, realized and projected (the summary's own figure).
    public var savings: Savings { summary.savings }
    /// The unit of the savings totals (`AuditReport.totalUnit`: the text's, the page's).
    public var savingsUnit: String { AuditReport.totalUnit(summary) }
    /// What the savings could not know, one sentence each (`AuditReport.savingsNotes`).
    public var savingsNotes: [String] { AuditReport.savingsNotes(summary) }
    /// The first and last run's start (UTC).
    public var firstTime: String? { summary.firstTime }
    public var lastTime: String? { summary.lastTime }
    /// The first and last run's decision instant (UTC; `--now` moves it away from `time`).
    public var firstEvalTime: String? { grouping.firstEvalTime }
    public var lastEvalTime: String? { grouping.lastEvalTime }
    /// Per UTC day of the decision instant (days since 1970-01-01).
    public var days: [Int: Totals] { grouping.days }
    /// Per UTC hour (hours since 1970-01-01) while the records span at most `hourlyLimit` hours,
    /// so that a short log can be drawn hour by hour; nil once they span more.
    public var hours: [Int: Totals]? { grouping.hours }
    /// The longest span, in hours, that is also tallied hour by hour.
    public static let hourlyLimit = 72
    /// Per project (at most `AuditSummary.modelLimit` by name; later ones under `otherProjects`).
    public var projects: [String: Totals] { grouping.projects }
    /// The group of the projects beyond the limit.
    public static let otherProjects = "(other projects)"
    /// Per service (`service` field; `lookoutvision` when absent).
    public var services: [String: Totals] { grouping.services }
    /// Per account (`AuditSummary.accountLabel`; `none` when the record names none).
    public var accounts: [String: Totals] { grouping.accounts }
    /// True when some record names a service or an account.
    public var recordsNameServiceOrAccount: Bool { grouping.recordsNameServiceOrAccount }

    /// Adds one line of the log as `AuditReader.forEachLine` reads it (an over-long line is torn).
    public mutating func add(_ line: AuditReader.Line) {
        _ = reader.add(line: line.kind == .overlong ? nil : line.bytes, number: line.number, to: &summary, observer: &grouping)
    }

    /// Adds one line of the log (its bytes, without the newline).
    public mutating func add(line bytes: ArraySlice<UInt8>, number: Int) {
        bytes.withUnsafeBytes { raw in _ = reader.add(line: raw, number: number, to: &summary, observer: &grouping) }
    }

    /// Settles the stops still open at the end of the log (call once, after the last line).
    public mutating func finish() {
        guard !finished else { return }
        finished = true
        reader.finish(&summary, observer: &grouping)
    }

    /// Models stopped in two or more runs, most runs first (`AuditSummary.repeatOffenders`).
    public var repeatOffenders: [Offender] {
        summary.repeatOffenders.map {
            Offender(model: $0.model, runs: $0.runs, stops: summary.stopsPerModel[$0.model] ?? 0, stopTimes: grouping.stopTimes[$0.model] ?? [])
        }
    }

    /// The first and last day with any record counted, or nil when none was.
    public var dayRange: ClosedRange<Int>? {
        guard let lo = days.keys.min(), let hi = days.keys.max() else { return nil }
        return lo...hi
    }

    /// The UTC day of instant `t`, as days since 1970-01-01.
    static func day(of t: Int) -> Int { t >= 0 ? t / 86_400 : (t - 86_399) / 86_400 }

    /// The UTC hour of instant `t`, as hours since 1970-01-01.
    static func hour(of t: Int) -> Int { t >= 0 ? t / 3600 : (t - 3599) / 3600 }

    /// What the page groups of the summary's pass.
    struct Grouping: AuditSummaryObserver, Sendable {
        var days: [Int: Totals] = [:]
        var hours: [Int: Totals]? = [:]
        var hourSpan: ClosedRange<Int>?
        var projects: [String: Totals] = [:]
        var services: [String: Totals] = [:]
        var accounts: [String: Totals] = [:]
        var recordsNameServiceOrAccount = false
        var firstEvalTime: String?
        var lastEvalTime: String?
        /// Per model (as the summary keys it), the decision instants of its latest stops.
        var stopTimes: [String: [String]] = [:]

        mutating func observe(_ event: AuditSummary.Event) {
            switch event {
            case .runStarted(let t, let evalTime):
                days[AuditTally.day(of: t), default: Totals()].runs += 1
                addHour(AuditTally.hour(of: t)) { $0.runs += 1 }
                firstEvalTime = firstEvalTime ?? evalTime
                lastEvalTime = evalTime ?? lastEvalTime
            case .listingsFailed(let n, let t):
                days[AuditTally.day(of: t), default: Totals()].failures += n
                addHour(AuditTally.hour(of: t)) { $0.failures += n }
            case .decided(let seen):
                if seen.namesServiceOrAccount { recordsNameServiceOrAccount = true }
                add(to: seen) { $0.decisions += 1 }
                if let outcome = seen.outcome, outcome.isStop {
                    add(to: seen) { $0.stops += 1 }
                    if let time = seen.evalTime, stopTimes[seen.model] != nil || stopTimes.count < AuditSummary.modelLimit {
                        stopTimes[seen.model, default: []].append(time)
                        if stopTimes[seen.model]!.count > AuditTally.stopTimesKept { stopTimes[seen.model]!.removeFirst() }
                    }
                } else if seen.outcome == .failed {
                    add(to: seen) { $0.failures += 1 }
                }
            case .outcomeUnknown(let seen):
                add(to: seen) { $0.outcomeUnknown += 1 }
            case .saved(let savings, let seen):
                // Savings count on the day of the stop.
                add(to: seen) { $0.savings += savings }
            }
        }

        mutating func add(to seen: AuditSummary.Seen, _ change: (inout Totals) -> Void) {
            change(&days[AuditTally.day(of: seen.at), default: Totals()])
            addHour(AuditTally.hour(of: seen.at), change)
            // At most `AuditSummary.modelLimit` projects by name (memory bound); the rest in one group.
            let project = projects[seen.project] != nil || projects.count < AuditSummary.modelLimit ? seen.project : AuditTally.otherProjects
            change(&projects[project, default: Totals()])
            change(&services[seen.service, default: Totals()])
            change(&accounts[seen.account, default: Totals()])
        }

        /// Adds to an hour's totals while the hours are kept; drops them once they span too long.
        mutating func addHour(_ hour: Int, _ change: (inout Totals) -> Void) {
            guard hours != nil else { return }
            let lo = min(hourSpan?.lowerBound ?? hour, hour), hi = max(hourSpan?.upperBound ?? hour, hour)
            hourSpan = lo...hi
            if hi - lo >= AuditTally.hourlyLimit { hours = nil; return }
            change(&hours![hour, default: Totals()])
        }
    }
}

/// The page's tally as an observer of the one pass that also verifies the log.
extension AuditTally: AuditLineObserver {
    /// Adds the line (`add(_:)`).
    public mutating func observe(_ line: AuditReader.Line) { add(line) }
}

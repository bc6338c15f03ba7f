import Foundation
import HostingSchedule

/// The `audit` view of a log: filters, then a summary built in one streaming pass. Memory does not
/// grow with the log, and grows with the number of distinct models only up to `modelLimit`: the
/// per-model tables (stops per model, repeat offenders, open savings) hold the first `modelLimit`
/// models stopped; the stops of later models count in every total (`untrackedStops`). What it
/// counts is `RunCounts`'s.
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
        /// Only this service (records that name none are Lookout for Vision's).
        public var service: ServiceKind?
        /// Only this account: its name in the rule file (`account_name`) or its 12-digit id (`account_id`).
        public var account: String?
        public init(since: Int? = nil, until: Int? = nil, project: Glob? = nil, version: String? = nil, outcome: OutcomeFilter? = nil,
                    service: ServiceKind? = nil, account: String? = nil) {
            self.service = service
            self.account = account
            self.since = since
            self.until = until
            self.project = project
            self.version = version
            self.outcome = outcome
        }
    }

    /// How the summary names an account: `prod-eu (210987654321)`, the name or the id alone, or
    /// `none` for records that name neither (written before accounts, or without an ARN).
    public static func accountLabel(name: String?, id: String?) -> String {
        ModelDecision.accountLabel(name: name, id: id) ?? AuditSummary.noAccount
    }

    /// The account label of records that name none.
    public static let noAccount = "none"

    /// What the summary holds per account.
    public struct AccountTotals: Sendable, Equatable {
        /// The account's decisions, counted as a run counts them.
        public var counts = RunCounts()
        /// Its estimated savings.
        public var savedHours = 0.0
        public var savedMoney = 0.0
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

    /// An empty summary (`read` fills one; the audit page feeds one through `Reader`).
    public init() {}

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
    /// Stops per model (`region/project/version`), for at most `modelLimit` models.
    public var stopsPerModel: [String: Int] = [:]
    /// Stops of models beyond the first `modelLimit` (counted in the totals and savings, not per model).
    public var untrackedStops = 0
    /// How many distinct models the per-model tables hold at most (`audit`'s memory bound).
    public static let modelLimit = 20_000
    /// The limit this summary was read with.
    public var modelLimit = AuditSummary.modelLimit
    /// Stops and starts whose intent is in the log but whose outcome is not ("sent, outcome
    /// unknown"), counted once each (also in `counts.outcomeUnknown`); the first `unknownKept` listed.
    public var unknownOutcomes: [(model: String, action: Action, runId: String)] = []
    /// How many of them are listed.
    public static let unknownKept = 20
    /// `settle` records: actions of unknown outcome that a later run looked at (their model's status read).
    public var settled = 0
    /// Failures by error code.
    public var failuresByCode: [String: Int] = [:]
    /// Distinct runs in which each model was found hosted outside its windows and stopped (the
    /// models of `stopsPerModel`).
    public var runsStoppingModel: [String: Int] = [:]
    /// The matching decisions per service (`lookoutvision` for records that name none).
    public var countsPerService: [String: RunCounts] = [:]
    /// The matching decisions and savings per account (`accountLabel`), when some record names an account.
    public var perAccount: [String: AccountTotals] = [:]
    /// The service of records that name none.
    public static let defaultService = ServiceKind.default.rawValue
    /// Estimated inference-unit hours not billed thanks to the stops.
    public var savedHours = 0.0
    /// Estimated money saved (same currency as the price in the rule file).
    public var savedMoney = 0.0
    /// The same savings per service: inference-unit hours and money.
    public var savedPerService: [String: (hours: Double, money: Double)] = [:]
    /// Hosted time past window closes, in the same pass (`LatenessTally`).
    public var lateness = LatenessTally()
    /// Inference-unit hours of hosting that starts began (until each window closes): the cost of
    /// the starts, never counted as savings.
    public var startedHours = 0.0
    /// Matching decision records (with `collect`).
    public var records: [RunEvent] = []
    public var firstTime: String?
    public var lastTime: String?

    /// Models stopped in two or more runs: someone keeps starting them outside their windows.
    public var repeatOffenders: [(model: String, runs: Int)] {
        runsStoppingModel.filter { $0.value >= 2 }.map { ($0.key, $0.value) }.sorted { $0.runs != $1.runs ? $0.runs > $1.runs : $0.model < $1.model }
    }

    /// The `n` models with the most stops, most first (ties by name).
    public func topStopsPerModel(_ n: Int) -> [(model: String, stops: Int)] {
        Array(stopsPerModel.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(n).map { ($0.key, $0.value) })
    }

    /// Hours counted for a stop whose schedule never opens again.
    public static let openEndedHours = 24.0

    /// Reads `path`, keeping the records that pass `filter`. Each line goes through the byte
    /// scanner (`AuditRecordScanner`), and through `JSONDecoder` only when the scanner cannot
    /// answer alone; a line that neither reads as a record is a torn line.
    public static func read(path: String, filter: Filter = Filter(), collect: Bool = false) throws -> AuditSummary {
        try read(path: path, filter: filter, collect: collect, scanning: true)
    }

    /// `read`, with the byte scanner switched off (`scanning: false`): every line through
    /// `JSONDecoder`, as before the scanner; for tests and benchmarks.
    public static func read(path: String, filter: Filter, collect: Bool, scanning: Bool,
                            modelLimit: Int = AuditSummary.modelLimit) throws -> AuditSummary {
        var observer = NoObserver()
        return try read(path: path, filter: filter, collect: collect, scanning: scanning, modelLimit: modelLimit, observer: &observer)
    }

    /// `read`, telling `observer` what the pass sees (the audit page groups the same figures by day
    /// and project).
    public static func read<O: AuditSummaryObserver>(path: String, filter: Filter = Filter(), collect: Bool = false, scanning: Bool = true,
                                                     modelLimit: Int = AuditSummary.modelLimit, observer: inout O) throws -> AuditSummary {
        var s = AuditSummary()
        s.modelLimit = modelLimit
        var reader = Reader(filter: filter, scanning: scanning)
        try AuditReader.forEachLine(path: path) { line in
            let matched = reader.add(line: line.kind == .overlong ? nil : line.bytes, number: line.number, to: &s, observer: &observer)
            if matched && collect, let full = try? reader.decoder.decode(RunEvent.self, from: Data(line.bytes)) { s.records.append(full) }
        }
        reader.finish(&s, observer: &observer)
        return s
    }

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
        /// A stop's estimated saving, once it is known (at its model's next stop, or at the end).
        case saved(hours: Double, money: Double, by: Seen)
        /// A stop or start sent whose outcome the log does not hold (its run ended without it).
        case outcomeUnknown(Seen)
    }

    /// The one pass over the records, whichever way each was read.
    public struct Reader: Sendable {
        let filter: Filter
        let scanning: Bool
        let decoder = JSONDecoder()
        let unfiltered: Bool
        /// Per model, the last stop not yet settled: its saving runs until its next window, or
        /// until the model is stopped again (it was started again meanwhile), whichever is first.
        var open: [String: (at: Int, until: Int?, units: Int, price: Double, seen: Seen)] = [:]
        /// Per account, as `perAccount` will hold it (kept apart until some record names an account).
        var accounts: [String: AccountTotals] = [:]
        var anyAccount = false
        /// Per model stopped, the last run that stopped it (to count distinct runs without keeping them).
        var lastRunStopping: [String: String] = [:]
        /// The intents of the run being read whose outcome has not been read yet, and that run.
        var pending: [String: Seen] = [:]
        var pendingRun: String?

        /// A reader for `filter`; `scanning: false` reads every line with `JSONDecoder`.
        public init(filter: Filter, scanning: Bool = true) {
            self.filter = filter
            self.scanning = scanning
            unfiltered = filter.project == nil && filter.version == nil && filter.outcome == nil && filter.service == nil && filter.account == nil
        }

        /// Reads one line (nil: an over-long one); true when it is a decision that passed the filter.
        public mutating func add<O: AuditSummaryObserver>(line bytes: UnsafeRawBufferPointer?, number: Int, to s: inout AuditSummary,
                                                          observer: inout O) -> Bool {
            s.lines = number
            guard let bytes, bytes.count > 1, bytes[0] == UInt8(ascii: "{") else {
                s.tornLines.append(number)
                return false
            }
            if scanning, let r = AuditRecordScanner.scan(bytes) { return add(r, to: &s, observer: &observer) }
            if let r = try? decoder.decode(SummaryFields.self, from: Data(bytes)) { return add(r, to: &s, observer: &observer) }
            s.tornLines.append(number)
            return false
        }

        mutating func settle<O: AuditSummaryObserver>(_ key: String, upTo next: Int?, _ s: inout AuditSummary, _ observer: inout O) {
            guard let o = open.removeValue(forKey: key) else { return }
            save(o, upTo: next, &s, &observer)
        }

        mutating func save<O: AuditSummaryObserver>(_ o: (at: Int, until: Int?, units: Int, price: Double, seen: Seen), upTo next: Int?,
                                                    _ s: inout AuditSummary, _ observer: inout O) {
            var end = o.until ?? (o.at + Int(AuditSummary.openEndedHours * 3600))
            if let next, next < end { end = next }
            let hours = Double(max(0, end - o.at)) / 3600 * Double(o.units)
            s.savedHours += hours
            s.savedMoney += hours * o.price
            s.savedPerService[o.seen.service, default: (0, 0)].hours += hours
            s.savedPerService[o.seen.service, default: (0, 0)].money += hours * o.price
            accounts[o.seen.account, default: AccountTotals()].savedHours += hours
            accounts[o.seen.account, default: AccountTotals()].savedMoney += hours * o.price
            observer.observe(.saved(hours: hours, money: hours * o.price, by: o.seen))
        }

        /// The records of the default service, counted apart (most logs name no other).
        var defaultServiceCounts = RunCounts()

        /// Settles the stops still open at the end of the log (once, after the last line).
        public mutating func finish<O: AuditSummaryObserver>(_ s: inout AuditSummary, observer: inout O) {
            closePending(&s, &observer)
            for key in Array(open.keys) { settle(key, upTo: nil, &s, &observer) }
            if defaultServiceCounts.considered > 0 { s.countsPerService[AuditSummary.defaultService] = defaultServiceCounts }
            if anyAccount { s.perAccount = accounts }
        }

        /// Counts one record; true when it is a decision that passed the filter.
        mutating func add<R: SummaryRecord, O: AuditSummaryObserver>(_ r: R, to s: inout AuditSummary, observer: inout O) -> Bool {
            let t = r.evalInstant ?? 0
            // Every run start, whatever the filters: lateness needs the run before each stop.
            if r.kind == .runStart { s.lateness.runStarted(runId: r.runIdText ?? "", at: t) }
            // An outcome is written by the run that wrote its intent: intents still pending when
            // another run's record comes, or when their run ends, never got one.
            if !pending.isEmpty, r.kind == .runEnd || r.runIdText != pendingRun { closePending(&s, &observer) }
            if let since = filter.since, t < since { return false }
            if let until = filter.until, t >= until { return false }
            switch r.kind {
            case .runStart:
                s.runs += 1
                let time = r.timeText
                s.firstTime = s.firstTime ?? time
                s.lastTime = time
                observer.observe(.runStarted(at: t, evalTime: r.evalTimeText))
                return false
            case .runEnd:
                // Failed listings concern no one model: they count when no model filter is set.
                if unfiltered, let n = r.listingFailures, n > 0 {
                    s.counts.addDiscoveryFailure(n)
                    observer.observe(.listingsFailed(n, at: t))
                }
                return false
            case .intent:
                // Counted only without an outcome filter (it has no outcome); paired with the
                // decision record of the same model in the same run.
                guard filter.outcome == nil, let action = r.intendedAction, r.hasModel, let account = modelMatches(r) else { return false }
                let key = r.isDefaultService ? r.modelKey : "\(r.serviceName)/\(r.modelKey)"
                pendingRun = r.runIdText
                pending[key] = Seen(at: t, project: r.projectText ?? "", service: r.serviceName, account: account, action: action, outcome: nil,
                                    model: key, runId: r.runIdText, evalTime: r.evalTimeText,
                                    namesServiceOrAccount: r.namesService || r.accountNameText != nil || r.accountIdText != nil)
                return false
            case .settle:
                if filter.outcome == nil, r.hasModel, modelMatches(r) != nil { s.settled += 1 }
                return false
            case .decision:
                break
            }
            guard let action = r.decidedAction, r.hasModel else { return false }
            if !pending.isEmpty {
                pending[r.isDefaultService ? r.modelKey : "\(r.serviceName)/\(r.modelKey)"] = nil
            }
            if let o = filter.outcome, !o.matches(action, r.stopOutcome) { return false }
            guard let account = modelMatches(r) else { return false }
            let accountName = r.accountNameText, accountId = r.accountIdText
            let wasHosted = r.wasHosted
            accounts[account, default: AccountTotals()].counts.add(action, r.stopOutcome, wasHosted: wasHosted)
            s.counts.add(action, r.stopOutcome, wasHosted: wasHosted)
            if r.isDefaultService {
                defaultServiceCounts.add(action, r.stopOutcome, wasHosted: wasHosted)
            } else {
                s.countsPerService[r.serviceName, default: RunCounts()].add(action, r.stopOutcome, wasHosted: wasHosted)
            }
            // Models of services other than Lookout for Vision are named with their service.
            let key = r.isDefaultService ? r.modelKey : "\(r.serviceName)/\(r.modelKey)"
            let seen = Seen(at: t, project: r.projectText ?? "", service: r.serviceName, account: account, action: action, outcome: r.stopOutcome,
                            model: key, runId: r.runIdText, evalTime: r.evalTimeText,
                            namesServiceOrAccount: r.namesService || accountName != nil || accountId != nil)
            observer.observe(.decided(seen))
            if r.stopOutcome == .started, let closes = r.windowClosesInstant, closes > t {
                s.startedHours += Double(closes - t) / 3600 * Double(r.units ?? 1)
            }
            if let outcome = r.stopOutcome, outcome.isStop {
                s.lateness.stopped(at: t, windowClosedAt: r.windowClosedAtInstant, inferenceUnits: r.units ?? 1,
                                   pricePerUnitHour: r.pricePerHour ?? 0)
                let stop = (at: t, until: r.nextWindowInstant, units: r.units ?? 1, price: r.pricePerHour ?? 0, seen: seen)
                if s.stopsPerModel[key] != nil || s.stopsPerModel.count < s.modelLimit {
                    s.stopsPerModel[key, default: 0] += 1
                    let run = r.runIdText ?? ""
                    if lastRunStopping[key] != run {
                        lastRunStopping[key] = run
                        s.runsStoppingModel[key, default: 0] += 1
                    }
                    settle(key, upTo: t, &s, &observer)
                    open[key] = stop
                } else {
                    // Beyond the per-model tables: its saving runs to its next window (not cut
                    // short by a later stop of the same model, which is not remembered).
                    s.untrackedStops += 1
                    save(stop, upTo: nil, &s, &observer)
                }
            } else if r.stopOutcome == .failed {
                s.failuresByCode[r.errorCodeText ?? "unknown", default: 0] += 1
            }
            return true
        }

        /// Whether a record's model passes the filters (project, version, service, account): its
        /// account's label when it does.
        mutating func modelMatches<R: SummaryRecord>(_ r: R) -> String? {
            if let glob = filter.project, let project = r.projectText, !glob.matches(project) { return nil }
            if let v = filter.version, r.versionText != v { return nil }
            if let service = filter.service, r.serviceName != service.rawValue { return nil }
            let accountName = r.accountNameText, accountId = r.accountIdText
            if !filter.matchesAccount(name: accountName, id: accountId) { return nil }
            if accountName != nil || accountId != nil { anyAccount = true }
            return AuditSummary.accountLabel(name: accountName, id: accountId)
        }

        /// Counts the intents still pending as "sent, outcome unknown", once each.
        mutating func closePending<O: AuditSummaryObserver>(_ s: inout AuditSummary, _ observer: inout O) {
            for seen in pending.values.sorted(by: { $0.model < $1.model }) {
                s.counts.addOutcomeUnknown()
                accounts[seen.account, default: AccountTotals()].counts.addOutcomeUnknown()
                if seen.service == AuditSummary.defaultService {
                    defaultServiceCounts.addOutcomeUnknown()
                } else {
                    s.countsPerService[seen.service, default: RunCounts()].addOutcomeUnknown()
                }
                if s.unknownOutcomes.count < AuditSummary.unknownKept { s.unknownOutcomes.append((seen.model, seen.action, seen.runId ?? "")) }
                observer.observe(.outcomeUnknown(seen))
            }
            pending = [:]
            pendingRun = nil
        }
    }
}

/// Told what a pass over the log sees (`AuditSummary.Event`), in order.
public protocol AuditSummaryObserver {
    mutating func observe(_ event: AuditSummary.Event)
}

/// An observer that keeps nothing.
struct NoObserver: AuditSummaryObserver {
    mutating func observe(_ event: AuditSummary.Event) {}
}

/// What the summary reads of a record, whether scanned from bytes or decoded.
protocol SummaryRecord {
    var kind: RunEvent.Kind { get }
    var evalInstant: Int? { get }
    var timeText: String? { get }
    var evalTimeText: String? { get }
    /// True when the record has a `service` field (even `lookoutvision`).
    var namesService: Bool { get }
    var runIdText: String? { get }
    var hasModel: Bool { get }
    var projectText: String? { get }
    var versionText: String? { get }
    /// `region/project/version`.
    var modelKey: String { get }
    var wasHosted: Bool { get }
    var decidedAction: Action? { get }
    var stopOutcome: Outcome? { get }
    /// The action an `intent` record names.
    var intendedAction: Action? { get }
    var errorCodeText: String? { get }
    var nextWindowInstant: Int? { get }
    var windowClosesInstant: Int? { get }
    var windowClosedAtInstant: Int? { get }
    var units: Int? { get }
    var pricePerHour: Double? { get }
    var listingFailures: Int? { get }
    /// `account_name` and `account_id`, when the record has them.
    var accountNameText: String? { get }
    var accountIdText: String? { get }
    /// The service the record is about (`lookoutvision` when the record does not say).
    var serviceName: String { get }
    /// True when that is `lookoutvision`.
    var isDefaultService: Bool { get }
}

extension SummaryFields: SummaryRecord {
    var kind: RunEvent.Kind { type }
    var evalInstant: Int? { InstantFormat.parseUTC(eval_time) }
    var timeText: String? { time }
    var evalTimeText: String? { eval_time }
    var namesService: Bool { service?.value != nil }
    var runIdText: String? { run_id }
    var hasModel: Bool { project != nil && version != nil }
    var projectText: String? { project }
    var versionText: String? { version }
    var modelKey: String { "\(account_name?.value.map { "\($0)/" } ?? "")\(region ?? "?")/\(project ?? "")/\(version ?? "")" }
    var wasHosted: Bool { state_before.map(\.isHosted) ?? (status_before == "HOSTED") }
    var decidedAction: Action? { decision }
    var stopOutcome: Outcome? { outcome }
    var intendedAction: Action? { action }
    var errorCodeText: String? { error_code }
    var nextWindowInstant: Int? { next_window.flatMap(InstantFormat.parseUTC) }
    var windowClosesInstant: Int? { window_closes.flatMap(InstantFormat.parseUTC) }
    var windowClosedAtInstant: Int? { window_closed_at.flatMap(InstantFormat.parseUTC) }
    var units: Int? { inference_units }
    var pricePerHour: Double? { price_per_iu_hour }
    var listingFailures: Int? { counts?["discovery_failures"] }
    var accountNameText: String? { account_name?.value }
    var accountIdText: String? { account_id?.value }
    var serviceName: String { service?.value ?? AuditSummary.defaultService }
    var isDefaultService: Bool { service?.value == nil || service?.value == AuditSummary.defaultService }
}

extension AuditRecordScanner: SummaryRecord {
    var kind: RunEvent.Kind { type ?? .decision }
    var evalInstant: Int? { instant(evalTime) }
    var timeText: String? { string(time) }
    var evalTimeText: String? { string(evalTime) }
    var namesService: Bool { service != nil }
    var runIdText: String? { string(runId) }
    var hasModel: Bool { project != nil && version != nil }
    var projectText: String? { string(project) }
    var versionText: String? { string(version) }
    var modelKey: String { modelKeyBytes }
    var wasHosted: Bool { stateBefore.map(\.isHosted) ?? equals(statusBefore, AuditRecordScanner.hosted) }
    var decidedAction: Action? { decision }
    var stopOutcome: Outcome? { outcome }
    var intendedAction: Action? { action }
    var errorCodeText: String? { string(errorCode) }
    var nextWindowInstant: Int? { instant(nextWindow) }
    var windowClosesInstant: Int? { instant(windowCloses) }
    var windowClosedAtInstant: Int? { instant(windowClosedAt) }
    var units: Int? { inferenceUnits }
    var pricePerHour: Double? { price }
    var listingFailures: Int? { discoveryFailures }
    var accountNameText: String? { string(accountName) }
    var accountIdText: String? { string(accountId) }
    var serviceName: String { service == nil ? AuditSummary.defaultService : string(service)! }
    var isDefaultService: Bool { service == nil || equals(service, AuditRecordScanner.defaultService) }
}

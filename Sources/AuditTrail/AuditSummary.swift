import Foundation
import HostingSchedule

/// The `audit` view of a log: filters, then a summary built in one streaming pass. Memory does not
/// grow with the log, and grows with the number of distinct models only up to `modelLimit`: the
/// per-model tables (stops per model, repeat offenders, open savings) hold the first `modelLimit`
/// models stopped; the stops of later models count in every total (`untrackedStops`). What it
/// counts is `RunCounts`'s.
public struct AuditSummary: Sendable {
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
        /// Its stops' savings, realized and projected.
        public var savings = Savings()
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
    /// Events not delivered to EventBridge, as the runs' `events` records count them
    /// (`EventsDelivered.failed`: the run's `_event_failures`).
    public var eventFailures = 0
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
    /// What the stops saved, realized and projected (`Savings`), in inference-unit hours and in
    /// money at the recorded prices (same currency as the price in the rule file).
    public var savings = Savings()
    /// The same savings per service.
    public var savingsPerService: [String: Savings] = [:]
    /// (c): the latest decision instant of the records read (within `--since`/`--until`): the
    /// realized savings run at most to it.
    public var logEnd: Int?
    /// The period asked for (`--from`/`--to`): only its stops count, and their savings stop at its end.
    public var period: (from: Int?, to: Int?) = (nil, nil)
    /// Stops whose record has no next window (a schedule that never opens again, or an old
    /// record) and whose model the log never saw hosted again: their projection is counted only
    /// up to the log's latest record, because nothing later is known.
    public var projectionOpenEnded = 0
    /// Stops whose record has no price (old logs): their hours count, their money is unknown (0).
    public var stopsWithoutPrice = 0
    /// Stops whose record says they save nothing (a price of 0): 0 in both figures.
    public var stopsSavingNothing = 0
    /// Stops of untracked models settled early at the memory bound (`SavingsLedger.cutAtLimit`):
    /// their realized saving may be short, never long.
    public var savingsCutAtLimit = 0
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
        var pass = Pass(filter: filter, collect: collect, scanning: scanning, modelLimit: modelLimit, observer: observer)
        try AuditReader.read(path: path, into: &pass)
        defer { observer = pass.observer }
        return pass.finish()
    }

    /// The summary as an observer of one pass (`AuditLineObserver`), telling `observer` what it
    /// sees; `finish()` once the pass is over.
    public struct Pass<O: AuditSummaryObserver>: AuditLineObserver {
        var summary = AuditSummary()
        var reader: Reader
        let collect: Bool
        /// Told what the pass sees.
        public private(set) var observer: O

        /// A summary of the records that pass `filter` (`collect`: kept whole too).
        public init(filter: Filter = Filter(), collect: Bool = false, scanning: Bool = true, modelLimit: Int = AuditSummary.modelLimit,
                    observer: O) {
            summary.modelLimit = modelLimit
            reader = Reader(filter: filter, scanning: scanning, modelLimit: modelLimit)
            self.collect = collect
            self.observer = observer
        }

        /// Reads one line into the summary.
        public mutating func observe(_ line: AuditReader.Line) {
            let matched = reader.add(line: line.kind == .overlong ? nil : line.bytes, number: line.number, to: &summary, observer: &observer)
            if matched && collect, let full = try? reader.decoder.decode(RunEvent.self, from: Data(line.bytes)) { summary.records.append(full) }
        }

        /// The summary, its open savings settled at the end of the log.
        public mutating func finish() -> AuditSummary {
            reader.finish(&summary, observer: &observer)
            return summary
        }
    }

}

/// Told what a pass over the log sees (`AuditSummary.Event`), in order.
public protocol AuditSummaryObserver {
    mutating func observe(_ event: AuditSummary.Event)
    /// False when the observer ignores `.decided` events, so the pass need not make them (true by default).
    var observesDecisions: Bool { get }
}

extension AuditSummaryObserver {
    public var observesDecisions: Bool { true }
}

/// An observer that keeps nothing.
struct NoObserver: AuditSummaryObserver {
    mutating func observe(_ event: AuditSummary.Event) {}
    var observesDecisions: Bool { false }
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
    /// True when the record says its stop saves nothing: a price of 0, or no billed unit freed (a
    /// SageMaker component whose endpoint keeps its instances: `inference_units` 0, with
    /// `no_saving_reason`).
    var savesNothing: Bool { get }
    var listingFailures: Int? { get }
    /// `failed` of an `events` record.
    var eventFailureCount: Int? { get }
    /// `account_name` and `account_id`, when the record has them.
    var accountNameText: String? { get }
    var accountIdText: String? { get }
    /// The service the record is about (`lookoutvision` when the record does not say).
    var serviceName: String { get }
    /// True when that is `lookoutvision`.
    var isDefaultService: Bool { get }
    /// The record's account, as an index of `tally` (worked out for `filter` once per account).
    func account(in tally: inout DecisionTally, filter: AuditSummary.Filter) -> Int
    /// The record's service, as an index of `tally` (0: `lookoutvision`).
    func service(in tally: inout DecisionTally) -> Int
}

extension SummaryRecord {
    /// The model as the summary keys it (`stops per model`, the savings ledger, the memory of
    /// stops): `modelKey`, after the service's name when it is not `lookoutvision`.
    var serviceModelKey: String { isDefaultService ? modelKey : "\(serviceName)/\(modelKey)" }
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
    var wasHosted: Bool { ModelDecision.wasHosted(state: state_before) { status_before == ModelDecision.legacyHostedStatus.rawValue } }
    var decidedAction: Action? { decision }
    var stopOutcome: Outcome? { outcome }
    var intendedAction: Action? { action }
    var errorCodeText: String? { error_code }
    var nextWindowInstant: Int? { next_window.flatMap(InstantFormat.parseUTC) }
    var windowClosesInstant: Int? { window_closes.flatMap(InstantFormat.parseUTC) }
    var windowClosedAtInstant: Int? { window_closed_at.flatMap(InstantFormat.parseUTC) }
    var units: Int? { inference_units }
    var pricePerHour: Double? { price_per_iu_hour }
    var savesNothing: Bool { price_per_iu_hour == 0 || inference_units == 0 }
    var listingFailures: Int? { counts?["discovery_failures"] }
    var eventFailureCount: Int? { failed }
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
    var wasHosted: Bool { ModelDecision.wasHosted(state: stateBefore) { equals(statusBefore, AuditRecordScanner.hosted) } }
    var decidedAction: Action? { decision }
    var stopOutcome: Outcome? { outcome }
    var intendedAction: Action? { action }
    var errorCodeText: String? { string(errorCode) }
    var nextWindowInstant: Int? { instant(nextWindow) }
    var windowClosesInstant: Int? { instant(windowCloses) }
    var windowClosedAtInstant: Int? { instant(windowClosedAt) }
    var units: Int? { inferenceUnits }
    var pricePerHour: Double? { price }
    var savesNothing: Bool { price == 0 || inferenceUnits == 0 }
    var listingFailures: Int? { discoveryFailures }
    var eventFailureCount: Int? { eventFailures }
    var accountNameText: String? { string(accountName) }
    var accountIdText: String? { string(accountId) }
    var serviceName: String { service == nil ? AuditSummary.defaultService : string(service)! }
    var isDefaultService: Bool { service == nil || equals(service, AuditRecordScanner.defaultService) }
}

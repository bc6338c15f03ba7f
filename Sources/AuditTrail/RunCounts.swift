/// The only place that counts what a run decided and did. The text summary, the JSON `counts`,
/// the metrics, the `run-end` record, the audit summary and the exit status all read it.
///
/// Definitions (README, "What is counted"):
/// - a **stop** is a StopModel the service accepted: outcome `stopped`, `confirmed` or
///   `unconfirmed`. An **unconfirmed** stop is a stop (its saving counts) that `--wait` did not see
///   finish in time; it is never a failure, and it makes the run exit 1.
/// - a **start** is a StartModel the service accepted: outcome `started`.
/// - a **failure** is an action refused or left without an answer (`failed`: a stop, a start, or
///   the tags read before a stop), or a listing that failed.
public struct RunCounts: Sendable, Equatable {
    /// Models decided on.
    public private(set) var considered = 0
    /// Decisions by action.
    public private(set) var actions: [Action: Int] = [:]
    /// Outcomes, in all.
    public private(set) var outcomes: [Outcome: Int] = [:]
    /// Failed outcomes by the action they belonged to.
    public private(set) var failuresByAction: [Action: Int] = [:]
    /// Hosted models no rule covers.
    public private(set) var unmanagedHosted = 0
    /// Listings that failed.
    public private(set) var discoveryFailures = 0
    /// Stops and starts sent whose outcome was never recorded ("sent, outcome unknown"): in a
    /// run, those of earlier runs it found in the log and settled; in `audit`, intents without an
    /// outcome record. Counted once each, never as a stop, a start or a saving.
    public private(set) var outcomeUnknown = 0

    /// No counts yet.
    public init() {}

    /// Counts one model's decision and outcome.
    public mutating func add(_ d: ModelDecision) {
        add(d.decision, d.outcome, wasHosted: d.wasHosted)
    }

    /// Counts one decision given by its parts (the audit summary reads only these).
    public mutating func add(_ action: Action, _ outcome: Outcome?, wasHosted: Bool) {
        add(action, outcome, count: 1, hosted: wasHosted ? 1 : 0)
    }

    /// Counts `n` decisions alike at once, `hosted` of them of a model seen hosted (the audit
    /// summary's flat tally, turned into counts at the end). Nothing when `n` is 0.
    public mutating func add(_ action: Action, _ outcome: Outcome?, count n: Int, hosted: Int) {
        guard n > 0 else { return }
        considered += n
        actions[action, default: 0] += n
        if let outcome { outcomes[outcome, default: 0] += n }
        if outcome == .failed { failuresByAction[action, default: 0] += n }
        if action == .unmanaged { unmanagedHosted += hosted }
    }

    /// Counts listings that failed.
    public mutating func addDiscoveryFailure(_ n: Int = 1) { discoveryFailures += n }

    /// Counts actions sent whose outcome is unknown.
    public mutating func addOutcomeUnknown(_ n: Int = 1) { outcomeUnknown += n }

    /// Decisions with this action.
    public subscript(action: Action) -> Int { actions[action] ?? 0 }
    /// Outcomes of this kind.
    public subscript(outcome: Outcome) -> Int { outcomes[outcome] ?? 0 }

    /// Stops the service accepted (confirmed and unconfirmed included).
    public var stopped: Int { Outcome.allCases.filter(\.isStop).reduce(0) { $0 + self[$1] } }
    /// Stops the service accepted that `--wait` did not see finish.
    public var unconfirmed: Int { self[.unconfirmed] }
    /// Stops refused or unanswered.
    public var stopFailures: Int { failuresByAction[.stop] ?? 0 }
    /// Starts the service accepted.
    public var started: Int { self[.started] }
    /// Starts refused or unanswered.
    public var startFailures: Int { failuresByAction[.start] ?? 0 }
    /// Everything that failed: stops, starts, tags that could not be read, listings.
    public var failures: Int { self[.failed] + discoveryFailures }
    /// Stops a dry run would have sent.
    public var wouldStop: Int { self[.wouldStop] }
    /// Starts a dry run would have sent.
    public var wouldStart: Int { self[.wouldStart] }

    /// 0 when everything asked for was done; 1 when an action or listing failed, a stop was not
    /// sent (the log could not be written), or a stop stayed unconfirmed.
    public var exitStatus: Int32 { failures + unconfirmed + self[.skipped] > 0 ? 1 : 0 }

    /// The JSON `counts` object and the `run-end` record's: `considered`, each action and
    /// outcome that occurred, `unmanaged_hosted` when any, and `discovery_failures`.
    public var dictionary: [String: Int] {
        var d = ["considered": considered, "discovery_failures": discoveryFailures]
        for (a, n) in actions where n > 0 { d[a.rawValue] = n }
        for (o, n) in outcomes where n > 0 { d[o.rawValue] = n }
        if unmanagedHosted > 0 { d["unmanaged_hosted"] = unmanagedHosted }
        if outcomeUnknown > 0 { d["outcome_unknown"] = outcomeUnknown }
        for (a, n) in failuresByAction where n > 0 && a != .stop { d["\(a.rawValue)_failed"] = n }
        return d
    }

    /// Counts read back from a `run-end` record (unknown keys are ignored).
    public init(dictionary d: [String: Int]) {
        considered = d["considered"] ?? 0
        discoveryFailures = d["discovery_failures"] ?? 0
        unmanagedHosted = d["unmanaged_hosted"] ?? 0
        outcomeUnknown = d["outcome_unknown"] ?? 0
        for a in Action.allCases { if let n = d[a.rawValue] { actions[a] = n } }
        for o in Outcome.allCases { if let n = d[o.rawValue] { outcomes[o] = n } }
        // Failures other than stops are written as `<action>_failed`; the rest were stops.
        var others = 0
        for a in Action.allCases where a != .stop {
            if let n = d["\(a.rawValue)_failed"] { failuresByAction[a] = n; others += n }
        }
        if let failed = d[Outcome.failed.rawValue], failed - others > 0 { failuresByAction[.stop] = failed - others }
    }
}

extension RunCounts: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(dictionary: try decoder.singleValueContainer().decode([String: Int].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(dictionary)
    }
}

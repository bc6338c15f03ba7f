import ServiceVocabulary

/// An expiring exception written in the rule file: until `until`, the models it selects follow
/// `schedule` instead of their rules ("keep pcb-inspection 3 up until Friday evening"). Tried
/// before the rules while the decision instant is before `until`; the first that matches wins.
public struct Override: Sendable, CustomStringConvertible {
    /// Position in the override list, from 1.
    public let number: Int
    /// Where it is written.
    public let line: Int
    public let column: Int
    /// The models it selects and the schedule they follow, as a rule would say it.
    public let selector: Rule
    /// The instant it ends (seconds since the epoch).
    public let until: Int
    /// Why (`line trial OPS-123`): shown with every decision taken under it.
    public let reason: String

    /// An override.
    public init(number: Int, line: Int = 0, column: Int = 0, selector: Rule, until: Int, reason: String) {
        self.number = number
        self.line = line
        self.column = column
        self.selector = selector
        self.until = until
        self.reason = reason
    }

    /// The schedule the selected models follow until `until`.
    public var schedule: Schedule { selector.schedule }

    /// Whether it is in force at `t` and selects the model.
    public func applies(at t: Int, project: String, version: String, region: String?, service: ServiceKind, account: String? = nil) -> Bool {
        t < until && selector.covers(project: project, version: version, region: region, service: service, account: account)
    }

    /// `override 1 (project pcb, versions 3 -> always, until 2026-12-24T17:00:00Z: line trial)`.
    public var description: String {
        "override \(number) (\(selector.account == .home ? "" : "account \(selector.account), ")\(selector.service == .default ? "" : "service \(selector.service), ")project \(selector.project), versions \(selector.versions)\(selector.region.map { ", region \($0)" } ?? "") -> \(schedule.name), until \(InstantFormat.utc(until)): \(reason))"
    }
}

/// What a rule asks of starts: bring the model up when its window opens.
public struct StartPolicy: Sendable, Equatable {
    /// Inference units to start with.
    public let minInferenceUnits: Int
    /// Upper bound for auto-scaling (nil: the service's default).
    public let maxInferenceUnits: Int?
    /// True: start at every run inside the window, even after a person stopped the model.
    public let enforce: Bool
    /// With no earlier run in the log: start when the window opened at most this long ago.
    public let startWithin: Int
    /// SageMaker: the copies to bring a component back to (nil: those at its last stop, else 1).
    public var copies: Int? = nil

    /// The default `start_within`: 65 minutes, one hourly run and some slack.
    public static let defaultStartWithin = 65 * 60

    /// A policy.
    public init(minInferenceUnits: Int, maxInferenceUnits: Int? = nil, enforce: Bool = false, startWithin: Int = StartPolicy.defaultStartWithin) {
        self.minInferenceUnits = minInferenceUnits
        self.maxInferenceUnits = maxInferenceUnits
        self.enforce = enforce
        self.startWithin = startWithin
    }
}

import HostingSchedule
import Rendering
import RuleFile

/// One model at one instant: which rule applies, hosted or stopped, why, and when that changes.
/// What `lookout-scheduler explain` prints.
public struct ExplainReport: Sendable {
    /// The model.
    public let model: TimelineReport.Model
    /// The evaluator's decision.
    public let decision: Decision

    /// Evaluates the model at `instant`.
    public init(ruleSet: RuleSet, model: TimelineReport.Model, at instant: Int) {
        self.model = model
        decision = ruleSet.decide(project: model.project, version: model.version, region: model.region, service: model.service,
                                  account: model.account, at: instant)
    }

    /// `keep` (may be hosted), `stop` (must be stopped if hosted), or `ignore` (no rule covers it).
    public var action: String {
        switch decision.hosted {
        case true?: return "keep"
        case false?: return "stop"
        case nil: return "ignore"
        }
    }

    /// Readable lines.
    public func text() -> String {
        let d = decision
        var out = "Model:    \(model.project) version \(model.version)\(model.region.map { " in \($0)" } ?? "") (\(model.service.displayName))"
            + "\(model.account.map { ", account \($0)" } ?? "")\n"
        out += "At:       \(InstantFormat.utc(d.instant))"
        guard let rule = d.rule else {
            return out + "\nRule:     none: no rule covers this model, so it is left alone (never stopped)\n"
        }
        let clock = rule.schedule.clock
        out += " (\(InstantFormat.local(d.instant, in: clock)) \(clock.name))\n"
        if let o = d.override {
            out += "Override: \(o), line \(o.line)\n"
        } else {
            out += "Rule:     \(rule)\(rule.line > 0 ? ", line \(rule.line)" : "")\n"
        }
        out += "Schedule: \(rule.schedule)\n"
        out += "Verdict:  \(d.hosted == true ? "may be hosted (keep)" : "must be stopped (stop if hosted)")\n"
        out += "Why:      \(d.reason)\n"
        if d.previousTransition != nil || d.nextTransition != nil {
            out += "Since:    \(d.previousTransition.map { "\(InstantFormat.local($0, in: clock)) (\(InstantFormat.utc($0)))" } ?? "more than 10 years")\n"
            out += "Until:    \(d.nextTransition.map { "\(InstantFormat.local($0, in: clock)) (\(InstantFormat.utc($0)))" } ?? "more than 10 years")\n"
        }
        return out
    }

    struct Document: Encodable {
        let at: String
        let at_epoch: Int
        let service: ServiceKind
        let project: String
        let version: String
        @NullEncoded var region: String? = nil
        /// The declared account (null: the home account).
        @NullEncoded var account: String? = nil
        let managed: Bool
        @NullEncoded var rule: Int? = nil
        @NullEncoded var rule_line: Int? = nil
        @NullEncoded var schedule: String? = nil
        @NullEncoded var timezone: String? = nil
        @NullEncoded var local_time: String? = nil
        @NullEncoded var hosted: Bool? = nil
        let action: String
        @NullEncoded var window: String? = nil
        let reason: String
        @NullEncoded var previous_transition: String? = nil
        @NullEncoded var previous_transition_local: String? = nil
        @NullEncoded var next_transition: String? = nil
        @NullEncoded var next_transition_local: String? = nil
        /// Taken under an override: its number, line, end and reason.
        @NullEncoded var override: OverrideDoc? = nil

    }

    struct OverrideDoc: Encodable, Equatable {
        let number: Int
        let line: Int
        let until: String
        let reason: String
    }

    /// The stable JSON document (see the README, "explain --output json").
    public func json() -> String {
        let d = decision
        let clock = d.rule?.schedule.clock
        let window = d.windowIndex.flatMap { i in d.rule.map { $0.schedule.windows.indices.contains(i) ? $0.schedule.windows[i].description : nil } } ?? nil
        let doc = Document(
            at: InstantFormat.utc(d.instant), at_epoch: d.instant, service: model.service, project: model.project, version: model.version,
            region: model.region, account: model.account, managed: d.rule != nil, rule: d.override == nil ? d.rule?.number : nil,
            rule_line: d.override == nil ? d.rule?.line : nil,
            schedule: d.rule?.schedule.name, timezone: clock?.name,
            local_time: clock.map { InstantFormat.local(d.instant, in: $0) }, hosted: d.hosted, action: action,
            window: window, reason: d.reason,
            previous_transition: d.previousTransition.map(InstantFormat.utc),
            previous_transition_local: clock.flatMap { c in d.previousTransition.map { InstantFormat.local($0, in: c) } },
            next_transition: d.nextTransition.map(InstantFormat.utc),
            next_transition_local: clock.flatMap { c in d.nextTransition.map { InstantFormat.local($0, in: c) } },
            override: d.override.map { OverrideDoc(number: $0.number, line: $0.line, until: InstantFormat.utc($0.until), reason: $0.reason) })
        return JSONDocument.pretty(doc)
    }
}

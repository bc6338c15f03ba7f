import Foundation
import HostingSchedule
import Rendering

/// Prints an `AuditSummary` as text or JSON.
public struct AuditReport: Sendable {
    public let summary: AuditSummary
    public let path: String
    /// Hosted time past window closes (from the summary's own pass).
    public var lateness: LatenessTally

    public init(summary: AuditSummary, path: String) {
        self.summary = summary
        self.path = path
        lateness = summary.lateness
    }

    /// Models listed at most in `stops per model` and the repeat offenders (the rest are counted).
    public static let shown = 50

    public func text() -> String {
        let s = summary
        // Every string read from the log goes through the one sanitizer: a crafted log cannot
        // move the cursor, forge a line or reorder what the terminal shows.
        func p(_ field: String) -> String { Printable.line(field, limit: 500) }
        var out = "Audit log \(p(path)): \(s.lines) lines, \(s.runs) runs"
        if let first = s.firstTime, let last = s.lastTime { out += " from \(p(first)) to \(p(last))" }
        out += "\n"
        if !s.tornLines.isEmpty { out += "warning: torn lines (interrupted writes) at \(s.tornLines.map(String.init).joined(separator: ", "))\n" }
        out += "decisions: \(s.decisions), stops: \(s.stops), failures: \(s.failures)"
        out += s.counts.unconfirmed > 0 ? " (\(s.counts.unconfirmed) stops unconfirmed)" : ""
        out += s.counts.started + s.counts.startFailures > 0 ? ", starts: \(s.counts.started)" : ""
        out += s.counts.outcomeUnknown > 0 ? ", sent, outcome unknown: \(s.counts.outcomeUnknown)" : ""
        out += "\n"
        if s.eventFailures > 0 { out += "events not delivered to EventBridge: \(s.eventFailures)\n" }
        if s.counts.outcomeUnknown > 0 || s.settled > 0 {
            out += "sent, outcome unknown (an intent with no outcome record; never counted as a stop, a start or a saving): \(s.counts.outcomeUnknown); settled by a later run: \(s.settled)\n"
            for u in s.unknownOutcomes { out += "  \(u.action.rawValue) \(u.model) (run \(u.runId))\n" }
            if s.counts.outcomeUnknown > s.unknownOutcomes.count { out += "  and \(s.counts.outcomeUnknown - s.unknownOutcomes.count) more\n" }
        }
        out += savingsText(s)
        if s.startedHours > 0 { out += String(format: "hosting started at window openings: %.1f inference-unit hours (not savings)\n", s.startedHours) }
        out += String(format: "hosted past window closes: %.2f h (cost %.2f)\n", lateness.lateHours, lateness.lateCost)
        if !s.perAccount.isEmpty {
            out += "per account:\n"
            for (k, a) in s.perAccount.sorted(by: { $0.key < $1.key }) {
                out += "  \(p(k)): \(a.counts.considered) decisions, \(a.counts.stopped) stops, \(a.counts.failures) failures, "
                    + "realized savings: \(AuditReport.figures(a.savings, unit: AuditReport.totalUnit(s)))\n"
            }
        }
        if !s.stopsPerModel.isEmpty {
            let top = s.topStopsPerModel(AuditReport.shown)
            out += "stops per model\(top.count < s.stopsPerModel.count ? " (top \(top.count) of \(s.stopsPerModel.count) models)" : ""):\n"
            for (k, v) in top { out += "  \(p(k)): \(v)\n" }
            if top.count < s.stopsPerModel.count { out += "  and \(s.stopsPerModel.count - top.count) more models\n" }
        }
        if s.untrackedStops > 0 {
            out += "\(s.untrackedStops) stops of models beyond the first \(s.modelLimit) distinct models are in the totals and savings, not per model (audit's memory bound)\n"
        }
        if !s.failuresByCode.isEmpty {
            out += "failures by error code:\n"
            for (k, v) in s.failuresByCode.sorted(by: { $0.key < $1.key }) { out += "  \(p(k)): \(v)\n" }
        }
        let offenders = s.repeatOffenders
        if !offenders.isEmpty {
            out += "models that keep being started outside their windows (stopped in 2 or more runs)"
                + (offenders.count > AuditReport.shown ? " (top \(AuditReport.shown) of \(offenders.count))" : "") + ":\n"
            for o in offenders.prefix(AuditReport.shown) { out += "  \(p(o.model)): \(o.runs) runs\n" }
            if offenders.count > AuditReport.shown { out += "  and \(offenders.count - AuditReport.shown) more models\n" }
        }
        if !s.records.isEmpty {
            out += "records:\n"
            for event in s.records {
                guard let r = event.decision else { continue }
                out += "  \(p(event.header.eval_time))\(r.accountLabel.map { " \(p($0))" } ?? "") \(p(r.region)) \(p(r.project)) v\(p(r.version)) \(r.decision.rawValue)"
                out += "\(r.outcome.map { " -> \($0.rawValue)" } ?? "")\(r.error_code.map { " (\(p($0.rawValue)))" } ?? ""): \(p(r.reason))\n"
            }
        }
        return out
    }

    /// The `audit --output json` document.
    struct Document: Encodable {
        struct Offender: Encodable {
            let model: String
            let runs: Int
        }
        let log: String
        let lines: Int
        let runs: Int
        let decisions: Int
        let stops: Int
        let failures: Int
        let unconfirmed: Int
        let torn_lines: [Int]
        /// The top `AuditReport.shown` models by stops.
        let stops_per_model: [String: Int]
        /// Models with stops in the per-model table (at most `AuditSummary.modelLimit`).
        let models_with_stops: Int
        /// Stops of models beyond `AuditSummary.modelLimit`.
        let untracked_stops: Int
        /// Sent, outcome unknown (`counts.outcomeUnknown`), and how many a later run settled.
        let outcome_unknown: Int
        let settled: Int
        /// Events not delivered (`AuditSummary.eventFailures`).
        let event_failures: Int
        /// The first `AuditSummary.unknownKept` of them.
        let unknown_outcomes: [Unknown]
        struct Unknown: Encodable {
            let model: String
            let action: Action
            let run_id: String
        }
        /// Repeat offenders beyond the `AuditReport.shown` listed.
        let more_repeat_offenders: Int
        let failures_by_code: [String: Int]
        let repeat_offenders: [Offender]
        let realized_inference_unit_hours: Double
        let realized_money: Double
        let projected_inference_unit_hours: Double
        let projected_money: Double
        /// Savings per service, with the same four keys.
        let savings_per_service: [String: SavingsFigures]
        /// What the savings could not know (README, "Savings"): the log's latest decision instant
        /// (realized savings end there), the period, and the stops whose figures are partial.
        @NullEncoded var savings_log_end: String? = nil
        @NullEncoded var period_from: String? = nil
        @NullEncoded var period_to: String? = nil
        let stops_without_next_window: Int
        let stops_without_price: Int
        let stops_saving_nothing: Int
        let savings_cut_at_model_limit: Int
        let starts: Int
        let started_inference_unit_hours: Double
        let late_hours: Double
        let late_cost: Double
        /// Per account (`AuditSummary.accountLabel`); empty when no record names an account.
        let accounts: [String: Account]
        struct Account: Encodable {
            let decisions: Int
            let stops: Int
            let failures: Int
            let realized_inference_unit_hours: Double
            let realized_money: Double
            let projected_inference_unit_hours: Double
            let projected_money: Double
        }
        @NullEncoded var first_run: String? = nil
        @NullEncoded var last_run: String? = nil
        /// Present with `--list`, or when nothing matched (an empty list).
        let records: [RunEvent]?
    }

    public func json() -> String {
        let s = summary
        let offenders = s.repeatOffenders
        let doc = Document(
            log: path, lines: s.lines, runs: s.runs, decisions: s.decisions, stops: s.stops, failures: s.failures,
            unconfirmed: s.counts.unconfirmed, torn_lines: s.tornLines, stops_per_model: Dictionary(uniqueKeysWithValues: s.topStopsPerModel(AuditReport.shown).map { ($0.model, $0.stops) }),
            models_with_stops: s.stopsPerModel.count, untracked_stops: s.untrackedStops, outcome_unknown: s.counts.outcomeUnknown,
            settled: s.settled, event_failures: s.eventFailures, unknown_outcomes: s.unknownOutcomes.map { Document.Unknown(model: $0.model, action: $0.action, run_id: $0.runId) },
            more_repeat_offenders: max(0, offenders.count - AuditReport.shown),
            failures_by_code: s.failuresByCode,
            repeat_offenders: offenders.prefix(AuditReport.shown).map { Document.Offender(model: $0.model, runs: $0.runs) },
            realized_inference_unit_hours: JSONDocument.twoDecimals(s.savings.realizedHours),
            realized_money: JSONDocument.twoDecimals(s.savings.realizedMoney),
            projected_inference_unit_hours: JSONDocument.twoDecimals(s.savings.projectedHours),
            projected_money: JSONDocument.twoDecimals(s.savings.projectedMoney),
            savings_per_service: s.savingsPerService.mapValues(SavingsFigures.init),
            savings_log_end: s.logEnd.map(InstantFormat.utc), period_from: s.period.from.map(InstantFormat.utc),
            period_to: s.period.to.map(InstantFormat.utc), stops_without_next_window: s.projectionOpenEnded,
            stops_without_price: s.stopsWithoutPrice, stops_saving_nothing: s.stopsSavingNothing,
            savings_cut_at_model_limit: s.savingsCutAtLimit,
            starts: s.counts.started, started_inference_unit_hours: JSONDocument.twoDecimals(s.startedHours),
            late_hours: lateness.lateHours, late_cost: JSONDocument.twoDecimals(lateness.lateCost),
            accounts: s.perAccount.mapValues {
                Document.Account(decisions: $0.counts.considered, stops: $0.counts.stopped, failures: $0.counts.failures,
                                 realized_inference_unit_hours: JSONDocument.twoDecimals($0.savings.realizedHours),
                                 realized_money: JSONDocument.twoDecimals($0.savings.realizedMoney),
                                 projected_inference_unit_hours: JSONDocument.twoDecimals($0.savings.projectedHours),
                                 projected_money: JSONDocument.twoDecimals($0.savings.projectedMoney))
            },
            first_run: s.firstTime, last_run: s.lastTime, records: !s.records.isEmpty || s.decisions == 0 ? s.records : nil)
        return JSONDocument.pretty(doc)
    }
}

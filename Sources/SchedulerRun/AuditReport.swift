import Foundation
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
        out += "\n"
        out += String(format: "estimated savings: %.1f inference-unit hours, %.2f at the rule file's price\n", s.savedHours, s.savedMoney)
        if s.savedPerService.count > 1 || s.savedPerService.keys.contains(where: { $0 != AuditSummary.defaultService }) {
            for (service, v) in s.savedPerService.sorted(by: { $0.key < $1.key }) {
                out += "  \(p(service)): " + String(format: "%.1f inference-unit hours, %.2f\n", v.hours, v.money)
            }
        }
        if s.startedHours > 0 { out += String(format: "hosting started at window openings: %.1f inference-unit hours (not savings)\n", s.startedHours) }
        out += String(format: "hosted past window closes: %.2f h (cost %.2f)\n", lateness.lateHours, lateness.lateCost)
        if !s.perAccount.isEmpty {
            out += "per account:\n"
            for (k, a) in s.perAccount.sorted(by: { $0.key < $1.key }) {
                out += "  \(p(k)): \(a.counts.considered) decisions, \(a.counts.stopped) stops, \(a.counts.failures) failures, "
                    + String(format: "estimated savings %.1f inference-unit hours, %.2f\n", a.savedHours, a.savedMoney)
            }
        }
        if !s.stopsPerModel.isEmpty {
            out += "stops per model:\n"
            for (k, v) in s.stopsPerModel.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) { out += "  \(p(k)): \(v)\n" }
        }
        if !s.failuresByCode.isEmpty {
            out += "failures by error code:\n"
            for (k, v) in s.failuresByCode.sorted(by: { $0.key < $1.key }) { out += "  \(p(k)): \(v)\n" }
        }
        let offenders = s.repeatOffenders
        if !offenders.isEmpty {
            out += "models that keep being started outside their windows (stopped in 2 or more runs):\n"
            for o in offenders { out += "  \(p(o.model)): \(o.runs) runs\n" }
        }
        if !s.records.isEmpty {
            out += "records:\n"
            for event in s.records {
                guard let r = event.decision else { continue }
                out += "  \(p(event.header.eval_time))\(r.accountLabel.map { " \(p($0))" } ?? "") \(p(r.region)) \(p(r.project)) v\(p(r.version)) \(r.decision.rawValue)"
                out += "\(r.outcome.map { " -> \($0.rawValue)" } ?? "")\(r.error_code.map { " (\(p($0)))" } ?? ""): \(p(r.reason))\n"
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
        let stops_per_model: [String: Int]
        let failures_by_code: [String: Int]
        let repeat_offenders: [Offender]
        let saved_inference_unit_hours: Double
        let saved_money: Double
        /// Savings per service: `{ "lookoutvision": { "inference_unit_hours", "money" } }`.
        let savings_per_service: [String: ServiceSavings]
        struct ServiceSavings: Encodable {
            let inference_unit_hours: Double
            let money: Double
        }
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
            let saved_inference_unit_hours: Double
            let saved_money: Double
        }
        @NullEncoded var first_run: String? = nil
        @NullEncoded var last_run: String? = nil
        /// Present with `--list`, or when nothing matched (an empty list).
        let records: [RunEvent]?
    }

    public func json() -> String {
        let s = summary
        let doc = Document(
            log: path, lines: s.lines, runs: s.runs, decisions: s.decisions, stops: s.stops, failures: s.failures,
            unconfirmed: s.counts.unconfirmed, torn_lines: s.tornLines, stops_per_model: s.stopsPerModel, failures_by_code: s.failuresByCode,
            repeat_offenders: s.repeatOffenders.map { Document.Offender(model: $0.model, runs: $0.runs) },
            saved_inference_unit_hours: JSONDocument.twoDecimals(s.savedHours), saved_money: JSONDocument.twoDecimals(s.savedMoney),
            savings_per_service: s.savedPerService.mapValues {
                Document.ServiceSavings(inference_unit_hours: JSONDocument.twoDecimals($0.hours), money: JSONDocument.twoDecimals($0.money))
            },
            starts: s.counts.started, started_inference_unit_hours: JSONDocument.twoDecimals(s.startedHours),
            late_hours: lateness.lateHours, late_cost: JSONDocument.twoDecimals(lateness.lateCost),
            accounts: s.perAccount.mapValues {
                Document.Account(decisions: $0.counts.considered, stops: $0.counts.stopped, failures: $0.counts.failures,
                                 saved_inference_unit_hours: JSONDocument.twoDecimals($0.savedHours),
                                 saved_money: JSONDocument.twoDecimals($0.savedMoney))
            },
            first_run: s.firstTime, last_run: s.lastTime, records: !s.records.isEmpty || s.decisions == 0 ? s.records : nil)
        return JSONDocument.pretty(doc)
    }
}

import Foundation

/// Prints an `AuditSummary` as text or JSON.
public struct AuditReport: Sendable {
    public let summary: AuditSummary
    public let path: String

    public init(summary: AuditSummary, path: String) {
        self.summary = summary
        self.path = path
    }

    public func text() -> String {
        let s = summary
        var out = "Audit log \(path): \(s.lines) lines, \(s.runs) runs"
        if let first = s.firstTime, let last = s.lastTime { out += " from \(first) to \(last)" }
        out += "\n"
        if !s.tornLines.isEmpty { out += "warning: torn lines (interrupted writes) at \(s.tornLines.map(String.init).joined(separator: ", "))\n" }
        out += "decisions: \(s.decisions), stops: \(s.stops), failures: \(s.failures)\n"
        out += String(format: "estimated savings: %.1f inference-unit hours, %.2f at the rule file's price\n", s.savedHours, s.savedMoney)
        if !s.stopsPerModel.isEmpty {
            out += "stops per model:\n"
            for (k, v) in s.stopsPerModel.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) { out += "  \(k): \(v)\n" }
        }
        if !s.failuresByCode.isEmpty {
            out += "failures by error code:\n"
            for (k, v) in s.failuresByCode.sorted(by: { $0.key < $1.key }) { out += "  \(k): \(v)\n" }
        }
        let offenders = s.repeatOffenders
        if !offenders.isEmpty {
            out += "models that keep being started outside their windows (stopped in 2 or more runs):\n"
            for o in offenders { out += "  \(o.model): \(o.runs) runs\n" }
        }
        if !s.records.isEmpty {
            out += "records:\n"
            for r in s.records {
                out += "  \(r.eval_time) \(r.region ?? "?") \(r.project ?? "?") v\(r.version ?? "?") \(r.decision ?? "?")"
                out += "\(r.outcome.map { " -> \($0)" } ?? "")\(r.error_code.map { " (\($0))" } ?? ""): \(r.reason ?? "")\n"
            }
        }
        return out
    }

    public func json() -> String {
        let s = summary
        var doc: [String: Any] = [
            "log": path, "lines": s.lines, "runs": s.runs, "decisions": s.decisions, "stops": s.stops, "failures": s.failures,
            "torn_lines": s.tornLines, "stops_per_model": s.stopsPerModel, "failures_by_code": s.failuresByCode,
            "repeat_offenders": s.repeatOffenders.map { ["model": $0.model, "runs": $0.runs] as [String: Any] },
            "saved_inference_unit_hours": (s.savedHours * 100).rounded() / 100, "saved_money": (s.savedMoney * 100).rounded() / 100,
            "first_run": s.firstTime as Any? ?? NSNull(), "last_run": s.lastTime as Any? ?? NSNull(),
        ]
        if !s.records.isEmpty || s.decisions == 0 {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            doc["records"] = s.records.compactMap { r in (try? encoder.encode(r)).flatMap { try? JSONSerialization.jsonObject(with: $0) } }
        }
        let data = (try? JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

import Foundation
import HostingSchedule
import Rendering

/// Prints `audit --by`: one row per group with its stops, failures, realized and projected
/// savings, as text, JSON or CSV (RFC 4180), the table a FinOps tool imports. The figures are the
/// summary pass's own (`AuditGroupTally`), and the total is the summary's.
public struct AuditGroupReport: Sendable {
    /// The summary (its totals are the `total` row).
    public let summary: AuditSummary
    /// The rows, from the same pass.
    public let tally: AuditGroupTally
    /// The log, as named.
    public let path: String

    /// A report of `tally`'s rows and `summary`'s totals.
    public init(summary: AuditSummary, tally: AuditGroupTally, path: String) {
        self.summary = summary
        self.tally = tally
        self.path = path
    }

    /// The CSV header: the grouping's name, then the figures (the JSON rows' keys).
    public var csvHeader: [String] {
        [tally.by.rawValue, "stops", "failures", "realized_inference_unit_hours", "realized_money", "projected_inference_unit_hours",
         "projected_money"]
    }

    /// RFC 4180 with a header row and CRLF line ends; group names from the log are shown escaped
    /// (`Printable`) and made inert for spreadsheets (`CSV.inert`). No total row: a tool that
    /// imports the rows sums them itself.
    public func csv() -> String {
        var out = CSV.row(csvHeader)
        for (group, row) in tally.sortedRows {
            out += CSV.row([CSV.inert(Printable.line(group, limit: 500)), String(row.counts.stopped), String(row.counts.failures)]
                           + AuditGroupReport.numbers(row.savings))
        }
        return out
    }

    /// The four savings figures with two decimals.
    static func numbers(_ s: Savings) -> [String] {
        [s.realizedHours, s.realizedMoney, s.projectedHours, s.projectedMoney].map { String(format: "%.2f", $0) }
    }

    /// The `audit --by ... --output json` document.
    struct Document: Encodable {
        struct Row: Encodable {
            let group: String
            let stops: Int
            let failures: Int
            let realized_inference_unit_hours: Double
            let realized_money: Double
            let projected_inference_unit_hours: Double
            let projected_money: Double

            init(group: String, stops: Int, failures: Int, savings: Savings) {
                self.group = group
                self.stops = stops
                self.failures = failures
                let f = SavingsFigures(savings)
                realized_inference_unit_hours = f.realized_inference_unit_hours
                realized_money = f.realized_money
                projected_inference_unit_hours = f.projected_inference_unit_hours
                projected_money = f.projected_money
            }
        }
        let log: String
        let by: String
        @NullEncoded var period_from: String? = nil
        @NullEncoded var period_to: String? = nil
        @NullEncoded var savings_log_end: String? = nil
        let rows: [Row]
        /// The whole: the summary's own totals (the rows add up to it).
        let total: Row
        /// What the savings could not know (`AuditReport.savingsNotes`).
        let notes: [String]
    }

    /// The JSON document: `rows`, `total`, `notes`.
    public func json() -> String {
        let s = summary
        let doc = Document(log: path, by: tally.by.rawValue, period_from: s.period.from.map(InstantFormat.utc),
                           period_to: s.period.to.map(InstantFormat.utc), savings_log_end: s.logEnd.map(InstantFormat.utc),
                           rows: tally.sortedRows.map { Document.Row(group: $0.group, stops: $0.row.counts.stopped, failures: $0.row.counts.failures,
                                                                     savings: $0.row.savings) },
                           total: Document.Row(group: "total", stops: s.stops, failures: s.failures, savings: s.savings),
                           notes: AuditReport.savingsNotes(s))
        return JSONDocument.pretty(doc)
    }

    /// A table: one line per group, then the total and what the savings could not know.
    public func text() -> String {
        let header = [tally.by.rawValue, "stops", "failures", "realized IU h", "realized", "projected IU h", "projected"]
        var lines = [header]
        for (group, row) in tally.sortedRows {
            lines.append([Printable.line(group, limit: 200), String(row.counts.stopped), String(row.counts.failures)] + AuditGroupReport.numbers(row.savings))
        }
        lines.append(["total", String(summary.stops), String(summary.failures)] + AuditGroupReport.numbers(summary.savings))
        let widths = header.indices.map { i in lines.map { $0[i].count }.max() ?? 0 }
        var out = "Audit log \(Printable.line(path)) by \(tally.by.rawValue):\n"
        for line in lines {
            out += line.enumerated().map { i, f in
                let pad = String(repeating: " ", count: widths[i] - f.count)
                return i == 0 ? f + pad : pad + f
            }.joined(separator: "  ") + "\n"
        }
        out += AuditReport.savingsNotes(summary).map { "  \($0)\n" }.joined()
        return out
    }
}

import Rendering
import Foundation
import AuditTrail

/// The page's savings: realized per bucket and cumulative, with the projection beside them, each
/// definition in one sentence, and what the figures could not know (`AuditReport.savingsNotes`).
extension AuditPicture {
    /// The one-sentence definitions shown under the chart (README, "Savings").
    static let realizedDefinition = "Realized: each stop saves the time until its model's next window opens, until the log next sees the model "
        + "hosted or started, or until the log's latest record, whichever comes first, times its inference units at the price recorded with the stop."
    static let projectedDefinition = "Projected: the same without the log's latest record, so a stop whose model's window opens after the end of "
        + "the log counts until that window opens."

    func savingsSection(_ bars: [Bucket], per: String) -> String {
        var b = "<h2>Realized savings per \(per), and cumulative, with the projection</h2>\n"
        b += "<figure>\(savingsChart(bars, per: per))<figcaption>Solid bars: realized savings of the stops made that \(per); outlined bars "
            + "beside them: projected (left scale). Dashed line: realized so far; dotted line: projected so far (right scale). "
            + "\(MarkupText.escape(AuditPicture.realizedDefinition)) \(MarkupText.escape(AuditPicture.projectedDefinition))</figcaption></figure>\n"
        b += legend([("<rect x=\"1\" y=\"1\" width=\"26\" height=\"12\" class=\"saving\"/>", "realized savings that \(per)"),
                     ("<rect x=\"1\" y=\"1\" width=\"26\" height=\"12\" class=\"projected\"/>", "projected savings that \(per)"),
                     ("<line x1=\"1\" y1=\"7\" x2=\"27\" y2=\"7\" class=\"cumulative\"/>", "realized so far"),
                     ("<line x1=\"1\" y1=\"7\" x2=\"27\" y2=\"7\" class=\"cumulative-projected\"/>", "projected so far")])
        let notes = tally.savingsNotes
        if !notes.isEmpty { b += "<ul class=\"meta\">" + notes.map { "<li>\(MarkupText.escape($0))</li>" }.joined() + "</ul>\n" }
        return b + dayTable(bars, per: per)
    }

    func savingsChart(_ bars: [Bucket], per: String) -> String {
        var c = Canvas()
        let maxBar = bars.map { max($0.totals.savings.realizedMoney, $0.totals.savings.projectedMoney) }.max() ?? 0
        let last = bars.last?.cumulative ?? Savings()
        let total = max(last.realizedMoney, last.projectedMoney)
        let left = AuditPicture.niceScale(max(maxBar, 0.01)), right = AuditPicture.niceScale(max(total, 0.01))
        frame(&c, top: left.top, step: left.step, format: { Markup.money($0) }, right: (right.top, right.step, { Markup.money($0) }))
        let slots = slots(bars.count)
        let B = AuditPicture.plotBottom, H = AuditPicture.plotBottom - AuditPicture.plotTop
        var realized: [(Double, Double)] = [], projected: [(Double, Double)] = []
        for (b, s) in zip(bars, slots) {
            let v = b.totals.savings
            let title = "\(AuditPicture.label(b)): \(Markup.money(v.realizedMoney)) realized (\(String(format: "%.1f", v.realizedHours)) "
                + "inference-unit hours), \(Markup.money(v.projectedMoney)) projected; \(Markup.money(b.cumulative.realizedMoney)) realized so far, "
                + "\(Markup.money(b.cumulative.projectedMoney)) projected"
            c.open(group: "role=\"listitem\"", title: title)
            // The realized bar on the left half of the slot, the projection beside it.
            let half = s.width / 2
            let hr = H * v.realizedMoney / left.top, hp = H * v.projectedMoney / left.top
            if hr > 0 { c.rect(x: s.x, y: B - hr, width: half, height: hr, cls: "saving") }
            if hp > 0 { c.rect(x: s.x + half, y: B - hp, width: half, height: hp, cls: "projected") }
            c.rect(x: s.x, y: AuditPicture.plotTop, width: s.width, height: H, cls: "", style: "fill: transparent")
            c.closeGroup()
            realized.append((s.center, B - H * b.cumulative.realizedMoney / right.top))
            projected.append((s.center, B - H * b.cumulative.projectedMoney / right.top))
        }
        func line(_ points: [(Double, Double)]) -> String { "M" + points.map { "\(Markup.number($0.0)) \(Markup.number($0.1))" }.joined(separator: "L") }
        if realized.count > 1 {
            c.path(line(projected), cls: "cumulative-projected", title: "projected so far: \(Markup.money(last.projectedMoney))")
            c.path(line(realized), cls: "cumulative", title: "realized so far: \(Markup.money(last.realizedMoney))")
        }
        for p in realized where realized.count <= 60 {
            c.raw("<circle cx=\"\(Markup.number(p.0))\" cy=\"\(Markup.number(p.1))\" r=\"3\" class=\"point\"/>")
        }
        dateLabels(&c, bars, slots)
        return svg(c, label: "Bar chart: realized and projected savings per \(per), with lines of the cumulative savings")
    }

    func dayTable(_ bars: [Bucket], per: String) -> String {
        var out = "<details><summary>The figures per \(per)</summary>\n<table>\n<thead><tr><th>\(per) (UTC)</th>"
            + "<th class=\"num\">runs</th><th class=\"num\">decisions</th><th class=\"num\">stops</th><th class=\"num\">failures</th>"
            + "<th class=\"num\">realized IU h</th><th class=\"num\">realized</th><th class=\"num\">realized so far</th>"
            + "<th class=\"num\">projected IU h</th><th class=\"num\">projected</th><th class=\"num\">projected so far</th></tr></thead>\n<tbody>\n"
        for b in bars where b.totals != AuditTally.Totals() {
            let v = b.totals.savings
            out += "<tr><td>\(AuditPicture.label(b))</td><td class=\"num\">\(b.totals.runs)</td><td class=\"num\">\(b.totals.decisions)</td>"
                + "<td class=\"num\">\(b.totals.stops)</td><td class=\"num\">\(b.totals.failures)</td>"
                + "<td class=\"num\">\(String(format: "%.1f", v.realizedHours))</td><td class=\"num\">\(Markup.money(v.realizedMoney))</td>"
                + "<td class=\"num\">\(Markup.money(b.cumulative.realizedMoney))</td>"
                + "<td class=\"num\">\(String(format: "%.1f", v.projectedHours))</td><td class=\"num\">\(Markup.money(v.projectedMoney))</td>"
                + "<td class=\"num\">\(Markup.money(b.cumulative.projectedMoney))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</details>\n"
    }
}

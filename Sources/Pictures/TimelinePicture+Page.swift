import Foundation
import Rendering
import HostingSchedule
import ScheduleReport

/// `windows --output html`: the page around the figures.
extension TimelinePicture {
    /// The HTML page: title, legend, the timeline in figures of `rowsPerFigure` rows, a table.
    public func html() -> String {
        var body = "<header><h1>\(MarkupText.escape(title))</h1>\n<p class=\"meta\">\(MarkupText.escape(subtitle))</p></header>\n"
        body += "<ul class=\"legend\" aria-label=\"Legend\">\n"
        for item in legendItems {
            var c = Canvas()
            item.swatch(&c, 1, 1)
            body += "<li>\(HTMLPage.swatch(c.out))<span>\(MarkupText.escape(item.text))</span></li>\n"
        }
        body += "</ul>\n<p class=\"meta\">Time runs across in UTC, on one scale for every row (a 25-hour day is 25/24 as wide as others); "
            + "the strip above each row shows the days in the schedule's own time zone. Hover a bar for its times.</p>\n"
        if let empty = emptyMessage {
            body += "<p class=\"empty\">\(MarkupText.escape(empty))</p>\n"
        }
        let count = layout.rows.count
        var start = 0
        while start < count {
            let end = min(start + TimelinePicture.rowsPerFigure, count)
            var c = Canvas()
            let bottom = drawRows(&c, rows: start..<end, top: 0)
            let label = count == 1 ? "Timeline of rule \(layout.rows[0].entry.rule.number)"
                : "Timeline of rules \(layout.rows[start].entry.rule.number) to \(layout.rows[end - 1].entry.rule.number)"
            body += "<figure class=\"chunk\">\n<svg class=\"ls-chart\" viewBox=\"0 0 \(Markup.number(metrics.width)) \(Markup.number(bottom + 1))\" "
                + "role=\"group\" aria-label=\"\(MarkupText.escape(label))\">\n\(c.out)\n</svg>\n</figure>\n"
            start = end
        }
        if count > 0 {
            body += "<h2>Per rule</h2>\n<table>\n<thead><tr><th>rule</th><th>line</th><th>project</th><th>versions</th><th>region</th>"
                + "<th>schedule</th><th>time zone</th><th class=\"num\">hosted h</th><th class=\"num\">stopped h</th>"
                + "<th class=\"num\">cost per week (1 IU)</th></tr></thead>\n<tbody>\n"
            for row in layout.rows {
                let r = row.entry.rule
                body += "<tr><td>\(r.number)</td><td>\(r.line)</td><td class=\"mono\">\(MarkupText.escape(r.project.pattern))</td>"
                    + "<td class=\"mono\">\(MarkupText.escape(r.versions.description))</td><td>\(MarkupText.escape(r.region ?? "any"))</td>"
                    + "<td>\(MarkupText.escape(r.schedule.name))<br><span class=\"mono\">\(MarkupText.escape(r.schedule.summary))</span></td>"
                    + "<td>\(MarkupText.escape(r.schedule.zoneName))</td><td class=\"num\">\(Markup.hours(row.hostedSeconds))</td>"
                    + "<td class=\"num\">\(Markup.hours(row.stoppedSeconds))</td><td class=\"num\">\(Markup.money(row.costPerWeek))</td></tr>\n"
            }
            body += "</tbody>\n</table>\n"
        }
        body += "<footer>lookout-scheduler windows · the hosted intervals are the evaluator's, as in <code>windows --output json</code>.</footer>"
        return HTMLPage.document(title: title, body: body)
    }
}

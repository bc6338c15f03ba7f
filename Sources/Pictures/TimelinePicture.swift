import Foundation
import Rendering
import HostingSchedule
import ScheduleReport

/// `windows --output svg|html`: the hosting timeline drawn. Time runs across on one axis in UTC;
/// each rule is a row with its hosted intervals as bars, a strip of its schedule's own calendar
/// days above them (holidays named, DST days with their length), its validity limits and DST
/// changes as lines, and beside it the hours hosted and stopped and what a week costs.
///
/// Pure: builds text from a `TimelineReport`; the command prints it.
public struct TimelinePicture: Sendable {
    /// The timeline drawn.
    public let report: TimelineReport
    /// Its geometry.
    public let layout: TimelineLayout
    /// The rule file, as named on the command line.
    public let rulesPath: String
    /// Price of one inference-unit hour (`defaults.price_per_inference_unit_hour`).
    public let price: Double

    /// Rows per figure of the HTML page (each figure repeats the axis, and prints on one page).
    public static let rowsPerFigure = 20

    /// A picture of `report`, with the rule file's price and holiday names.
    public init(report: TimelineReport, rulesPath: String, pricePerInferenceUnitHour price: Double,
                prices: [ServiceKind: Double] = [:], holidayNames: [LocalDate: String] = [:]) {
        self.report = report
        self.rulesPath = rulesPath
        self.price = price
        layout = TimelineLayout(report: report, pricePerInferenceUnitHour: price, prices: prices, holidayNames: holidayNames)
    }

    var metrics: TimelineLayout.Metrics { layout.metrics }
    static let axisHeight = 46.0

    // MARK: - Words

    /// `Hosting timeline of schedules/example.yaml` or of one model.
    var title: String {
        if let m = report.model {
            return "Hosting timeline of \(m.project) version \(m.version)\(m.region.map { " in \($0)" } ?? "")"
        }
        return "Hosting timeline of \(rulesPath)"
    }

    var subtitle: String {
        "\(Clockface.utc(report.from)) to \(Clockface.utc(report.to)) (\(Markup.hours(report.rangeSeconds)) h) · rules \(rulesPath) · "
            + "cost at \(Markup.money(price)) per inference-unit hour"
    }

    var emptyMessage: String? {
        guard report.entries.isEmpty else { return nil }
        if let m = report.model { return "No rule covers \(m.project) version \(m.version): it is left alone (never stopped)." }
        return "The rule file has no rules."
    }

    static func versions(_ rule: Rule) -> String {
        switch rule.versions {
        case .all: return ""
        case .matching(let g): return " v" + g.map(\.pattern).joined(separator: ",")
        }
    }

    /// `1. pcb-inspection v3,4 · eu-west-1`.
    static func heading(_ rule: Rule) -> String {
        "\(rule.number). \(rule.project.pattern)\(versions(rule))\(rule.region.map { " · \($0)" } ?? "")"
    }

    /// `office-hours: Mon-Fri 07:00-19:00 Europe/Berlin`.
    static func scheduleLine(_ rule: Rule) -> String { "\(rule.schedule.name): \(rule.schedule.summary)" }

    func rowSummary(_ row: TimelineLayout.Row) -> String {
        let r = row.entry.rule
        return "\(r.description)\(r.line > 0 ? ", line \(r.line)" : ""); schedule \(TimelinePicture.scheduleLine(r)); "
            + "hosted \(Markup.hours(row.hostedSeconds)) h, stopped \(Markup.hours(row.stoppedSeconds)) h; "
            + "\(Markup.money(row.costPerWeek)) per week for one inference unit"
    }

    // MARK: - SVG

    /// The standalone SVG document: title, axis, every row, legend.
    public func svg() -> String {
        var c = Canvas()
        let w = metrics.width
        c.text(title, x: metrics.labelX, y: 24, size: 17, weight: "700")
        c.text(Markup.truncate(subtitle, toWidth: w - 2 * metrics.labelX, fontSize: 11), x: metrics.labelX, y: 44, size: 11, cls: "mono muted",
               title: subtitle)
        var y = 58.0
        if let empty = emptyMessage {
            c.text(empty, x: metrics.labelX, y: y + 24, size: 13)
            y += 40
        } else {
            y = drawRows(&c, rows: 0..<layout.rows.count, top: y)
        }
        y = drawLegend(&c, top: y + 10)
        let h = y + 8
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="ls-chart" width="\(Markup.number(w))" height="\(Markup.number(h))" \
            viewBox="0 0 \(Markup.number(w)) \(Markup.number(h))" role="img" aria-labelledby="ls-title ls-desc">
            <title id="ls-title">\(MarkupText.escape(title))</title>
            <desc id="ls-desc">\(MarkupText.escape(description))</desc>
            <style>\(Palette.chartCSS)</style>
            \(Palette.patternDefinitions)
            <rect width="100%" height="100%" fill="#ffffff"/>
            \(c.out)
            </svg>

            """
    }

    /// What the picture shows, for its `<desc>`.
    var description: String {
        var d = "\(subtitle). Each row is a rule: hosted intervals as bars on a UTC time axis; above them the rule's calendar days in its schedule's zone. "
        for row in layout.rows { d += rowSummary(row) + ". " }
        if let e = emptyMessage { d += e }
        return d
    }

    /// Draws the axis and `rows` from `top`; returns the bottom.
    func drawRows(_ c: inout Canvas, rows: Range<Int>, top: Double) -> Double {
        let rowsTop = top + TimelinePicture.axisHeight
        let bottom = rowsTop + Double(rows.count) * metrics.rowHeight
        drawAxis(&c, top: top, bottom: bottom)
        c.open(group: "role=\"list\"")
        for (k, i) in rows.enumerated() {
            drawRow(&c, layout.rows[i], top: rowsTop + Double(k) * metrics.rowHeight, zebra: k % 2 == 1)
        }
        c.closeGroup()
        c.line(x1: 0, y1: bottom, x2: metrics.width, y2: bottom, cls: "grid")
        return bottom
    }

    func drawAxis(_ c: inout Canvas, top: Double, bottom: Double) {
        let m = metrics
        c.text("time axis: UTC", x: m.labelX, y: top + 18, size: 11, cls: "mono", weight: "700")
        c.text("strips: each schedule's zone", x: m.labelX, y: top + 34, size: 10, cls: "mono muted")
        let heads = [("hosted", "h"), ("stopped", "h"), ("per week", "1 IU")]
        for (i, (a, b)) in heads.enumerated() {
            c.text(a, x: m.statsRight[i], y: top + 18, size: 11, anchor: .end, cls: "mono", weight: "700")
            c.text(b, x: m.statsRight[i], y: top + 34, size: 10, anchor: .end, cls: "mono muted")
        }
        var lastLabelEnd = -Double.infinity
        for d in layout.utcDays {
            if d.day.start >= report.from {
                c.line(x1: d.x, y1: top + 4, x2: d.x, y2: top + TimelinePicture.axisHeight, cls: "grid")
                c.line(x1: d.x, y1: top + TimelinePicture.axisHeight, x2: d.x, y2: bottom, cls: "minor")
            }
            // A day mostly cut off by the range's ends gets no label (its neighbour's is more use).
            let labels = d.width * 2 >= Double(d.day.end - d.day.start) * layout.axis.scale ? Clockface.dayLabels(d.day.date) : []
            if let label = labels.first(where: { Markup.width(of: $0, fontSize: 11) + 6 <= d.width }),
               d.x + d.width / 2 - Markup.width(of: label, fontSize: 11) / 2 > lastLabelEnd + 4 {
                c.text(label, x: d.x + d.width / 2, y: top + 18, size: 11, anchor: .middle, cls: "mono")
                lastLabelEnd = d.x + d.width / 2 + Markup.width(of: label, fontSize: 11) / 2
            } else if let short = labels.last, d.x + d.width / 2 - Markup.width(of: short, fontSize: 11) / 2 > lastLabelEnd + 4 {
                // Days too narrow for their own label: label as many as fit, none overlapping.
                c.text(short, x: d.x + d.width / 2, y: top + 18, size: 11, anchor: .middle, cls: "mono")
                lastLabelEnd = d.x + d.width / 2 + Markup.width(of: short, fontSize: 11) / 2
            }
            // Hours within the day, when there is room.
            let hourSets: [(step: Int, text: (Int) -> String)] = [(3, { Clockface.two($0) + ":00" }), (6, { Clockface.two($0) + ":00" }), (6, { Clockface.two($0) }), (12, { Clockface.two($0) })]
            for set in hourSets {
                let slot = d.width * Double(set.step) / d.day.hours
                guard slot >= Markup.width(of: set.text(12), fontSize: 9) + 6 else { continue }
                var h = set.step
                while Double(h) < d.day.hours {
                    let t = d.day.start + h * 3600
                    if t > report.from && t < report.to {
                        let x = layout.axis.position(of: t)
                        c.line(x1: x, y1: top + 26, x2: x, y2: top + 30, cls: "grid")
                        c.text(set.text(h), x: x, y: top + 40, size: 9, anchor: .middle, cls: "mono muted")
                    }
                    h += set.step
                }
                break
            }
        }
        c.line(x1: m.plotX, y1: top + TimelinePicture.axisHeight, x2: m.plotX + m.plotWidth, y2: top + TimelinePicture.axisHeight, cls: "grid")
    }

    func drawRow(_ c: inout Canvas, _ row: TimelineLayout.Row, top y: Double, zebra: Bool) {
        let m = metrics
        let rule = row.entry.rule
        let clock = rule.schedule.clock
        c.open(group: "role=\"listitem\" aria-label=\"\(MarkupText.escape(rowSummary(row)))\"")
        if zebra { c.rect(x: 0, y: y, width: m.width, height: m.rowHeight, cls: "zebra") }
        // The labels, cut to their column; the whole text is in the title.
        let full = "\(rule.description)\(rule.line > 0 ? ", line \(rule.line)" : "")\n\(TimelinePicture.scheduleLine(rule))"
        c.text(Markup.truncate(TimelinePicture.heading(rule), toWidth: m.labelWidth, fontSize: 12), x: m.labelX, y: y + 19, size: 12,
               cls: "mono", weight: "700", title: full)
        c.text(Markup.truncate(TimelinePicture.scheduleLine(rule), toWidth: m.labelWidth, fontSize: 10), x: m.labelX, y: y + 35, size: 10,
               cls: "mono muted", title: full)

        // The calendar-day strip, in the schedule's zone.
        let stripTop = y + 4, stripHeight = 12.0
        for (i, d) in row.days.enumerated() {
            let cls = d.day.isDSTChange ? "dst-day" : d.isHoliday ? "holiday-day" : (i % 2 == 0 ? "day-a" : "day-b")
            c.open(group: "", title: dayTitle(d, clock: clock))
            c.rect(x: d.x, y: stripTop, width: d.width, height: stripHeight, cls: cls)
            if let label = dayLabel(d, width: d.width - 4) {
                c.text(label, x: d.x + d.width / 2, y: stripTop + 9.5, size: 9, anchor: .middle, cls: "mono")
            }
            c.closeGroup()
        }

        // The lane: holidays and dates outside validity under the bars.
        let laneTop = y + 18, laneHeight = 24.0
        c.rect(x: m.plotX, y: laneTop, width: m.plotWidth, height: laneHeight, cls: "lane")
        for d in row.days where d.isOutsideValidity || d.isHoliday {
            c.rect(x: d.x, y: laneTop + 0.5, width: d.width, height: laneHeight - 1, cls: d.isHoliday ? "holiday" : "outside",
                   title: dayTitle(d, clock: clock))
        }
        for d in layout.utcDays where d.day.start > report.from {
            c.line(x1: d.x, y1: laneTop, x2: d.x, y2: laneTop + laneHeight, cls: "minor")
        }

        // Limits first, so bar labels can keep clear of their labels.
        var taken: [ClosedRange<Double>] = []
        var limitLabels: [(String, Double, Canvas.Anchor, String)] = []
        for l in row.limits {
            let text = "\(l.window.map { "window \($0) " } ?? "")\(l.kind.rawValue) \(l.date)"
            let w = Markup.width(of: text, fontSize: 9) + 4
            let start = l.kind == .validFrom ? l.x + 3 : l.x - 3 - w
            let span = start...(start + w)
            if span.lowerBound >= m.plotX, span.upperBound <= m.plotX + m.plotWidth, !taken.contains(where: { $0.overlaps(span) }) {
                taken.append(span)
                limitLabels.append((text, l.kind == .validFrom ? start + 2 : start + w - 2, l.kind == .validFrom ? .start : .end, limitTitle(l, clock: clock)))
            }
        }

        for b in row.bars {
            c.rect(x: b.x, y: laneTop + 2, width: max(b.width, 1), height: laneHeight - 4, cls: "bar", rx: b.width > 6 ? 2 : 0,
                   title: barTitle(b, clock: clock))
            let whole = b.span.lowerBound <= report.from && b.span.upperBound >= report.to
            let (open, close) = (Clockface.hm(b.span.lowerBound, clock), Clockface.hm(b.span.upperBound, clock))
            var candidates: [String]
            if whole {
                candidates = ["hosted throughout"]
            } else if b.span.count >= 86_400 {
                // Longer than a day: the days say more than the times.
                let (a, z) = (clock.localDate(at: b.span.lowerBound).weekday, clock.localDate(at: b.span.upperBound).weekday)
                candidates = ["\(a) \(open) – \(z) \(close)", "\(a)–\(z)"]
            } else {
                candidates = [open + "–" + close]
                if open.hasSuffix(":00") && close.hasSuffix(":00") { candidates.append(open.prefix(2) + "–" + close.prefix(2)) }
            }
            if b.count == 1, let label = candidates.first(where: { Markup.width(of: $0, fontSize: 10) + 8 <= b.width }) {
                let span = b.x...(b.x + b.width)
                if !taken.contains(where: { $0.overlaps(span) }) {
                    c.text(label, x: b.x + b.width / 2, y: laneTop + 16, size: 10, anchor: .middle, cls: "mono bar-label",
                           title: barTitle(b, clock: clock))
                }
            }
        }
        for ch in row.changes {
            c.line(x1: ch.x, y1: y + 2, x2: ch.x, y2: y + m.rowHeight - 2, cls: "dst", title: changeTitle(ch.change, clock: clock))
        }
        for l in row.limits {
            c.line(x1: l.x, y1: y + 2, x2: l.x, y2: y + m.rowHeight - 2, cls: "limit", title: limitTitle(l, clock: clock))
        }
        for (text, x, anchor, title) in limitLabels {
            let w = Markup.width(of: text, fontSize: 9) + 4
            c.rect(x: anchor == .start ? x - 2 : x - w + 2, y: laneTop + 6, width: w, height: 12, cls: "lane")
            c.text(text, x: x, y: laneTop + 15, size: 9, anchor: anchor, cls: "mono", title: title)
        }

        // The figures beside the row.
        let figures = [Markup.hours(row.hostedSeconds), Markup.hours(row.stoppedSeconds), Markup.money(row.costPerWeek)]
        for (i, f) in figures.enumerated() {
            c.text(f, x: m.statsRight[i], y: y + 28, size: 12, anchor: .end, cls: "mono")
        }
        c.closeGroup()
    }
}

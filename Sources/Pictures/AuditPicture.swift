import Foundation
import Rendering
import HostingSchedule
import AuditTrail

/// `audit --output html`: one self-contained page from the log. Stops per day (a bar chart),
/// realized savings per day and cumulative with the projection beside them, the totals per project (and per service and account
/// when the records name them), repeat offenders with their stop times, failures by error code,
/// whether the hash chain verifies, and the filters used.
///
/// Pure: builds text from an `AuditTally` and an `AuditReader.Verification`; the command prints it.
public struct AuditPicture: Sendable {
    public let tally: AuditTally
    /// The hash chain's check, or nil when it was not checked.
    public let verification: AuditReader.Verification?
    /// What verification found wrong beyond a broken link, if anything.
    public let problem: String?
    /// The log, as named.
    public let logPath: String
    /// The filters as given on the command line: (`--since`, value).
    public let filters: [(option: String, value: String)]

    /// Buckets drawn at most; a longer log draws several days per bar.
    public static let maximumBars = 120

    /// A page for `tally` (finished) and the chain's `verification`.
    /// `problem`: what `--verify` finds wrong (the chain, the anchor, no anchor), nil when verified.
    public init(tally: AuditTally, verification: AuditReader.Verification?, problem: String? = nil, logPath: String,
                filters: [(option: String, value: String)] = []) {
        self.problem = problem
        var t = tally
        t.finish()
        self.tally = t
        self.verification = verification
        self.logPath = logPath
        self.filters = filters
    }

    /// One bar of the charts: an hour, a day, or several days (UTC).
    public struct Bucket: Sendable, Equatable {
        /// Its first instant.
        public let start: Int
        /// The instant after it.
        public let end: Int
        /// What it adds up to.
        public let totals: AuditTally.Totals
        /// Savings up to and including this bucket, realized and projected.
        public let cumulative: Savings
        /// Realized money up to and including this bucket.
        public var cumulativeMoney: Double { cumulative.realizedMoney }
    }

    /// The bars of the charts, from the first with records to the last, empty ones included: one
    /// per hour when the records lie within two days (the demo's log, a short trial), else one
    /// per day, or per several days when there would be more than `maximumBars`.
    public var buckets: (unit: String, bars: [Bucket]) {
        guard let range = tally.dayRange else { return ("day", []) }
        if range.count <= 2, let hours = tally.hours, let lo = hours.keys.min(), let hi = hours.keys.max() {
            return ("hour", AuditPicture.buckets(from: lo, to: hi, size: 1, seconds: 3600, totals: hours))
        }
        let size = (range.count + AuditPicture.maximumBars - 1) / AuditPicture.maximumBars
        return (size == 1 ? "day" : "\(size) days",
                AuditPicture.buckets(from: range.lowerBound, to: range.upperBound, size: size, seconds: 86_400, totals: tally.days))
    }

    static func buckets(from lo: Int, to hi: Int, size: Int, seconds: Int, totals: [Int: AuditTally.Totals]) -> [Bucket] {
        var result: [Bucket] = []
        var cumulative = Savings()
        var k = lo
        while k <= hi {
            var t = AuditTally.Totals()
            for i in k..<min(k + size, hi + 1) {
                guard let x = totals[i] else { continue }
                t.decisions += x.decisions
                t.stops += x.stops
                t.failures += x.failures
                t.savings += x.savings
                t.runs += x.runs
                t.outcomeUnknown += x.outcomeUnknown
            }
            cumulative += t.savings
            result.append(Bucket(start: k * seconds, end: min(k + size, hi + 1) * seconds, totals: t, cumulative: cumulative))
            k += size
        }
        return result
    }

    static func label(_ b: Bucket) -> String {
        let first = InstantFormat.utc(b.start), last = InstantFormat.utc(b.end - 1)
        if b.end - b.start < 86_400 { return "\(first.prefix(10)) \(first.dropFirst(11).prefix(5))-\(InstantFormat.utc(b.end).dropFirst(11).prefix(5)) UTC" }
        return b.end - b.start == 86_400 ? String(first.prefix(10)) : "\(first.prefix(10)) to \(last.prefix(10))"
    }

    // MARK: - Page

    var title: String { "Audit of \(logPath)" }

    /// The page.
    public func html() -> String {
        let t = tally
        var b = "<header><h1>\(MarkupText.escape(title))</h1>\n<p class=\"meta\">\(t.lines) lines, \(t.runs) runs"
        if let first = t.firstEvalTime, let last = t.lastEvalTime { b += " deciding for \(MarkupText.escape(first)) to \(MarkupText.escape(last))" }
        if let first = t.firstTime, let last = t.lastTime { b += " (written \(MarkupText.escape(first)) to \(MarkupText.escape(last)))" }
        b += "</p></header>\n"
        b += cards()
        b += "<h2>Filters</h2>\n"
        if filters.isEmpty {
            b += "<p>None: every record of the log counts.</p>\n"
        } else {
            b += "<ul>" + filters.map { "<li><code>--\(MarkupText.escape($0.option)) \(MarkupText.escape($0.value))</code></li>" }.joined() + "</ul>\n"
        }
        if t.tornLineCount > 0 {
            b += "<p><strong>Torn lines</strong> (interrupted writes, not records): \(t.tornLineCount), at line "
                + t.tornLines.map(String.init).joined(separator: ", ") + (t.tornLineCount > t.tornLines.count ? ", …" : "") + ".</p>\n"
        }
        let (per, bars) = buckets
        b += "<h2>Stops per \(per)</h2>\n"
        if bars.isEmpty {
            b += "<p class=\"empty\">No records in the log match.</p>\n"
        } else {
            b += "<figure>\(stopsChart(bars, per: per))<figcaption>Stops the service accepted (solid) and failures (cross-hatched: refused or "
                + "unanswered stops, failed listings) per \(per), UTC. Hover a bar for its figures.</figcaption></figure>\n"
            b += legend([("<rect x=\"1\" y=\"1\" width=\"26\" height=\"12\" class=\"stop\"/>", "stops"),
                         ("<rect x=\"1\" y=\"1\" width=\"26\" height=\"12\" class=\"failure\"/>", "failures")])
            b += savingsSection(bars, per: per)
        }
        b += groupTable("Per project", column: "project", t.projects)
        if t.recordsNameServiceOrAccount {
            b += groupTable("Per service", column: "service", t.services)
            b += groupTable("Per account", column: "account", t.accounts)
        }
        b += offenders()
        b += failures()
        b += "<footer>lookout-scheduler audit · one streaming pass over the log; memory grows with days, projects and models, not with records.</footer>"
        return HTMLPage.document(title: title, body: b)
    }

    func cards() -> String {
        let t = tally
        var out = "<div class=\"cards\">\n"
        if let v = verification {
            if let broken = v.firstBroken {
                out += card("BROKEN at line \(broken.line)", "hash chain: \(broken.reason) (\(v.records) records verified before it)",
                            cls: "broken", valueClass: "status-broken")
            } else if let problem {
                out += card("FAILED", "verification: \(problem) (\(v.records) records, hash chain intact)",
                            cls: "broken", valueClass: "status-broken")
            } else {
                let note = (v.startsMidChain ? "; starts from a rotated log" : "") + (v.tornLines.isEmpty ? "" : "; \(v.tornLines.count) torn line(s)")
                out += card("intact", "hash chain: \(v.records) records verified\(note)", cls: "ok", valueClass: "status-ok")
            }
        } else {
            out += card("not checked", "hash chain")
        }
        out += card("\(t.counts.considered)", "decisions")
        out += card("\(t.counts.stopped)", "stops")
        out += card("\(t.counts.failures)", "failures")
        if t.counts.outcomeUnknown > 0 {
            // One definition with the text and JSON (`RunCounts.outcomeUnknown`): an intent with no outcome record.
            out += card("\(t.counts.outcomeUnknown)", "sent, outcome unknown (\(t.settled) settled by a later run)")
        }
        out += card(Markup.money(t.savings.realizedMoney), "realized savings (\(String(format: "%.1f", t.savings.realizedHours)) \(t.savingsUnit))")
        out += card(Markup.money(t.savings.projectedMoney), "projected savings (\(String(format: "%.1f", t.savings.projectedHours)) \(t.savingsUnit))")
        out += "</div>\n"
        return out
    }

    func card(_ value: String, _ label: String, cls: String = "", valueClass: String = "") -> String {
        "<div class=\"card \(cls)\"><div class=\"value \(valueClass)\">\(MarkupText.escape(value))</div><div class=\"label\">\(MarkupText.escape(label))</div></div>\n"
    }

    func legend(_ items: [(String, String)]) -> String {
        "<ul class=\"legend\" aria-label=\"Legend\">" + items.map { "<li>\(HTMLPage.swatch($0.0))<span>\(MarkupText.escape($0.1))</span></li>" }.joined() + "</ul>\n"
    }

    // MARK: - Charts

    static let chartWidth = 1100.0, chartHeight = 186.0
    static let plotLeft = 64.0, plotRight = 1030.0, plotTop = 16.0, plotBottom = 160.0

    /// A round axis maximum and step for values up to `max` (1, 2, 2.5 or 5 times a power of ten).
    public static func niceScale(_ max: Double, ticks: Int = 5) -> (top: Double, step: Double) {
        guard max > 0 else { return (1, 0.25) }
        let raw = max / Double(ticks)
        let p = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * p }.first { $0 >= raw } ?? 10 * p
        return (ceil(max / step) * step, step)
    }

    struct Slot { let x: Double, width: Double, center: Double }

    func slots(_ n: Int) -> [Slot] {
        let w = (AuditPicture.plotRight - AuditPicture.plotLeft) / Double(n)
        let bar = min(max(w * 0.72, 1), 90)
        return (0..<n).map { i in
            let center = AuditPicture.plotLeft + w * (Double(i) + 0.5)
            return Slot(x: center - bar / 2, width: bar, center: center)
        }
    }

    func frame(_ c: inout Canvas, top: Double, step: Double, format: (Double) -> String, right: (top: Double, step: Double, format: (Double) -> String)? = nil) {
        let L = AuditPicture.plotLeft, R = AuditPicture.plotRight, T = AuditPicture.plotTop, B = AuditPicture.plotBottom
        var v = 0.0
        while v <= top + step / 2 {
            let y = B - (B - T) * v / top
            c.line(x1: L, y1: y, x2: R, y2: y, cls: v == 0 ? "grid" : "minor")
            c.text(format(v), x: L - 6, y: y + 4, size: 11, anchor: .end, cls: "mono muted")
            v += step
        }
        if let right {
            var v = 0.0
            while v <= right.top + right.step / 2 {
                let y = B - (B - T) * v / right.top
                c.text(right.format(v), x: R + 6, y: y + 4, size: 11, cls: "mono muted")
                v += right.step
            }
        }
    }

    func dateLabels(_ c: inout Canvas, _ bars: [Bucket], _ slots: [Slot]) {
        var lastEnd = -Double.infinity
        var lastDay: Int?
        for (b, s) in zip(bars, slots) {
            let day = AuditTally.day(of: b.start)
            let d = LocalDate(daysSinceEpoch: day)
            let month = Month(rawValue: d.month)?.shortName ?? ""
            var text = bars.count <= 14 ? "\(d.weekday) \(d)" : "\(d)"
            if b.end - b.start < 86_400 {
                let hm = String(InstantFormat.utc(b.start).dropFirst(11).prefix(5))
                text = lastDay == day ? hm : "\(d.weekday) \(d.day) \(month) \(hm)"
            }
            let w = Markup.width(of: text, fontSize: 10)
            guard s.center - w / 2 > lastEnd + 8, s.center + w / 2 <= AuditPicture.chartWidth, s.center - w / 2 >= 0 else { continue }
            c.text(text, x: s.center, y: AuditPicture.plotBottom + 16, size: 10, anchor: .middle, cls: "mono")
            lastEnd = s.center + w / 2
            lastDay = day
        }
    }

    func svg(_ c: Canvas, label: String) -> String {
        "<svg class=\"ls-chart\" viewBox=\"0 0 \(Markup.number(AuditPicture.chartWidth)) \(Markup.number(AuditPicture.chartHeight))\" role=\"group\" "
            + "aria-label=\"\(MarkupText.escape(label))\">\(c.out)</svg>"
    }

    func stopsChart(_ bars: [Bucket], per: String) -> String {
        var c = Canvas()
        let maxValue = Double(bars.map { $0.totals.stops + $0.totals.failures }.max() ?? 0)
        let (top, step) = AuditPicture.niceScale(max(maxValue, 1))
        let integerStep = max(1, step.rounded(.up))
        let scaleTop = ceil(max(maxValue, 1) / integerStep) * integerStep
        frame(&c, top: scaleTop, step: integerStep, format: { String(Int($0)) })
        _ = top
        let slots = slots(bars.count)
        let B = AuditPicture.plotBottom, H = AuditPicture.plotBottom - AuditPicture.plotTop
        for (b, s) in zip(bars, slots) {
            let title = "\(AuditPicture.label(b)): \(b.totals.stops) stops, \(b.totals.failures) failures, \(b.totals.decisions) decisions, \(b.totals.runs) runs"
            c.open(group: "role=\"listitem\"", title: title)
            let hs = H * Double(b.totals.stops) / scaleTop, hf = H * Double(b.totals.failures) / scaleTop
            if b.totals.stops > 0 { c.rect(x: s.x, y: B - hs, width: s.width, height: hs, cls: "stop") }
            if b.totals.failures > 0 { c.rect(x: s.x, y: B - hs - hf, width: s.width, height: hf, cls: "failure") }
            // A transparent target the height of the plot, so every day has a tooltip.
            c.rect(x: s.x, y: AuditPicture.plotTop, width: s.width, height: H, cls: "", style: "fill: transparent")
            if s.width >= Markup.width(of: "\(b.totals.stops)", fontSize: 11) + 2, b.totals.stops + b.totals.failures > 0 {
                c.text("\(b.totals.stops + b.totals.failures)", x: s.center, y: B - hs - hf - 4, size: 11, anchor: .middle, cls: "mono")
            }
            c.closeGroup()
        }
        dateLabels(&c, bars, slots)
        return svg(c, label: "Bar chart: stops and failures per \(per)")
    }

    // MARK: - Tables

    func groupTable(_ heading: String, column: String, _ groups: [String: AuditTally.Totals]) -> String {
        var out = "<h2>\(MarkupText.escape(heading))</h2>\n"
        guard !groups.isEmpty else { return out + "<p class=\"empty\">No decisions.</p>\n" }
        let most = groups.values.map(\.savings.realizedMoney).max() ?? 0
        out += "<table>\n<thead><tr><th>\(column)</th><th class=\"num\">decisions</th><th class=\"num\">stops</th><th class=\"num\">failures</th>"
            + "<th class=\"num\">realized IU h</th><th class=\"num\">realized</th><th class=\"num\">projected</th><th>share of the largest</th></tr></thead>\n<tbody>\n"
        let rows = groups.sorted {
            $0.value.savings.realizedMoney != $1.value.savings.realizedMoney ? $0.value.savings.realizedMoney > $1.value.savings.realizedMoney : $0.key < $1.key
        }
        for (name, t) in rows {
            let money = t.savings.realizedMoney
            let w = most > 0 ? 160 * money / most : 0
            let bar = "<svg class=\"ls-chart\" width=\"164\" height=\"12\" viewBox=\"0 0 164 12\" role=\"img\" aria-label=\"\(MarkupText.escape(Markup.money(money)))\">"
                + "<rect x=\"0\" y=\"1\" width=\"\(Markup.number(max(w, money > 0 ? 1 : 0)))\" height=\"10\" class=\"saving\"/></svg>"
            out += "<tr><td class=\"mono\">\(MarkupText.escape(name))</td><td class=\"num\">\(t.decisions)</td><td class=\"num\">\(t.stops)</td>"
                + "<td class=\"num\">\(t.failures)</td><td class=\"num\">\(String(format: "%.1f", t.savings.realizedHours))</td>"
                + "<td class=\"num\">\(Markup.money(money))</td><td class=\"num\">\(Markup.money(t.savings.projectedMoney))</td><td>\(bar)</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    func offenders() -> String {
        var out = "<h2>Repeat offenders</h2>\n<p class=\"meta\">Models stopped in two or more runs: someone keeps starting them outside their windows.</p>\n"
        let list = tally.repeatOffenders
        guard !list.isEmpty else { return out + "<p class=\"empty\">None.</p>\n" }
        out += "<table>\n<thead><tr><th>model (region/project/version)</th><th class=\"num\">runs</th><th class=\"num\">stops</th>"
            + "<th>stopped at (UTC; the latest \(AuditTally.stopTimesKept))</th></tr></thead>\n<tbody>\n"
        for o in list {
            out += "<tr><td class=\"mono\">\(MarkupText.escape(o.model))</td><td class=\"num\">\(o.runs)</td><td class=\"num\">\(o.stops)</td>"
                + "<td class=\"mono\">\(o.stopTimes.map(MarkupText.escape).joined(separator: ", "))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    func failures() -> String {
        var out = "<h2>Failures by error code</h2>\n"
        let t = tally
        if t.failuresByCode.isEmpty && t.counts.discoveryFailures == 0 { return out + "<p class=\"empty\">No failures.</p>\n" }
        out += "<table>\n<thead><tr><th>error code</th><th class=\"num\">failed stops</th></tr></thead>\n<tbody>\n"
        for (code, n) in t.failuresByCode.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            out += "<tr><td class=\"mono\">\(MarkupText.escape(code))</td><td class=\"num\">\(n)</td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        if t.counts.discoveryFailures > 0 { out += "<p>Failed listings (no model could be decided on): \(t.counts.discoveryFailures).</p>\n" }
        return out
    }
}

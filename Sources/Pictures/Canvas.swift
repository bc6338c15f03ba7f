import Rendering
import HostingSchedule

/// Accumulates SVG elements as text. Coordinates go through `Markup.number`, text through
/// `MarkupText.escape`; a `title` becomes the element's `<title>` child (the tooltip, and what a
/// screen reader says).
struct Canvas {
    var out = ""

    init() { out.reserveCapacity(1 << 16) }

    mutating func raw(_ text: String) { out += text }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, cls: String, rx: Double = 0, title: String? = nil, style: String? = nil) {
        out += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(width, 0)))\" height=\"\(n(max(height, 0)))\""
        if rx > 0 { out += " rx=\"\(n(rx))\"" }
        out += " class=\"\(cls)\""
        if let style { out += " style=\"\(MarkupText.escape(style))\"" }
        close("rect", title)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, cls: String, title: String? = nil) {
        out += "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" class=\"\(cls)\""
        close("line", title)
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ s: String, x: Double, y: Double, size: Double, anchor: Anchor = .start, cls: String = "",
                       weight: String? = nil, title: String? = nil) {
        out += "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\""
        if anchor != .start { out += " text-anchor=\"\(anchor.rawValue)\"" }
        if !cls.isEmpty { out += " class=\"\(cls)\"" }
        if let weight { out += " font-weight=\"\(weight)\"" }
        out += ">"
        if let title { out += "<title>\(MarkupText.escape(title))</title>" }
        out += MarkupText.escape(s) + "</text>"
    }

    mutating func path(_ d: String, cls: String, title: String? = nil) {
        out += "<path d=\"\(d)\" class=\"\(cls)\""
        close("path", title)
    }

    mutating func open(group attributes: String, title: String? = nil) {
        out += "<g \(attributes)>"
        if let title { out += "<title>\(MarkupText.escape(title))</title>" }
    }
    mutating func closeGroup() { out += "</g>" }

    private mutating func close(_ tag: String, _ title: String?) {
        if let title { out += "><title>\(MarkupText.escape(title))</title></\(tag)>" } else { out += "/>" }
    }

    func n(_ x: Double) -> String { Markup.number(x) }
}

/// Times and dates as the pictures write them.
enum Clockface {
    /// `07:00` in the clock's zone.
    static func hm(_ t: Int, _ clock: ZoneClock) -> String {
        let s = clock.localTime(at: t).secondsOfDay
        return two(s / 3600) + ":" + two((s / 60) % 60)
    }

    /// `Mon 2026-11-30 07:00 +01:00`.
    static func wall(_ t: Int, _ clock: ZoneClock) -> String {
        let lt = clock.localTime(at: t)
        return "\(lt.date.weekday) \(lt.date) \(hm(t, clock)) \(InstantFormat.offset(lt.offset))"
    }

    /// `2026-11-30 06:00 UTC`.
    static func utc(_ t: Int) -> String {
        let u = InstantFormat.utc(t)
        return String(u.prefix(10)) + " " + String(u.dropFirst(11).prefix(5)) + " UTC"
    }

    /// Labels for a day, longest first: `Mon 30 Nov`, `Mon 30`, `30`.
    static func dayLabels(_ d: LocalDate) -> [String] {
        let month = Month(rawValue: d.month)?.shortName ?? ""
        return ["\(d.weekday) \(d.day) \(month)", "\(d.weekday) \(d.day)", "\(d.day)"]
    }

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// `+1 h`, `-1 h`, `+30 min`.
    static func shift(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let m = abs(seconds) / 60
        return m % 60 == 0 ? "\(sign)\(m / 60) h" : "\(sign)\(m) min"
    }

    /// `25 h`, `23 h`, `23.5 h`.
    static func hoursText(_ h: Double) -> String {
        h == h.rounded() ? "\(Int(h)) h" : String(format: "%.1f h", h)
    }
}

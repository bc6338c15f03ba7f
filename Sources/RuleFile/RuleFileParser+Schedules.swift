import Foundation
import HostingSchedule
import Yams

/// Named schedules, their date constraints, and their windows (weekly or cron).
extension RuleFileParser {
    func schedule(named name: String, node: Node, defaultZone: NamedZone?, globalHolidays: Set<LocalDate>) -> Schedule? {
        let what = "schedule '\(name)'"
        guard let e = entries(node, what) else { return nil }
        checkKeys(e, allowed: ["timezone", "windows", "holidays", "months", "valid_from", "valid_until", "grace", "price_per_copy_hour", "description"], in: what)
        var grace: Int?
        var graceOK = true
        if let g = value(e, "grace") {
            grace = self.grace(g, in: what)
            graceOK = grace != nil
        }
        var zone: NamedZone?
        var zoneOK = true
        if let tz = value(e, "timezone") {
            zone = timeZone(tz)
            zoneOK = zone != nil
        } else if let defaultZone {
            zone = defaultZone
        } else {
            if !defaultZoneRefused { error(node, "\(what) has no timezone; set 'timezone:' here or in 'defaults:'") }
            zoneOK = false
        }
        if let d = value(e, "description") { _ = scalar(d, "description") }
        let constraints = dateConstraints(e, what: what, node: node)
        let holidays = globalHolidays.union(value(e, "holidays").map { self.holidays($0, file: path) } ?? [])
        var windows: [HostingWindow] = []
        var windowsOK = true
        if let w = value(e, "windows") {
            if case .sequence(let seq) = w, !seq.isEmpty {
                for (i, wn) in seq.enumerated() {
                    guard spend(wn) else { break }
                    if let window = window(wn, what: "window \(i + 1) of \(what)") { windows.append(window) } else { windowsOK = false }
                }
            } else if case .sequence = w {
                error(w, "\(what) has an empty window list; a schedule that never hosts is the built-in 'never'")
                windowsOK = false
            } else {
                error(w, "windows of \(what) must be a list of windows, not \(kind(w))")
                windowsOK = false
            }
        } else {
            error(node, "\(what) has no 'windows:'")
            windowsOK = false
        }
        guard zoneOK, windowsOK, graceOK, let zone, let constraints else { return nil }
        var schedule = Schedule(name: name, zone: zone.zone, zoneName: zone.name, kind: .windows(windows), holidays: holidays,
                                constraints: constraints, grace: grace)
        schedule.pricePerCopyHour = value(e, "price_per_copy_hour").flatMap(copyPrice)
        return schedule
    }

    /// `months`, `valid_from`, `valid_until` of a schedule or window.
    func dateConstraints(_ e: [(key: String, keyNode: Node, value: Node)], what: String, node: Node) -> DateConstraints? {
        var c = DateConstraints()
        var ok = true
        if let m = value(e, "months") {
            if let bits = months(m) { c.months = bits } else { ok = false }
        }
        if let f = value(e, "valid_from") {
            if let d = date(f, "valid_from") { c.validFrom = d } else { ok = false }
        }
        if let u = value(e, "valid_until") {
            if let d = date(u, "valid_until") { c.validUntil = d } else { ok = false }
        }
        if let f = c.validFrom, let u = c.validUntil, u < f {
            error(value(e, "valid_until"), "\(what): valid_until \(u) is before valid_from \(f)")
            ok = false
        }
        return ok ? c : nil
    }

    func window(_ node: Node, what: String) -> HostingWindow? {
        guard let e = entries(node, what) else { return nil }
        let hasCron = value(e, "cron") != nil
        let weeklyKeys = ["days", "from", "to"], cronKeys = ["cron", "for"], common = ["months", "valid_from", "valid_until"]
        checkKeys(e, allowed: (hasCron ? cronKeys : weeklyKeys) + common, in: "\(what) (\(hasCron ? "a cron window: cron, for" : "a weekly window: days, from, to"))")
        let constraints = dateConstraints(e, what: what, node: node)
        if hasCron {
            var expression: CronExpression?
            if let c = value(e, "cron"), let text = scalar(c, "cron") {
                do {
                    expression = try CronExpression(parsing: text)
                } catch {
                    self.error(c, "bad cron expression: \(error.message)")
                }
            }
            var duration: Int?
            if let f = value(e, "for") {
                if let text = scalar(f, "for") {
                    if let d = DurationText.parse(text), d >= 60, d <= 31 * 86_400 {
                        duration = d
                    } else {
                        error(f, "bad duration '\(text)' for 'for'; write for example 90m, 14h, 1h30m or 2d (from 1m to 31d)")
                    }
                }
            } else {
                error(node, "\(what) has 'cron' but no 'for' (how long each opening lasts, such as 14h)")
            }
            guard let expression, let duration, let constraints else { return nil }
            return HostingWindow(.cron(expression, duration: duration), constraints: constraints)
        }
        var days: WeekdaySet? = WeekdaySet.all
        if let d = value(e, "days") { days = weekdays(d) }
        var from: TimeOfDay?, to: TimeOfDay?
        if let f = value(e, "from") { from = time(f, "from") } else { error(node, "\(what) has no 'from' (opening time, HH:MM)") }
        if let t = value(e, "to") { to = time(t, "to") } else { error(node, "\(what) has no 'to' (closing time, HH:MM)") }
        if let f = from, f.minutes == 1440 {
            error(value(e, "from"), "a window cannot open at 24:00; write 00:00")
            return nil
        }
        if let f = from, let t = to, f == t || (f.minutes == 0 && t.minutes == 0) {
            error(value(e, "to"), "\(what) opens and closes at \(f); for a whole day write from: \"00:00\", to: \"24:00\"")
            return nil
        }
        guard let days, let from, let to, let constraints else { return nil }
        return HostingWindow(.weekly(days: days, from: from, to: to), constraints: constraints)
    }
}

import Foundation
import HostingSchedule
import ScheduleReport

/// The picture's tooltips and screen-reader text: one sentence per day, bar, change and limit.
extension TimelinePicture {
    func dayTitle(_ d: TimelineLayout.Day, clock: ZoneClock) -> String {
        var t = "\(d.day.date.weekday) \(d.day.date) in \(clock.name): \(Clockface.hoursText(d.day.hours))"
        if d.day.isDSTChange {
            let before = clock.offset(at: d.day.start), after = clock.offset(at: d.day.end - 1)
            t += " (the clocks change \(Clockface.shift(after - before)), \(InstantFormat.offset(before)) to \(InstantFormat.offset(after)))"
        }
        if d.isHoliday { t += "; holiday\(d.holidayName.map { " \($0)" } ?? ""): no window opens" }
        if d.isOutsideValidity { t += "; outside the schedule's valid dates: no window opens" }
        return t
    }

    func dayLabel(_ d: TimelineLayout.Day, width: Double) -> String? {
        let base = Clockface.dayLabels(d.day.date)
        var candidates: [String]
        if d.day.isDSTChange {
            let h = Clockface.hoursText(d.day.hours)
            candidates = [base[0] + " · " + h, base[1] + " · " + h, h]
        } else if d.isHoliday {
            let name = d.holidayName ?? "holiday"
            candidates = [base[0] + " · " + name, base[1] + " · " + name, name]
        } else {
            candidates = base
        }
        if let fit = candidates.first(where: { Markup.width(of: $0, fontSize: 9) <= width }) { return fit }
        let cut = Markup.truncate(candidates.last!, toWidth: width, fontSize: 9)
        return cut.count >= 3 ? cut : nil
    }

    func barTitle(_ b: TimelineLayout.Bar, clock: ZoneClock) -> String {
        let local = "\(Clockface.wall(b.span.lowerBound, clock)) to \(Clockface.wall(b.span.upperBound, clock)) \(clock.name)"
        let utc = "\(Clockface.utc(b.span.lowerBound)) to \(Clockface.utc(b.span.upperBound))"
        if b.count == 1 { return "hosted \(local) (\(utc)): \(Markup.hours(b.hostedSeconds)) h" }
        return "\(b.count) hosted intervals from \(local) (\(utc)): \(Markup.hours(b.hostedSeconds)) h hosted"
    }

    func changeTitle(_ ch: OffsetChange, clock: ZoneClock) -> String {
        let direction = ch.after > ch.before ? "forward" : "back"
        return "DST in \(clock.name): clocks go \(direction) \(Clockface.shift(ch.after - ch.before)) at \(Clockface.utc(ch.instant)) "
            + "(\(InstantFormat.offset(ch.before)) to \(InstantFormat.offset(ch.after)))"
    }

    func limitTitle(_ l: TimelineLayout.Limit, clock: ZoneClock) -> String {
        let whose = l.window.map { "window \($0)" } ?? "the schedule"
        switch l.kind {
        case .validFrom: return "\(whose) is valid from \(l.date): no window opens before \(Clockface.wall(l.instant, clock))"
        case .validUntil: return "\(whose) is valid until \(l.date): no window opens from \(Clockface.wall(l.instant, clock))"
        }
    }
}

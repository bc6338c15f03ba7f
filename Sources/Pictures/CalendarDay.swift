import HostingSchedule

/// One calendar day in a zone, from its local midnight to the next: 24 hours, or 23 and 25 on
/// the days the clocks change.
public struct CalendarDay: Sendable, Equatable {
    /// The local date.
    public let date: LocalDate
    /// The instant of its first moment (local midnight, or the first instant after it that exists).
    public let start: Int
    /// The instant of the next day's start.
    public let end: Int

    /// Its length in hours (23, 24, 25; 23.5 for half-hour changes).
    public var hours: Double { Double(end - start) / 3600 }
    /// True when the clocks change on this day.
    public var isDSTChange: Bool { end - start != 86_400 }

    /// The days of `clock`'s zone that overlap `[from, to)`, in order.
    public static func days(in clock: ZoneClock, from: Int, to: Int) -> [CalendarDay] {
        var result: [CalendarDay] = []
        var date = clock.localDate(at: from)
        var start = clock.instant(of: date, minutes: 0)
        while start < to {
            let next = date.adding(days: 1)
            let end = clock.instant(of: next, minutes: 0)
            if end > from && end > start { result.append(CalendarDay(date: date, start: start, end: end)) }
            date = next
            start = max(end, start + 1)
        }
        return result
    }
}

/// A change of a zone's offset from UTC (a DST transition, or a zone's change of standard time).
public struct OffsetChange: Sendable, Equatable {
    /// The first instant with the new offset.
    public let instant: Int
    /// The offset before, in seconds east of UTC.
    public let before: Int
    /// The offset from `instant` on.
    public let after: Int

    /// A change.
    public init(instant: Int, before: Int, after: Int) {
        self.instant = instant
        self.before = before
        self.after = after
    }

    /// The offset changes of `clock`'s zone in `[from, to)`.
    public static func changes(in clock: ZoneClock, from: Int, to: Int) -> [OffsetChange] {
        var result: [OffsetChange] = []
        // Zones change their offset at most a few times a year, never twice within six hours:
        // probing every six hours and bisecting where the offset differs finds every change.
        let step = 6 * 3600
        var t = from
        var offset = clock.offset(at: from)
        while t < to {
            let u = min(t + step, to)
            let o = clock.offset(at: u)
            if o != offset {
                var lo = t, hi = u  // offset(lo) == offset, offset(hi) == o
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2
                    if clock.offset(at: mid) == offset { lo = mid } else { hi = mid }
                }
                if hi < to { result.append(OffsetChange(instant: hi, before: offset, after: o)) }
                offset = o
            }
            t = u
        }
        return result
    }
}

/// A recurring wall-clock moment in a schedule's zone: the shape of a calendar timer
/// (systemd's `OnCalendar=`), into which a window's openings and closes are translated so that a
/// timer can run at the window edges. It says on which dates (weekdays, months, days of the
/// month counted from either end) and at which seconds of those days it fires.
public struct CalendarEvent: Hashable, Sendable {
    /// The days of the month on which it fires.
    public enum Days: Hashable, Sendable {
        /// Every day.
        case any
        /// Bit n set (1-31): day n.
        case ofMonth(UInt32)
        /// Bit n set (1-31): the n-th day from the month's end (1 is the last day).
        case fromMonthEnd(UInt32)
    }

    /// The weekdays on which it fires (every weekday when `.all`).
    public var weekdays: WeekdaySet
    /// Bit n set (1-12): month n (`DateConstraints.allMonths` for every month).
    public var months: UInt16
    /// The days of the month.
    public var days: Days
    /// The wall times, as seconds since local midnight (0..<86400), ascending.
    public var secondsOfDay: [Int]

    /// An event.
    public init(weekdays: WeekdaySet = .all, months: UInt16 = DateConstraints.allMonths, days: Days = .any, secondsOfDay: [Int]) {
        self.weekdays = weekdays
        self.months = months
        self.days = days
        self.secondsOfDay = Array(Set(secondsOfDay)).sorted()
    }

    /// Whether it fires on `date` (at some time of it).
    public func matches(_ date: LocalDate) -> Bool {
        guard weekdays.contains(date.weekday), months & (1 << UInt16(date.month)) != 0 else { return false }
        switch days {
        case .any: return true
        case .ofMonth(let mask): return mask & (1 << UInt32(date.day)) != 0
        case .fromMonthEnd(let mask): return mask & (1 << UInt32(date.daysInMonth - date.day + 1)) != 0
        }
    }

    /// Whether it fires at wall time `seconds` after midnight on `date`.
    public func matches(_ date: LocalDate, secondsOfDay seconds: Int) -> Bool {
        matches(date) && secondsOfDay.contains(seconds)
    }

    /// The same event `days` days later (weekdays shift; a date in the month cannot, so only
    /// events on any day of the month move, and a month limit is dropped: the event then fires on
    /// more days than needed, never fewer). Nil when it cannot be moved.
    func shifted(byDays n: Int) -> CalendarEvent? {
        guard n != 0 else { return self }
        guard days == .any else { return nil }
        var moved = WeekdaySet()
        for d in Weekday.allCases where weekdays.contains(d) { moved.insert(Weekday(rawValue: (d.rawValue + n) % 7)!) }
        return CalendarEvent(weekdays: moved, days: .any, secondsOfDay: secondsOfDay)
    }
}

extension HostingWindow {
    /// The window's openings and closes as calendar events, with notes on what could not be
    /// written as one. The events fire at least at every opening and close the definition allows
    /// on the dates it allows (`months` of the window and the schedule); `valid_from`,
    /// `valid_until` and holidays are not written, so they may fire on more dates than needed.
    /// A cron window's close is `for` elapsed after its opening: the close events give the wall
    /// time reached without a DST change in between.
    public func calendarEvents(scheduleMonths: UInt16 = DateConstraints.allMonths)
        -> (opens: [CalendarEvent], closes: [CalendarEvent], notes: [String]) {
        let months = constraints.months & scheduleMonths
        switch opening {
        case let .weekly(days, from, to):
            let open = CalendarEvent.at(minutes: from.minutes, weekdays: days, months: months)
            let closeMinutes = to.minutes > from.minutes ? to.minutes : to.minutes + 1440
            let close = CalendarEvent.at(minutes: closeMinutes, weekdays: days, months: months)
            return ([open].compactMap { $0 }, [close].compactMap { $0 }, [])
        case let .cron(expression, duration):
            var notes: [String] = []
            let opens = expression.calendarEvents(months: months, notes: &notes)
            var closes: [CalendarEvent] = []
            for event in opens {
                // Closes grouped by how many days after the opening they fall.
                var byCarry: [Int: [Int]] = [:]
                for s in event.secondsOfDay {
                    let c = s + duration
                    byCarry[c / 86_400, default: []].append(c % 86_400)
                }
                for carry in byCarry.keys.sorted() {
                    var e = event
                    e.secondsOfDay = Array(Set(byCarry[carry]!)).sorted()
                    if let moved = e.shifted(byDays: carry) {
                        closes.append(moved)
                    } else {
                        notes.append("cron '\(expression.source)' for \(DurationText.format(seconds: duration)): a close \(carry) day\(carry == 1 ? "" : "s") after an opening on a day of the month cannot be written as a calendar event")
                    }
                }
            }
            return (opens, closes, notes)
        }
    }
}

extension CalendarEvent {
    /// An event at `minutes` after midnight (1440 or more: that many minutes into a later day).
    static func at(minutes: Int, weekdays: WeekdaySet, months: UInt16) -> CalendarEvent? {
        CalendarEvent(weekdays: weekdays, months: months, secondsOfDay: [(minutes % 1440) * 60]).shifted(byDays: minutes / 1440)
    }
}

extension CronExpression {
    /// The firings as calendar events: one per kind of day selector (a cron expression whose two
    /// day fields are both restricted fires on days matching either, a calendar event on days
    /// matching both, so each becomes events of its own). `nW` and `LW` have no calendar form:
    /// they are named in `notes`.
    func calendarEvents(months limit: UInt16, notes: inout [String]) -> [CalendarEvent] {
        let months = self.months & limit
        let seconds = firingMinutesOfAnyMatchingDay.map { $0 * 60 }
        guard months != 0 else { return [] }
        var events: [CalendarEvent] = []
        if dayOfMonthRestricted {
            if daysOfMonth != 0 { events.append(CalendarEvent(months: months, days: .ofMonth(daysOfMonth), secondsOfDay: seconds)) }
            if !lastDayOffsets.isEmpty {
                let mask = lastDayOffsets.reduce(UInt32(0)) { $0 | 1 << UInt32($1 + 1) }
                events.append(CalendarEvent(months: months, days: .fromMonthEnd(mask), secondsOfDay: seconds))
            }
            if !nearestWeekdays.isEmpty || lastWeekdayOfMonth {
                notes.append("cron '\(source)': the nearest weekday (W, LW) in day-of-month cannot be written as a calendar event")
            }
        }
        if dayOfWeekRestricted {
            if weekdays != 0 {
                events.append(CalendarEvent(weekdays: CronExpression.weekdaySet(weekdays), months: months, secondsOfDay: seconds))
            }
            for nth in nthWeekdays {
                // The n-th weekday d of the month falls on days 7(n-1)+1 ... 7n.
                let first = 7 * (nth.n - 1) + 1, last = min(7 * nth.n, 31)
                let mask = (first...last).reduce(UInt32(0)) { $0 | 1 << UInt32($1) }
                events.append(CalendarEvent(weekdays: WeekdaySet([Weekday(rawValue: nth.weekday)!]), months: months,
                                            days: .ofMonth(mask), secondsOfDay: seconds))
            }
            if lastWeekdays != 0 {
                // The last weekday d of the month falls in its last seven days.
                let mask = (1...7).reduce(UInt32(0)) { $0 | 1 << UInt32($1) }
                events.append(CalendarEvent(weekdays: CronExpression.weekdaySet(lastWeekdays), months: months,
                                            days: .fromMonthEnd(mask), secondsOfDay: seconds))
            }
        }
        if !dayOfMonthRestricted && !dayOfWeekRestricted {
            events.append(CalendarEvent(months: months, secondsOfDay: seconds))
        }
        return events
    }

    static func weekdaySet(_ bits: UInt8) -> WeekdaySet {
        WeekdaySet(Weekday.allCases.filter { bits & (1 << UInt8($0.rawValue)) != 0 })
    }
}

extension Schedule {
    /// A timer plan for the schedule's edges: the calendar events of its windows' openings and
    /// closes, what could not be written as events, and the edges in `[from, to)` that the events
    /// do not produce at their exact instant (a wall time in a DST gap, which calendar timers skip
    /// while the evaluator moves it forward; a cron close an hour off its wall time across a DST
    /// change; a cron day with no calendar form). Those must be run at as instants.
    public struct CalendarPlan: Sendable {
        /// Events that fire at openings.
        public let opens: [CalendarEvent]
        /// Events that fire at closes.
        public let closes: [CalendarEvent]
        /// What could not be written as events.
        public let notes: [String]
        /// The edges in the range that no event fires at.
        public let missed: [ScheduleEdge]
    }

    /// The plan for the edges in `[from, to)`. An event covers an edge when it fires at the edge's
    /// wall time and that wall time, read as calendar timers read it (the earlier instant when it
    /// occurs twice), is the edge's instant.
    public func calendarPlan(from: Int, to: Int) -> CalendarPlan {
        var opens: [CalendarEvent] = [], closes: [CalendarEvent] = [], notes: [String] = []
        for w in windows {
            let e = w.calendarEvents(scheduleMonths: constraints.months)
            opens += e.opens
            closes += e.closes
            notes += e.notes
        }
        opens = CalendarEvent.unique(opens)
        closes = CalendarEvent.unique(closes)
        let missed = edges(from: from, to: to).filter { edge in
            let lt = clock.localTime(at: edge.instant)
            guard clock.instant(ofWallSeconds: lt.date.daysSinceEpoch * 86_400 + lt.secondsOfDay) == edge.instant else { return true }
            return !(opens + closes).contains { $0.matches(lt.date, secondsOfDay: lt.secondsOfDay) }
        }
        return CalendarPlan(opens: opens, closes: closes, notes: notes, missed: missed)
    }
}

extension CalendarEvent {
    /// The events in order, each once.
    static func unique(_ events: [CalendarEvent]) -> [CalendarEvent] {
        var seen = Set<CalendarEvent>()
        return events.filter { seen.insert($0).inserted }
    }
}

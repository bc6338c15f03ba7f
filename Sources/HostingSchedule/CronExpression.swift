/// A five-field cron expression: `minute hour day-of-month month day-of-week`.
///
/// Supported, per field: numbers, `*`, ranges `a-b`, lists `a,b`, steps `*/n`, `a-b/n` and `a/n`
/// (from `a` to the field's maximum); month names `JAN`-`DEC`; weekday names `SUN`-`SAT`
/// (`0` and `7` are both Sunday); `?` as `*` in the day fields. Day of month also takes `L` (last
/// day), `L-n` (n days before the last), `nW` (the weekday nearest day n, within the month) and
/// `LW` (the last weekday). Day of week also takes `d#n` (the n-th weekday d of the month, n 1-5)
/// and `dL` (the last weekday d of the month). Macros: `@yearly`, `@annually`, `@monthly`,
/// `@weekly`, `@daily`, `@midnight`, `@hourly`.
///
/// As in standard cron, when both day fields are restricted (neither is `*` or `?`) a date matches
/// if either matches; when one is `*`, only the other counts.
public struct CronExpression: Hashable, Sendable, CustomStringConvertible {
    /// The expression as written.
    public let source: String
    /// Bit n set: minute n fires.
    let minutes: UInt64
    /// Bit n set: hour n fires.
    let hours: UInt32
    /// Bit n set (1-31): day of month n matches.
    let daysOfMonth: UInt32
    /// `L-n` offsets (0 for `L`).
    let lastDayOffsets: [Int]
    /// Days given as `nW`.
    let nearestWeekdays: [Int]
    /// `LW` present.
    let lastWeekdayOfMonth: Bool
    /// Bit n set (1-12): month n matches.
    let months: UInt16
    /// Bit n set (0-6): weekday n matches.
    let weekdays: UInt8
    /// `d#n` pairs.
    let nthWeekdays: [NthWeekday]
    /// Bit n set: `nL` (last weekday n of the month).
    let lastWeekdays: UInt8
    /// Day of month is restricted (not `*` or `?`).
    let dayOfMonthRestricted: Bool
    /// Day of week is restricted (not `*` or `?`).
    let dayOfWeekRestricted: Bool

    struct NthWeekday: Hashable, Sendable {
        let weekday: Int
        let n: Int
    }

    /// Why an expression was rejected.
    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        /// What is wrong, naming the field.
        public let message: String
        public var description: String { message }
    }

    /// Parses an expression, or throws a `ParseError` that names the field and the problem.
    public init(parsing text: String) throws(ParseError) {
        source = text
        var expanded = text.trimmingSpaces
        if expanded.hasPrefix("@") {
            let macros = ["@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
                          "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
                          "@hourly": "0 * * * *"]
            guard let m = macros[expanded.lowercased()] else {
                throw ParseError(message: "unknown cron macro '\(expanded)' (expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)")
            }
            expanded = m
        }
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(message: "a cron expression has 5 fields (minute hour day-of-month month day-of-week), '\(text)' has \(fields.count)")
        }
        minutes = UInt64(try CronExpression.parseSimple(fields[0], field: .minute))
        hours = UInt32(try CronExpression.parseSimple(fields[1], field: .hour))
        months = UInt16(try CronExpression.parseSimple(fields[3], field: .month))

        // Day of month, with L, L-n, nW, LW.
        var dom: UInt64 = 0
        var lastOffsets: [Int] = [], nearest: [Int] = [], lw = false
        dayOfMonthRestricted = !(fields[2] == "*" || fields[2] == "?")
        if dayOfMonthRestricted {
            for item in fields[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
                let upper = item.uppercased()
                if upper == "L" {
                    lastOffsets.append(0)
                } else if upper == "LW" || upper == "WL" {
                    lw = true
                } else if upper.hasPrefix("L-") {
                    guard let n = Int(upper.dropFirst(2)), (0...30).contains(n) else {
                        throw ParseError(message: "day-of-month: '\(item)' is not valid (L-n takes n from 0 to 30)")
                    }
                    lastOffsets.append(n)
                } else if upper.hasSuffix("W") {
                    guard let n = Int(upper.dropLast()), (1...31).contains(n) else {
                        throw ParseError(message: "day-of-month: '\(item)' is not valid (nW takes a day from 1 to 31)")
                    }
                    nearest.append(n)
                } else {
                    dom |= try CronExpression.parseItem(item, field: .dayOfMonth)
                }
            }
        }
        daysOfMonth = UInt32(truncatingIfNeeded: dom)
        lastDayOffsets = lastOffsets
        nearestWeekdays = nearest
        lastWeekdayOfMonth = lw

        // Day of week, with d#n and dL.
        var dow: UInt64 = 0, nth: [NthWeekday] = [], lastDow: UInt8 = 0
        dayOfWeekRestricted = !(fields[4] == "*" || fields[4] == "?")
        if dayOfWeekRestricted {
            for item in fields[4].split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
                let upper = item.uppercased()
                if let hash = upper.firstIndex(of: "#") {
                    let d = try CronExpression.value(String(upper[..<hash]), field: .dayOfWeek, item: item) % 7
                    guard let n = Int(upper[upper.index(after: hash)...]), (1...5).contains(n) else {
                        throw ParseError(message: "day-of-week: '\(item)' is not valid (d#n takes n from 1 to 5)")
                    }
                    nth.append(NthWeekday(weekday: d, n: n))
                } else if upper.count > 1, upper.hasSuffix("L") {
                    let d = try CronExpression.value(String(upper.dropLast()), field: .dayOfWeek, item: item) % 7
                    lastDow |= 1 << UInt8(d)
                } else {
                    dow |= try CronExpression.parseItem(item, field: .dayOfWeek)
                }
            }
        }
        // 7 is Sunday too.
        if dow & (1 << 7) != 0 { dow |= 1 }
        weekdays = UInt8(dow & 0x7F)
        nthWeekdays = nth
        lastWeekdays = lastDow

        if !firesWithin(yearsFrom: 2001, count: 28 * 4) {
            throw ParseError(message: "'\(text)' never fires (no date matches its day-of-month, month and day-of-week)")
        }
    }

    /// Whether the expression fires on some minute of `date` (its day fields and month match).
    public func matches(_ date: LocalDate) -> Bool {
        guard months & (1 << UInt16(date.month)) != 0 else { return false }
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): return dayOfMonthMatches(date) || dayOfWeekMatches(date)
        case (true, false): return dayOfMonthMatches(date)
        case (false, true): return dayOfWeekMatches(date)
        case (false, false): return true
        }
    }

    /// The wall times of `date` (minutes since midnight, ascending) at which the expression fires,
    /// or an empty list when the date does not match.
    public func firingMinutes(on date: LocalDate) -> [Int] {
        guard matches(date) else { return [] }
        return firingMinutesOfAnyMatchingDay
    }

    /// The minutes of a day at which it fires, when the day matches.
    var firingMinutesOfAnyMatchingDay: [Int] {
        var result: [Int] = []
        for h in 0..<24 where hours & (1 << UInt32(h)) != 0 {
            for m in 0..<60 where minutes & (1 << UInt64(m)) != 0 { result.append(h * 60 + m) }
        }
        return result
    }

    /// The last minute of a day, at or before `minute`, at which it fires (days assumed to match).
    func lastFiringMinute(atOrBefore minute: Int) -> Int? {
        var h = min(minute / 60, 23), m = minute >= 1440 ? 59 : minute % 60
        while h >= 0 {
            if hours & (1 << UInt32(h)) != 0 {
                while m >= 0 {
                    if minutes & (1 << UInt64(m)) != 0 { return h * 60 + m }
                    m -= 1
                }
            }
            h -= 1
            m = 59
        }
        return nil
    }

    func dayOfMonthMatches(_ date: LocalDate) -> Bool {
        if daysOfMonth & (1 << UInt32(date.day)) != 0 { return true }
        let last = date.daysInMonth
        for off in lastDayOffsets where date.day == last - off { return true }
        if lastWeekdayOfMonth {
            var d = last
            while let w = LocalDate(year: date.year, month: date.month, day: d)?.weekday,
                  w == .saturday || w == .sunday { d -= 1 }
            if date.day == d { return true }
        }
        for n in nearestWeekdays where n <= last {
            if date.day == CronExpression.nearestWeekday(to: n, year: date.year, month: date.month) { return true }
        }
        return false
    }

    /// The weekday nearest day `n` of the month, never leaving the month (Quartz semantics).
    static func nearestWeekday(to n: Int, year: Int, month: Int) -> Int {
        let last = LocalDate.daysIn(month: month, year: year)
        let w = LocalDate(year: year, month: month, day: n)!.weekday
        switch w {
        case .saturday: return n == 1 ? 3 : n - 1
        case .sunday: return n == last ? n - 2 : n + 1
        default: return n
        }
    }

    func dayOfWeekMatches(_ date: LocalDate) -> Bool {
        let w = date.weekday.rawValue
        if weekdays & (1 << UInt8(w)) != 0 { return true }
        if lastWeekdays & (1 << UInt8(w)) != 0 && date.day + 7 > date.daysInMonth { return true }
        let nth = (date.day - 1) / 7 + 1
        return nthWeekdays.contains(NthWeekday(weekday: w, n: nth))
    }

    /// Whether some date in the given years matches (used to reject expressions that never fire).
    func firesWithin(yearsFrom start: Int, count: Int) -> Bool {
        var d = LocalDate(year: start, month: 1, day: 1)!.daysSinceEpoch
        let end = LocalDate(year: start + count, month: 1, day: 1)!.daysSinceEpoch
        while d < end {
            if matches(LocalDate(daysSinceEpoch: d)) { return true }
            d += 1
        }
        return false
    }

    public var description: String { source }
}

/// A POSIX TZ string, as the footer of a TZif file carries it: the zone's rule for every instant
/// after the file's last transition (RFC 8536 section 3.3; POSIX.1-2017 section 8.3), with the
/// RFC's extensions: rule times from -167 to 167 hours (version 3) and quoted names (`<+03>-3`).
///
/// `EST5EDT,M3.2.0,M11.1.0`, `<+0530>-5:30`, `IST-1GMT0,M10.5.0,M3.5.0/1` (a negative DST: the
/// "daylight" offset is behind the standard one), `EST5EDT,0/0,J365/25` (daylight time all year).
public struct PosixTZRule: Sendable, Equatable, CustomStringConvertible {
    /// The standard time's offset, seconds east of UTC (POSIX writes it west of UTC: `EST5` is -18000).
    public let standardOffset: Int
    /// The daylight saving rule, when the zone has one.
    public let daylight: Daylight?
    /// The text it was parsed from.
    public let description: String

    /// Daylight saving time: its offset and the two changes of every year.
    public struct Daylight: Sendable, Equatable {
        /// Seconds east of UTC while daylight time is in force.
        public let offset: Int
        /// When daylight time starts (a wall time in standard time).
        public let start: Change
        /// When it ends (a wall time in daylight time).
        public let end: Change
    }

    /// One of the year's two changes: a day of the year and a time of that day.
    public struct Change: Sendable, Equatable {
        /// How the day is given.
        public enum Day: Sendable, Equatable {
            /// `Jn`: day 1...365, February 29 never counted.
            case julianNoLeap(Int)
            /// `n`: day 0...365, February 29 counted in leap years.
            case zeroBased(Int)
            /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (1...5, 5 = the last) of month `m`.
            case monthWeekDay(month: Int, week: Int, weekday: Int)
        }
        /// The day.
        public let day: Day
        /// Seconds after that day's local midnight (-167 h ... 167 h; default 02:00).
        public let time: Int

        /// Days since 1970-01-01 of this change's day in `year`.
        func daysSinceEpoch(inYear year: Int) -> Int {
            let jan1 = CivilDays.from(year: year, month: 1, day: 1)
            switch day {
            case .julianNoLeap(let n):
                return jan1 + n - 1 + (CivilDays.isLeap(year) && n >= 60 ? 1 : 0)
            case .zeroBased(let n):
                return jan1 + n
            case .monthWeekDay(let m, let w, let d):
                let first = CivilDays.from(year: year, month: m, day: 1)
                // 1970-01-01 was a Thursday (4, counting Sunday as 0).
                let firstWeekday = ((first % 7) + 7 + 4) % 7
                var dayOfMonth = 1 + (d - firstWeekday + 7) % 7 + (w - 1) * 7
                let length = CivilDays.daysIn(month: m, year: year)
                while dayOfMonth > length { dayOfMonth -= 7 }
                return first + dayOfMonth - 1
            }
        }
    }

    /// Why a TZ string was refused.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, and where in the string.
        public let description: String
    }

    /// Parses a TZ string (an empty one is refused: callers treat an empty footer themselves).
    public init(parsing text: String) throws(ParseError) {
        var s = Scanner(Array(text.utf8), text: text)
        _ = try s.name()
        standardOffset = -(try s.offset(maximumHours: 167, what: "standard offset"))
        if s.atEnd {
            daylight = nil
        } else {
            _ = try s.name()
            var dstOffset = standardOffset + 3600
            if !s.atEnd && s.peek != UInt8(ascii: ",") {
                dstOffset = -(try s.offset(maximumHours: 167, what: "daylight offset"))
            }
            let start: Change, end: Change
            if s.atEnd {
                // POSIX leaves a missing rule to the implementation; glibc and tzcode use the US rules.
                start = Change(day: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7200)
                end = Change(day: .monthWeekDay(month: 11, week: 1, weekday: 0), time: 7200)
            } else {
                try s.expect(",")
                start = try s.change()
                try s.expect(",")
                end = try s.change()
            }
            guard s.atEnd else { throw s.fail("unexpected text") }
            daylight = Daylight(offset: dstOffset, start: start, end: end)
        }
        description = text
    }

    /// The offset (seconds east of UTC) in force at instant `t`.
    public func offset(at t: Int) -> Int {
        guard let daylight else { return standardOffset }
        // The year of `t` in standard time; the changes of the year before and after bracket it.
        let year = CivilDays.year(ofDay: CivilDays.floorDiv(t + standardOffset, 86_400))
        var result = standardOffset
        var latest = Int.min
        for y in (year - 1)...(year + 1) {
            for (at, offset) in changes(inYear: y, daylight) where at <= t && at >= latest {
                // Ties: a later year's change wins (daylight time all year: the end of one year and
                // the start of the next are the same instant, and daylight time goes on).
                latest = at
                result = offset
            }
        }
        return result
    }

    /// The instants of `year`'s two changes, each with the offset that starts then, in the order
    /// start, end (not necessarily ascending: south of the equator the end comes first).
    public func changes(inYear year: Int) -> [(at: Int, offset: Int)] {
        guard let daylight else { return [] }
        return changes(inYear: year, daylight)
    }

    func changes(inYear year: Int, _ daylight: Daylight) -> [(at: Int, offset: Int)] {
        let start = daylight.start.daysSinceEpoch(inYear: year) * 86_400 + daylight.start.time - standardOffset
        let end = daylight.end.daysSinceEpoch(inYear: year) * 86_400 + daylight.end.time - daylight.offset
        return [(start, daylight.offset), (end, standardOffset)]
    }

    /// A cursor over the TZ string's bytes.
    struct Scanner {
        let bytes: [UInt8]
        let text: String
        var i = 0
        init(_ bytes: [UInt8], text: String) { self.bytes = bytes; self.text = text }

        var atEnd: Bool { i >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[i] }

        func fail(_ why: String) -> ParseError {
            ParseError(description: "TZ string \"\(TZifText.printable(text))\": \(why) at character \(i + 1)")
        }

        mutating func expect(_ c: Character) throws(ParseError) {
            guard peek == c.asciiValue else { throw fail("expected '\(c)'") }
            i += 1
        }

        /// A zone abbreviation: three or more letters, or `<...>` with letters, digits, + and -.
        mutating func name() throws(ParseError) -> String {
            let begin = i
            if peek == UInt8(ascii: "<") {
                i += 1
                while let c = peek, c != UInt8(ascii: ">") {
                    guard isAlnum(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") else { throw fail("bad character in a quoted name") }
                    i += 1
                }
                try expect(">")
                guard i - begin >= 5 else { throw fail("a quoted name needs at least three characters") }
            } else {
                while let c = peek, isAlpha(c) { i += 1 }
                guard i - begin >= 3 else { throw fail("a zone name needs at least three letters") }
            }
            return String(decoding: bytes[begin..<i], as: UTF8.self)
        }

        /// `[+-]hh[:mm[:ss]]`, as seconds (the sign as written: POSIX offsets are west of UTC).
        mutating func offset(maximumHours: Int, what: String) throws(ParseError) -> Int {
            var sign = 1
            if peek == UInt8(ascii: "+") { i += 1 } else if peek == UInt8(ascii: "-") { sign = -1; i += 1 }
            let h = try number(maximum: maximumHours, what: "\(what) hours")
            var m = 0, sec = 0
            if peek == UInt8(ascii: ":") {
                i += 1
                m = try number(maximum: 59, what: "\(what) minutes")
                if peek == UInt8(ascii: ":") {
                    i += 1
                    sec = try number(maximum: 59, what: "\(what) seconds")
                }
            }
            return sign * (h * 3600 + m * 60 + sec)
        }

        mutating func number(maximum: Int, what: String) throws(ParseError) -> Int {
            var value = 0, digits = 0
            while let c = peek, c >= 0x30 && c <= 0x39 {
                value = value * 10 + Int(c - 0x30)
                digits += 1
                i += 1
                guard digits <= 3, value <= maximum else { throw fail("\(what) out of range (at most \(maximum))") }
            }
            guard digits > 0 else { throw fail("expected \(what)") }
            return value
        }

        /// `date[/time]`.
        mutating func change() throws(ParseError) -> Change {
            let day: Change.Day
            if peek == UInt8(ascii: "J") {
                i += 1
                let n = try number(maximum: 365, what: "Julian day")
                guard n >= 1 else { throw fail("a Julian day is 1 to 365") }
                day = .julianNoLeap(n)
            } else if peek == UInt8(ascii: "M") {
                i += 1
                let m = try number(maximum: 12, what: "month")
                guard m >= 1 else { throw fail("a month is 1 to 12") }
                try expect(".")
                let w = try number(maximum: 5, what: "week")
                guard w >= 1 else { throw fail("a week is 1 to 5") }
                try expect(".")
                let d = try number(maximum: 6, what: "weekday")
                day = .monthWeekDay(month: m, week: w, weekday: d)
            } else {
                day = .zeroBased(try number(maximum: 365, what: "day of the year"))
            }
            var time = 7200
            if peek == UInt8(ascii: "/") {
                i += 1
                time = try offset(maximumHours: 167, what: "change time")
            }
            return Change(day: day, time: time)
        }

        func isAlpha(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
        func isAlnum(_ c: UInt8) -> Bool { isAlpha(c) || (c >= 0x30 && c <= 0x39) }
    }
}

/// Proleptic Gregorian day arithmetic on plain integers (days since 1970-01-01), for the zone
/// code's hot paths (Howard Hinnant's `days_from_civil` and its inverse).
enum CivilDays {
    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func from(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func year(ofDay z0: Int) -> Int {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let m = mp < 10 ? mp + 3 : mp - 9
        return yoe + era * 400 + (m <= 2 ? 1 : 0)
    }
}

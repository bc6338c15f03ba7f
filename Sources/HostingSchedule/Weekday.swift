/// A day of the week, numbered as cron numbers it (Sunday is 0).
public enum Weekday: Int, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case sunday = 0, monday, tuesday, wednesday, thursday, friday, saturday

    /// Why text is not a day of the week.
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        /// Not a day name.
        case unknownName(String)

        public var description: String {
            switch self {
            case .unknownName(let text): "'\(text)' is not a day name (mon, tue, ... or monday, tuesday, ...)"
            }
        }
    }

    /// Parses `mon`, `Mon`, `MONDAY` and so on (three-letter abbreviation or full English name).
    public init?(name: some StringProtocol) {
        let lower = name.lowercased()
        guard let day = Weekday.allCases.first(where: { $0.shortName.lowercased() == lower || $0.fullName == lower })
        else { return nil }
        self = day
    }

    /// Parses cron's day names, `SUN` to `SAT` in any case.
    public init?(abbreviation: some StringProtocol) {
        let upper = abbreviation.uppercased()
        guard let day = Weekday.allCases.first(where: { $0.shortName.uppercased() == upper }) else { return nil }
        self = day
    }

    /// Parses a day name, as `init(name:)` does, or says why it is not one.
    public init(parsing text: some StringProtocol) throws(ParseError) {
        guard let day = Weekday(name: text) else { throw .unknownName(String(text)) }
        self = day
    }

    /// The days from `first` to `last`, wrapping after Saturday: `fri` to `mon` is Fri, Sat, Sun, Mon.
    public static func wrappingRange(from first: Weekday, through last: Weekday) -> [Weekday] {
        var days = [first]
        var d = first
        while d != last {
            d = Weekday(rawValue: (d.rawValue + 1) % 7)!
            days.append(d)
        }
        return days
    }

    /// `Mon`, `Tue`, ...
    public var shortName: String { ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][rawValue] }
    /// `monday`, `tuesday`, ...
    public var fullName: String {
        ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][rawValue]
    }
    public var description: String { shortName }

    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}

/// A set of weekdays, stored as a 7-bit mask.
public struct WeekdaySet: Hashable, Sendable, CustomStringConvertible {
    /// Bit `n` is set when `Weekday(rawValue: n)` is in the set.
    public var mask: UInt8

    /// The empty set.
    public init() { mask = 0 }
    /// A set of the given days.
    public init(_ days: some Sequence<Weekday>) {
        mask = 0
        for d in days { insert(d) }
    }
    /// Every day of the week.
    public static let all = WeekdaySet(Weekday.allCases)

    public func contains(_ day: Weekday) -> Bool { mask & (1 << UInt8(day.rawValue)) != 0 }
    public mutating func insert(_ day: Weekday) { mask |= 1 << UInt8(day.rawValue) }
    public var isEmpty: Bool { mask == 0 }

    /// Compact text such as `Mon-Fri`, `Sat,Sun`, `Fri-Mon`, `daily`.
    public var description: String {
        if self == .all { return "daily" }
        // Runs in Monday-first order, joined cyclically so that Fri,Sat,Sun,Mon reads Fri-Mon.
        let order: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday]
        let present = order.map(contains)
        guard present.contains(true) else { return "none" }
        // Start at a day that is present and whose predecessor is absent.
        let start = (0..<7).first { present[$0] && !present[($0 + 6) % 7] } ?? 0
        var runs: [String] = []
        var i = 0
        while i < 7 {
            let idx = (start + i) % 7
            if !present[idx] { i += 1; continue }
            var j = i
            while j + 1 < 7 && present[(start + j + 1) % 7] { j += 1 }
            let first = order[idx], last = order[(start + j) % 7]
            if j == i { runs.append(first.shortName) }
            else if j == i + 1 { runs.append("\(first.shortName),\(last.shortName)") }
            else { runs.append("\(first.shortName)-\(last.shortName)") }
            i = j + 1
        }
        return runs.joined(separator: ",")
    }
}

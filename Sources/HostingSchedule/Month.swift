/// A month of the year, numbered as dates and cron number it (January is 1).
public enum Month: Int, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case january = 1, february, march, april, may, june, july, august, september, october, november, december

    /// Why text is not a month.
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        /// Neither a month name nor a number.
        case unknownName(String)
        /// A number, but not from 1 to 12.
        case outOfRange(Int)

        public var description: String {
            switch self {
            case .unknownName(let text): "'\(text)' is not a month name (jan, feb, ... or january, february, ...)"
            case .outOfRange(let n): "\(n) is not a month number (1 to 12)"
            }
        }
    }

    /// Parses `jan`, `Jan`, `JANUARY` and so on (three-letter abbreviation or full English name).
    public init?(name: some StringProtocol) {
        let lower = name.lowercased()
        guard let month = Month.allCases.first(where: { $0.shortName.lowercased() == lower || $0.fullName == lower })
        else { return nil }
        self = month
    }

    /// Parses cron's month names, `JAN` to `DEC` in any case.
    public init?(abbreviation: some StringProtocol) {
        let upper = abbreviation.uppercased()
        guard let month = Month.allCases.first(where: { $0.shortName.uppercased() == upper }) else { return nil }
        self = month
    }

    /// Parses a month name (as `init(name:)`) or number (`6`, `06`).
    public init(parsing text: some StringProtocol) throws(ParseError) {
        if let n = Int(text) {
            guard let month = Month(rawValue: n) else { throw .outOfRange(n) }
            self = month
        } else if let month = Month(name: text) {
            self = month
        } else {
            throw .unknownName(String(text))
        }
    }

    /// The months from `first` to `last`, wrapping after December: `nov` to `feb` is Nov, Dec, Jan, Feb.
    public static func wrappingRange(from first: Month, through last: Month) -> [Month] {
        var months = [first]
        var m = first
        while m != last {
            m = Month(rawValue: m.rawValue % 12 + 1)!
            months.append(m)
        }
        return months
    }

    /// `Jan`, `Feb`, ...
    public var shortName: String {
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][rawValue - 1]
    }
    /// `january`, `february`, ...
    public var fullName: String {
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
         "december"][rawValue - 1]
    }
    public var description: String { shortName }

    public static func < (a: Month, b: Month) -> Bool { a.rawValue < b.rawValue }
}

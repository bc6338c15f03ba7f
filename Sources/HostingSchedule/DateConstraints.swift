/// Limits on the dates on which a window (or every window of a schedule) may open: an inclusive
/// date range and a set of months. A window opens on a date only if the date passes all of them.
public struct DateConstraints: Hashable, Sendable {
    /// The first date on which a window may open, if any.
    public var validFrom: LocalDate?
    /// The last date on which a window may open, if any.
    public var validUntil: LocalDate?
    /// Bit n set (1-12): a window may open in month n.
    public var months: UInt16

    /// Every month.
    public static let allMonths: UInt16 = 0b1_1111_1111_1110

    /// No limits.
    public static let none = DateConstraints()

    /// Creates constraints; the defaults allow every date.
    public init(validFrom: LocalDate? = nil, validUntil: LocalDate? = nil, months: UInt16 = DateConstraints.allMonths) {
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.months = months
    }

    /// Whether a window may open on `date`.
    @inlinable
    public func allows(_ date: LocalDate) -> Bool {
        if months & (1 << UInt16(date.month)) == 0 { return false }
        if let f = validFrom, date < f { return false }
        if let u = validUntil, u < date { return false }
        return true
    }

    /// Whether a window may open in `month` (the month alone; the date range is not consulted).
    public func allows(_ month: Month) -> Bool { months & DateConstraints.monthBits([month]) != 0 }

    /// The `months` bits of the given months.
    public static func monthBits(_ months: some Sequence<Month>) -> UInt16 {
        months.reduce(0) { $0 | 1 << UInt16($1.rawValue) }
    }

    /// True when nothing is limited.
    public var isUnconstrained: Bool { self == .none }

    /// Text such as `valid 2026-01-01..2026-03-31, Jan-Mar`, empty when unconstrained.
    public var description: String {
        var parts: [String] = []
        if validFrom != nil || validUntil != nil {
            parts.append("valid \(validFrom.map(String.init(describing:)) ?? "")..\(validUntil.map(String.init(describing:)) ?? "")")
        }
        if months != DateConstraints.allMonths {
            parts.append(Month.allCases.filter(allows).map(\.shortName).joined(separator: ","))
        }
        return parts.joined(separator: ", ")
    }
}

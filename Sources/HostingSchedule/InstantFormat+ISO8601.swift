extension InstantFormat {
    /// Why an ISO 8601 instant was refused.
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Not of the form `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)`.
        case malformed(String)
        /// A calendar date that does not exist (`2027-02-29`) or a time past 23:59:59.
        case impossible(String)
        /// An offset beyond ±18:00.
        case offsetOutOfRange(String)

        public var description: String {
            switch self {
            case .malformed(let t): return "'\(t)' is not an ISO 8601 instant with an offset, such as 2026-12-24T18:00:00+01:00 or 2026-12-24T17:00:00Z"
            case .impossible(let t): return "'\(t)' is not a real date and time"
            case .offsetOutOfRange(let t): return "'\(t)' has an offset beyond ±18:00"
            }
        }
    }

    /// Seconds since the epoch of `2026-12-24T18:00:00+01:00`, `2026-12-24T17:00Z`,
    /// `2026-12-24T17:00:00.5Z` (fractions dropped). An offset (or `Z`) is required; the date
    /// must exist; the offset is at most ±18:00.
    public static func parseISO8601(_ text: some StringProtocol) throws(ParseError) -> Int {
        let s = String(text)
        let b = Array(s.utf8)
        func digits(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= b.count else { return nil }
            var v = 0
            for i in r {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard b.count >= 17, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x74, b[13] == 0x3A,
              let y = digits(0..<4), let mo = digits(5..<7), let d = digits(8..<10), let h = digits(11..<13), let mi = digits(14..<16)
        else { throw .malformed(s) }
        var i = 16
        var sec = 0
        if i < b.count, b[i] == 0x3A {
            guard let v = digits((i + 1)..<(i + 3)) else { throw .malformed(s) }
            sec = v
            i += 3
            if i < b.count, b[i] == 0x2E || b[i] == 0x2C {
                i += 1
                let start = i
                while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
                guard i > start else { throw .malformed(s) }
            }
        }
        guard i < b.count else { throw .malformed(s) }
        var offset = 0
        if b[i] == 0x5A || b[i] == 0x7A {
            guard i + 1 == b.count else { throw .malformed(s) }
        } else if b[i] == 0x2B || b[i] == 0x2D {
            guard b.count == i + 6, b[i + 3] == 0x3A, let oh = digits((i + 1)..<(i + 3)), let om = digits((i + 4)..<(i + 6)), om < 60
            else { throw .malformed(s) }
            offset = (oh * 3600 + om * 60) * (b[i] == 0x2D ? -1 : 1)
            guard abs(offset) <= 18 * 3600 else { throw .offsetOutOfRange(s) }
        } else {
            throw .malformed(s)
        }
        guard let date = LocalDate(year: y, month: mo, day: d), h < 24, mi < 60, sec < 60 else { throw .impossible(s) }
        return date.daysSinceEpoch * 86_400 + h * 3600 + mi * 60 + sec - offset
    }
}

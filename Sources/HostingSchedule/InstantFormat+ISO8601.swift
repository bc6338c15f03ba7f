extension InstantFormat {
    /// Why an ISO 8601 instant was refused. The one parser of instants the user writes: the rule
    /// file's `until`, keep-until tags, and `--now`/`--at`/`--from`/`--to` (which word the errors
    /// their own way).
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// No `Z` and no `±HH:MM` at the end.
        case noOffset(String)
        /// Not of the form `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH[:]MM)`.
        case malformed(String)
        /// A calendar date that does not exist (`2027-02-29`).
        case noSuchDay(String, year: Int, month: Int, day: Int)
        /// A time past 23:59:59.
        case noSuchTime(String, hour: Int, minute: Int, second: Int)
        /// An offset that is not `±HH:MM` with minutes below 60.
        case malformedOffset(String)
        /// An offset beyond ±18:00.
        case offsetOutOfRange(String)

        public var description: String {
            switch self {
            case .noOffset(let t), .malformed(let t), .malformedOffset(let t):
                return "'\(t)' is not an ISO 8601 instant with an offset, such as 2026-12-24T18:00:00+01:00 or 2026-12-24T17:00:00Z"
            case .noSuchDay(let t, _, _, _), .noSuchTime(let t, _, _, _): return "'\(t)' is not a real date and time"
            case .offsetOutOfRange(let t): return "'\(t)' has an offset beyond ±18:00"
            }
        }
    }

    /// The largest offset from UTC accepted (ISO 8601 and RFC 3339 zones stay within ±18:00).
    public static let maximumOffsetSeconds = 18 * 3600

    /// Seconds since the epoch of `2026-12-24T18:00:00+01:00`, `2026-12-24T17:00Z`,
    /// `2026-12-24T17:00:00.5Z` (fractions dropped; surrounding blanks ignored). An offset (or `Z`)
    /// is required; the date must exist; the offset is at most ±18:00.
    public static func parseISO8601(_ text: some StringProtocol) throws(ParseError) -> Int {
        let original = String(text)
        let trimmed = original.trimmingBlanks
        let b = Array(trimmed.utf8)
        if !(b.last == 0x5A || b.last == 0x7A || hasNumericOffset(b)) { throw .noOffset(original) }
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard b[k] >= 0x30 && b[k] <= 0x39 else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), expect(0x2D), let mo = digits(2), expect(0x2D), let d = digits(2) else { throw .malformed(original) }
        guard let date = LocalDate(year: y, month: mo, day: d) else { throw .noSuchDay(original, year: y, month: mo, day: d) }
        guard expect(0x54) || expect(0x74), let h = digits(2), expect(0x3A), let mi = digits(2) else { throw .malformed(original) }
        var sec = 0
        if expect(0x3A) {
            guard let s = digits(2) else { throw .malformed(original) }
            sec = s
            if expect(0x2E) || expect(0x2C) {
                let start = i
                while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
                guard i > start else { throw .malformed(original) }
            }
        }
        guard h < 24, mi < 60, sec < 60 else { throw .noSuchTime(original, hour: h, minute: mi, second: sec) }
        var offset = 0
        if expect(0x5A) || expect(0x7A) {
            offset = 0
        } else if i < b.count, b[i] == 0x2B || b[i] == 0x2D {
            let sign = b[i] == 0x2D ? -1 : 1
            i += 1
            guard let oh = digits(2) else { throw .malformedOffset(original) }
            let colon = expect(0x3A)
            guard let om = digits(2), om < 60 else { throw .malformedOffset(original) }
            // `±HH:MM:SS`: what the tool prints for an offset with seconds (local mean time, before 1972).
            var os = 0
            if colon && expect(0x3A) {
                guard let s = digits(2), s < 60 else { throw .malformedOffset(original) }
                os = s
            }
            offset = sign * (oh * 3600 + om * 60 + os)
            guard abs(offset) <= maximumOffsetSeconds else { throw .offsetOutOfRange(original) }
        } else {
            throw .malformed(original)
        }
        guard i == b.count else { throw .malformed(original) }
        return date.daysSinceEpoch * 86_400 + h * 3600 + mi * 60 + sec - offset
    }

    /// Whether the text ends in `±HH:MM`, `±HHMM` or `±HH:MM:SS`.
    static func hasNumericOffset(_ b: [UInt8]) -> Bool {
        func digit(_ k: Int) -> Bool { k >= 0 && k < b.count && b[k] >= 0x30 && b[k] <= 0x39 }
        let n = b.count
        if n >= 9, b[n - 3] == 0x3A, b[n - 6] == 0x3A, digit(n - 1), digit(n - 2), digit(n - 4), digit(n - 5), digit(n - 7), digit(n - 8),
           b[n - 9] == 0x2B || b[n - 9] == 0x2D { return true }
        if n >= 6, b[n - 3] == 0x3A, digit(n - 1), digit(n - 2), digit(n - 4), digit(n - 5), b[n - 6] == 0x2B || b[n - 6] == 0x2D { return true }
        if n >= 5, digit(n - 1), digit(n - 2), digit(n - 3), digit(n - 4), b[n - 5] == 0x2B || b[n - 5] == 0x2D { return true }
        return false
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingBlanks: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}

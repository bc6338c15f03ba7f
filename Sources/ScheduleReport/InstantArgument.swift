import Foundation
import HostingSchedule

/// Instants on the command line: ISO 8601 / RFC 3339 with an offset or `Z`
/// (`2026-11-30T08:00:00Z`, `2026-11-30T09:00:00+01:00`, `2026-11-30T08:00Z`, fractions allowed).
/// Checked as the rule file checks its dates: a day that does not exist (2027-02-29) is an
/// error, never rolled over to the next month; and an offset beyond ±18:00 is refused.
public enum InstantArgument {
    /// Why a time was rejected.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The largest offset from UTC accepted (ISO 8601 and RFC 3339 zones stay within ±18:00).
    public static let maximumOffsetSeconds = 18 * 3600

    /// Seconds since the epoch (fractions dropped), or a `ParseError` that says what to write.
    public static func parse(_ text: String) throws(ParseError) -> Int {
        let example = "write it as 2026-11-30T08:00:00Z or 2026-11-30T09:00:00+01:00"
        // Without a zone, say so first: it is the most common mistake.
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let hasZone = trimmed.hasSuffix("Z") || trimmed.hasSuffix("z") || trimmed.range(of: #"[+-]\d\d:?\d\d$"#, options: .regularExpression) != nil
        if !hasZone {
            throw ParseError(description: "'\(text)' has no time zone offset; \(example)")
        }
        let b = Array(text.trimmingCharacters(in: .whitespaces).utf8)
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
        func expect(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), expect("-"), let mo = digits(2), expect("-"), let d = digits(2) else {
            throw ParseError(description: "'\(text)' is not an ISO 8601 time; \(example)")
        }
        guard let date = LocalDate(year: y, month: mo, day: d) else {
            throw ParseError(description: "'\(text)': \(String(format: "%04d-%02d-%02d", y, mo, d)) is not a date (no such day); \(example)")
        }
        guard expect("T") || expect("t"), let h = digits(2), expect(":"), let mi = digits(2) else {
            throw ParseError(description: "'\(text)' is not an ISO 8601 time; \(example)")
        }
        var sec = 0
        if expect(":") {
            guard let s = digits(2) else { throw ParseError(description: "'\(text)' is not an ISO 8601 time; \(example)") }
            sec = s
            if expect(".") || expect(",") {
                let start = i
                while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
                guard i > start else { throw ParseError(description: "'\(text)' is not an ISO 8601 time; \(example)") }
            }
        }
        guard h < 24, mi < 60, sec < 60 else {
            throw ParseError(description: "'\(text)': \(String(format: "%02d:%02d:%02d", h, mi, sec)) is not a time of day (00:00:00 to 23:59:59); \(example)")
        }
        var offset = 0
        if expect("Z") || expect("z") {
            offset = 0
        } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = digits(2) else { throw ParseError(description: "'\(text)' has a malformed offset; \(example)") }
            _ = expect(":")
            guard let om = digits(2), om < 60 else { throw ParseError(description: "'\(text)' has a malformed offset; \(example)") }
            offset = sign * (oh * 3600 + om * 60)
            guard abs(offset) <= maximumOffsetSeconds else {
                throw ParseError(description: "'\(text)': the offset is beyond ±18:00; \(example)")
            }
        } else if i == b.count {
            throw ParseError(description: "'\(text)' has no time zone offset; \(example)")
        } else {
            throw ParseError(description: "'\(text)' is not an ISO 8601 time; \(example)")
        }
        guard i == b.count else { throw ParseError(description: "'\(text)' is not an ISO 8601 time; \(example)") }
        return date.daysSinceEpoch * 86_400 + h * 3600 + mi * 60 + sec - offset
    }
}

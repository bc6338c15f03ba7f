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
    public static let maximumOffsetSeconds = InstantFormat.maximumOffsetSeconds

    /// Seconds since the epoch (fractions dropped), or a `ParseError` that says what to write.
    /// The grammar is `InstantFormat.parseISO8601`'s, the rule file's; only the words differ.
    public static func parse(_ text: String) throws(ParseError) -> Int {
        let example = "write it as 2026-11-30T08:00:00Z or 2026-11-30T09:00:00+01:00"
        let instant: Int
        do {
            instant = try InstantFormat.parseISO8601(text)
        } catch {
            switch error {
            case .noOffset: throw ParseError(description: "'\(text)' has no time zone offset; \(example)")
            case .malformed: throw ParseError(description: "'\(text)' is not an ISO 8601 time; \(example)")
            case let .noSuchDay(_, y, mo, d):
                throw ParseError(description: "'\(text)': \(String(format: "%04d-%02d-%02d", y, mo, d)) is not a date (no such day); \(example)")
            case let .noSuchTime(_, h, mi, sec):
                throw ParseError(description: "'\(text)': \(String(format: "%02d:%02d:%02d", h, mi, sec)) is not a time of day (00:00:00 to 23:59:59); \(example)")
            case .malformedOffset: throw ParseError(description: "'\(text)' has a malformed offset; \(example)")
            case .offsetOutOfRange: throw ParseError(description: "'\(text)': the offset is beyond ±18:00; \(example)")
            }
        }
        // Honest outputs: an instant whose reports could not be read back is refused.
        guard InstantFormat.isAccepted(instant) else {
            throw ParseError(description: "'\(text)' is outside the instants this tool accepts (\(InstantFormat.acceptedRange))")
        }
        return instant
    }
}

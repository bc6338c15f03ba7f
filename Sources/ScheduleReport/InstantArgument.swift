import Foundation

/// Instants on the command line: ISO 8601 / RFC 3339 with an offset or `Z`
/// (`2026-11-30T08:00:00Z`, `2026-11-30T09:00:00+01:00`, `2026-11-30T08:00Z`, fractions allowed).
public enum InstantArgument {
    /// Why a time was rejected.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Seconds since the epoch (fractions dropped), or a `ParseError` that says what to write.
    public static func parse(_ text: String) throws(ParseError) -> Int {
        var s = text.trimmingCharacters(in: .whitespaces)
        // Allow a minute-precision form (`...T08:00Z`) by adding the seconds Foundation requires.
        if let t = s.firstIndex(of: "T") {
            let time = s[s.index(after: t)...]
            let clock = time.prefix { $0.isNumber || $0 == ":" }
            if clock.count == 5 { s.insert(contentsOf: ":00", at: clock.endIndex) }
        }
        let whole = ISO8601DateFormatter()
        whole.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = whole.date(from: s) ?? fractional.date(from: s) {
            return Int(d.timeIntervalSince1970.rounded(.down))
        }
        let hasZone = s.hasSuffix("Z") || s.hasSuffix("z") || s.range(of: #"[+-]\d\d:?\d\d$"#, options: .regularExpression) != nil
        if !hasZone {
            throw ParseError(description: "'\(text)' has no time zone offset; write it as 2026-11-30T08:00:00Z or 2026-11-30T09:00:00+01:00")
        }
        throw ParseError(description: "'\(text)' is not an ISO 8601 time; write it as 2026-11-30T08:00:00Z or 2026-11-30T09:00:00+01:00")
    }
}

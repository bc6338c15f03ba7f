import Foundation

/// The one way lookout-scheduler writes JSON: sorted keys, no escaped slashes. Documents a person
/// may read (`--output json`) are pretty-printed; a line of the audit log or of a streamed
/// document is compact, and leaves empty `NullEncoded` values out.
public enum JSONDocument {
    /// A whole document: pretty-printed, two-space indentation, every key present.
    public static func pretty(_ value: some Encodable) -> String {
        escapingInvisibles(String(decoding: encode(value, pretty: true), as: UTF8.self))
    }

    /// One line, every key present (`null` when empty): an entry of a streamed document.
    public static func line(_ value: some Encodable) -> String {
        escapingInvisibles(String(decoding: encode(value, pretty: false), as: UTF8.self))
    }

    /// JSON for a terminal: the characters `Printable` keeps off it that `JSONEncoder` leaves raw
    /// (DEL, C1 controls, the line and paragraph separators, bidirectional overrides and isolates)
    /// written as `\uXXXX` escapes. They can only occur inside strings, so the document stays valid
    /// and decodes to the same values; it just cannot reorder or hide what a terminal shows.
    static func escapingInvisibles(_ json: String) -> String {
        guard !Printable.isClean(json.replacingOccurrences(of: "\n", with: "")) else { return json }
        var out = ""
        out.unicodeScalars.reserveCapacity(json.unicodeScalars.count)
        for scalar in json.unicodeScalars {
            if scalar.value >= 0x7F && Printable.isControl(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: false)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// One line with empty `NullEncoded` values left out: an audit-log record.
    public static func compact(_ value: some Encodable) throws -> [UInt8] {
        try NullEncodedMode.$omitEmpty.withValue(true) { try encoder(pretty: false).encode(value) }.withUnsafeBytes { Array($0) }
    }

    static func encode(_ value: some Encodable, pretty: Bool) -> Data {
        // The documents are built from plain values (strings, numbers, arrays), which always encode.
        (try? encoder(pretty: pretty).encode(value)) ?? Data("null".utf8)
    }

    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Hours with two decimals, as a number (`hosted_hours`, savings).
    public static func hours(_ seconds: Int) -> Double { (Double(seconds) / 3600 * 100).rounded() / 100 }

    /// A number rounded to two decimals.
    public static func twoDecimals(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

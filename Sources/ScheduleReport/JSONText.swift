import Foundation

/// Encodes report documents as stable JSON: sorted keys, two-space indentation, no escaped slashes.
enum JSONText {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Documents are built from plain values, so encoding cannot fail.
        let data = try! encoder.encode(value)
        return String(decoding: data, as: UTF8.self)
    }

    /// Hours with two decimals, as a number.
    static func hours(_ seconds: Int) -> Double { (Double(seconds) / 3600 * 100).rounded() / 100 }
}

/// Text from outside (a server's error message, a name it lists, a file's content) made safe to
/// print: control characters (C0, DEL, C1, and the Unicode line and paragraph separators) are
/// shown escaped, so such text can never start a line of its own, move the cursor, or forge
/// output; and it is cut to a length.
public enum Printable {
    /// `text` on one line, control characters escaped (`\u{1B}`), at most `limit` characters.
    public static func line(_ text: String, limit: Int = 2000) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                out += "..."
                break
            }
            if isControl(scalar) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }

    /// True for characters that must not reach a terminal or a line-based output as they are.
    public static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
            || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
    }

    /// True when `text` needs no escaping.
    public static func isClean(_ text: String) -> Bool { !text.unicodeScalars.contains(where: isControl) }
}

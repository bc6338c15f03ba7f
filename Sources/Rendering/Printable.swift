/// The one sanitizer for text from outside (a server's answer or error message, a name it lists,
/// a credential source's message, a field of a log being read, a path written into a generated
/// file). Every path that prints, logs, sends or writes such text goes through it:
///
/// - control characters (C0 with NUL, CR and LF, DEL, C1), the Unicode line and paragraph
///   separators, and the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
///   U+2066-U+2069) are shown escaped (`\u{1B}`), so such text can never start a line of its own,
///   move the cursor, reorder what a terminal shows, or forge output;
/// - credentials embedded in a URL (`https://user:password@host`) are replaced by `<redacted>`;
/// - it is cut to a length.
public enum Printable {
    /// `text` on one line, control characters escaped (`\u{1B}`), credentials in URLs redacted,
    /// at most `limit` characters.
    public static func line(_ text: String, limit: Int = 2000) -> String {
        var out = ""
        var count = 0
        for scalar in redactingURLCredentials(text).unicodeScalars {
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

    /// True for characters that must not reach a terminal, an HTTP header, a log line or a
    /// generated file as they are.
    public static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
            || (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
    }

    /// True when `text` needs no escaping.
    public static func isClean(_ text: String) -> Bool { !text.unicodeScalars.contains(where: isControl) }

    /// True when a typed word from outside (a status word, an error code) needs no escaping.
    public static func isClean<Word: RawRepresentable>(_ word: Word) -> Bool where Word.RawValue == String { isClean(word.rawValue) }

    /// True when `text` holds a line break or NUL (CR, LF, NUL, U+2028, U+2029): what must never be
    /// sent in an HTTP header or accepted as a credential, since it would end the line it sits on.
    public static func breaksLines(_ text: String) -> Bool {
        text.unicodeScalars.contains { [0x00, 0x0A, 0x0D, 0x2028, 0x2029].contains($0.value) }
    }

    /// `text` with the user information of every URL in it (`scheme://user:password@`) replaced by
    /// `<redacted>`: a proxy's, an endpoint's or a container endpoint's credentials never reach
    /// output, a log or an error. The one redaction function: `line` applies it.
    public static func redactingURLCredentials(_ text: String) -> String {
        guard text.contains("://") && text.contains("@") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            out.append(scalars[i])
            // After `://`, an authority runs to the first `/`, `?`, `#` or blank; an `@` in it ends
            // the user information.
            if scalars[i] == "/", i >= 2, scalars[i - 1] == "/", scalars[i - 2] == ":" {
                var j = i + 1
                var at: Int?
                while j < scalars.count, !"/?#".unicodeScalars.contains(scalars[j]), !isControl(scalars[j]), scalars[j] != " " {
                    if scalars[j] == "@" { at = j }
                    j += 1
                }
                if let at {
                    out.append(contentsOf: "<redacted>@".unicodeScalars)
                    i = at + 1
                    continue
                }
            }
            i += 1
        }
        return String(out)
    }

    /// A URL for a message: its credentials redacted, control characters escaped.
    public static func url(_ url: String) -> String { line(url, limit: 300) }
}

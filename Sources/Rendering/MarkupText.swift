/// The one escaping of text for XML and HTML (the pictures' SVG and pages, the emulator's STS
/// answers): character data and attribute values alike.
public enum MarkupText {
    /// Escapes `&`, `<`, `>`, `"` and `'` (as `&#39;`, which XML and HTML both read), and turns the
    /// control characters XML 1.0 does not allow into spaces (tab and line feed stay).
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if ch.value < 0x20 && ch != "\n" && ch != "\t" { out += " " } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}

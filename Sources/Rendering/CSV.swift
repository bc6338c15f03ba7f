/// Comma-separated values as RFC 4180 writes them: a header row, fields separated by commas,
/// records ended by CRLF, and a field holding a comma, a double quote, CR or LF enclosed in double
/// quotes with its quotes doubled (RFC 4180, section 2).
public enum CSV {
    /// The record separator (RFC 4180, section 2, rule 1).
    public static let lineEnd = "\r\n"

    /// One field, quoted when it must be (rule 6) with its quotes doubled (rule 7).
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A text field that came from outside (a project or account name from the log), made inert
    /// for spreadsheets: one that begins with `=`, `+`, `-`, `@`, a tab or CR, which a spreadsheet
    /// would run as a formula, gets a leading `'` (OWASP's advice on CSV injection). Numbers the
    /// tool computes are never passed through it.
    public static func inert(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    /// One record: the fields quoted as needed, joined by commas, ended by CRLF.
    public static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + lineEnd
    }
}

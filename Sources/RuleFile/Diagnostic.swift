/// One problem found in a rule file, located by line and column (1-based), printed as
/// `path:line:column: error: message` followed by the source line and a caret, like Yams' own errors.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// How bad it is.
    public enum Severity: String, Sendable {
        /// The file is rejected.
        case error
        /// The file is accepted, but something is probably not what the author meant.
        case warning
    }

    /// Error or warning.
    public let severity: Severity
    /// The file, as named on the command line (or the included file).
    public let path: String
    /// 1-based line.
    public let line: Int
    /// 1-based column (in Unicode scalars, as libyaml counts).
    public let column: Int
    /// What is wrong and, where possible, what to write instead.
    public let message: String
    /// The source line the location points into, if known.
    public let sourceLine: String?

    /// A diagnostic.
    public init(severity: Severity, path: String, line: Int, column: Int, message: String, sourceLine: String? = nil) {
        self.severity = severity
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.sourceLine = sourceLine
    }

    /// `path:line:column: error: message`.
    public var headline: String { "\(path):\(line):\(column): \(severity.rawValue): \(message)" }

    /// The headline, then the source line and a caret under the column. A long line is shown
    /// as a window of about 100 characters around the column.
    public var description: String {
        guard let sourceLine else { return headline }
        var scalars = Array(sourceLine.unicodeScalars)
        var caret = max(0, column - 1)
        var lead = "", tail = ""
        if scalars.count > 120 {
            let start = max(0, min(caret - 50, scalars.count - 100))
            let end = min(scalars.count, start + 100)
            if start > 0 { lead = "..." }
            if end < scalars.count { tail = "..." }
            scalars = Array(scalars[start..<end])
            caret = caret - start + lead.count
        }
        let shown = lead + String(String.UnicodeScalarView(scalars)) + tail
        let pad = String(shown.unicodeScalars.prefix(caret).map { $0 == "\t" ? "\t" : " " })
        return "\(headline)\n\(shown)\n\(pad)^"
    }
}

/// A rule file that was rejected: every error found, in file order (and any warnings).
public struct RuleFileError: Error, Sendable, CustomStringConvertible {
    /// Everything found; at least one has severity `.error`.
    public let diagnostics: [Diagnostic]

    /// The errors alone.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

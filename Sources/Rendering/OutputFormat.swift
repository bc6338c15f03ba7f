/// How a command prints its result.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Readable text.
    case text
    /// One stable JSON document (documented in the README).
    case json
}

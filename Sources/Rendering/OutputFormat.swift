/// How a command prints its result.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Readable text.
    case text
    /// One stable JSON document (documented in the README).
    case json
    /// One self-contained HTML page (inline SVG and CSS; no script, nothing fetched).
    case html
    /// One self-contained SVG image.
    case svg
    /// Comma-separated values (RFC 4180) with a header row (`audit --by`).
    case csv
}

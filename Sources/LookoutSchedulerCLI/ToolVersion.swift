/// The tool's version, printed by `--version` and recorded in logs.
enum ToolVersion {
    static let current = "0.1.0"
}

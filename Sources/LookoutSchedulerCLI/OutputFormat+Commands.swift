import ArgumentParser
import Rendering

extension OutputFormat {
    /// Rejects a format the command cannot write, as a usage error (exit 64) that names the
    /// formats it can: `--output html is not supported by run; use text or json`.
    func require(_ supported: [OutputFormat], by command: String) throws {
        guard !supported.contains(self) else { return }
        let list = supported.map(\.rawValue)
        let choices = list.count <= 2 ? list.joined(separator: " or ") : list.dropLast().joined(separator: ", ") + " or " + list.last!
        throw ValidationError("--output \(rawValue) is not supported by \(command); use \(choices)")
    }
}

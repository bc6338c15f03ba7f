import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Hashing
import SigV4

/// The `lookout-scheduler` command: keeps Amazon Lookout for Vision and Amazon Rekognition Custom
/// Labels models hosted only inside their hosting windows.
@main
struct LookoutScheduler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookout-scheduler",
        abstract: "Stop Amazon Lookout for Vision and Amazon Rekognition Custom Labels models outside their hosting windows.",
        version: ToolVersion.current,
        subcommands: [Run.self, Validate.self, Windows.self, Edges.self, Explain.self, Models.self, Audit.self, Demo.self]
    )

    /// Keeps libcrypto loaded until exit and ignores SIGPIPE, then parses and runs.
    static func main() async {
        Digest.keepOpenSSLUntilExit()
        // A closed output pipe (`| head`) must not kill a run half-way: writes just fail.
        signal(SIGPIPE, SIG_IGN)
        await main(nil)
    }
}

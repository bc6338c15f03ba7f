import ArgumentParser

/// The `lookout-scheduler` command: keeps Amazon Lookout for Vision models hosted only inside
/// their hosting windows.
@main
struct LookoutScheduler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookout-scheduler",
        abstract: "Stop Amazon Lookout for Vision models outside their hosting windows.",
        version: ToolVersion.current,
        subcommands: [Validate.self, Windows.self, Explain.self, Models.self]
    )
}

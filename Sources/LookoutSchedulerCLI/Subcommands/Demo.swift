import ArgumentParser
import DemoSupport
import Foundation
import Rendering
import ZoneInfo

/// `lookout-scheduler demo`: the whole product in one command, with no AWS account.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run against a bundled emulator through a sample day and show what was stopped and why (no AWS account needed)."
    )

    @Option(help: "Where to write the demo's rule file, fleet and audit log: a new or empty directory (default: a new temporary directory).")
    var directory: String?

    func run() async throws {
        let dir = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("lookout-scheduler-demo-\(UUID().uuidString.prefix(8))").path
        let day: DemoDay
        do {
            day = try DemoDay(directory: dir)
        } catch {
            StandardError.print("error: \(Printable.line(error.description))")
            throw ExitCodes.invalidInput
        }
        ZoneNotice.printOnce(ZoneDatabase.host())
        // Everything goes through one unbuffered writer, so the story and the runs stay in order.
        try await day.play(toolVersion: ToolVersion.current) { StandardOutput.write($0) }
    }
}

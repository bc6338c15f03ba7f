import ArgumentParser
import ScheduleReport

/// `lookout-scheduler edges`: every instant at which some window opens or closes, or a systemd
/// timer that runs at each of them.
struct Edges: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the instants at which some window opens or closes, or print a systemd timer that runs at each.",
        discussion: """
            An hourly run stops a model up to 59 minutes after its window closes; a timer at the edges stops it \
            on time. Times are ISO 8601 with an offset or Z, such as 2026-10-19T00:00:00Z.
            """
    )

    @OptionGroup var ruleFile: RuleFileOptions

    @Option(help: "Start of the range (inclusive), ISO 8601 with an offset or Z.")
    var from: String

    @Option(help: "End of the range (exclusive), ISO 8601 with an offset or Z.")
    var to: String

    @Option(help: "text, json, or systemd (a timer unit with OnCalendar= lines in the schedules' zones).")
    var output: EdgesReport.Format = .text

    func validate() throws {
        let a = try parseInstant(from, option: "from"), b = try parseInstant(to, option: "to")
        guard a < b else { throw ValidationError("--to must be after --from") }
        guard b - a <= 366 * 86_400 * 5 else { throw ValidationError("the range is longer than five years; ask for a shorter one") }
    }

    func run() throws {
        let file = try ruleFile.load()
        let report: EdgesReport
        do {
            report = try EdgesReport.bounded(ruleSet: file.ruleSet, from: try parseInstant(from, option: "from"),
                                             to: try parseInstant(to, option: "to"), rulesPath: ruleFile.rules)
        } catch {
            StandardError.print("error: \(error)")
            throw ExitCodes.invalidInput
        }
        print(report.render(output), terminator: "")
    }
}

extension EdgesReport.Format: ExpressibleByArgument {}

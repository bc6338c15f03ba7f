import ArgumentParser
import HostingSchedule
import Pictures
import Rendering
import RuleFile
import ScheduleReport

/// `lookout-scheduler windows`: the hosting timeline of each rule (or one model) over a range.
struct Windows: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show when each rule's models are hosted between two instants.",
        discussion: "Times are ISO 8601 with an offset or Z, such as 2026-11-30T00:00:00Z or 2026-11-30T00:00:00+01:00."
    )

    @OptionGroup var ruleFile: RuleFileOptions

    @Option(help: "Start of the range (inclusive), ISO 8601 with an offset or Z.")
    var from: String

    @Option(help: "End of the range (exclusive), ISO 8601 with an offset or Z.")
    var to: String

    @Option(help: "Only the rule that covers this project (needs --version).")
    var project: String?

    @Option(help: "The model version, with --project.")
    var version: String?

    /// --region and --service need --project; --account alone picks that account's rules.
    @OptionGroup var placement: ModelPlacementOptions

    @Option(help: "text, json, html (a self-contained page) or svg (an image).")
    var output: OutputFormat = .text

    func validate() throws {
        if (project == nil) != (version == nil) { throw ValidationError("--project and --version go together") }
        if placement.region != nil && project == nil { throw ValidationError("--region needs --project and --version") }
        try checkRegion(placement.region)
        if placement.service != nil && project == nil { throw ValidationError("--service needs --project and --version") }
        let a = try parseInstant(from, option: "from"), b = try parseInstant(to, option: "to")
        guard a < b else { throw ValidationError("--to must be after --from") }
        guard b - a <= 366 * 86_400 * 5 else { throw ValidationError("the range is longer than five years; ask for a shorter one") }
    }

    func run() throws {
        let file = try ruleFile.load()
        try checkAccount(placement.account, in: file.ruleSet)
        let model = project.map {
            TimelineReport.Model(project: $0, version: version!, region: placement.region, service: placement.serviceOrDefault, account: placement.account)
        }
        let report: TimelineReport
        do {
            report = try TimelineReport.bounded(ruleSet: file.ruleSet, from: try parseInstant(from, option: "from"),
                                                to: try parseInstant(to, option: "to"), model: model, account: placement.account)
        } catch {
            StandardError.print("error: \(error)")
            throw ExitCodes.invalidInput
        }
        switch output {
        case .text: print(report.text(), terminator: "")
        case .json: print(report.json())
        case .html, .svg:
            let picture = TimelinePicture(report: report, rulesPath: ruleFile.rules, pricePerInferenceUnitHour: file.ruleSet.price(for: .default),
                                          prices: Dictionary(uniqueKeysWithValues: ServiceKind.allCases.map { ($0, file.ruleSet.price(for: $0)) }),
                                          holidayNames: file.holidayNames)
            print(output == .html ? picture.html() : picture.svg(), terminator: "")
        case .csv: break  // refused by validate()
        }
    }
}

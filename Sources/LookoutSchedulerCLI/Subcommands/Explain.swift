import ArgumentParser
import Foundation
import HostingSchedule
import Rendering
import RuleFile
import ScheduleReport

/// `lookout-scheduler explain`: one model, one instant: the rule, the verdict, why, and what next.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Say which rule covers a model, whether it may be hosted at an instant, why, and when that changes."
    )

    @OptionGroup var ruleFile: RuleFileOptions

    @Option(help: "The project name.")
    var project: String

    @Option(help: "The model version.")
    var version: String

    @OptionGroup var placement: ModelPlacementOptions

    @Option(help: "The instant, ISO 8601 with an offset or Z (default: now).")
    var at: String?

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    func validate() throws {
        if let at { _ = try parseInstant(at, option: "at") }
        try checkRegion(placement.region)
        try output.require([.text, .json], by: "explain")
    }

    func run() throws {
        let file = try ruleFile.load()
        try checkAccount(placement.account, in: file.ruleSet)
        let instant = try at.map { try parseInstant($0, option: "at") } ?? Int(Date().timeIntervalSince1970)
        let report = ExplainReport(ruleSet: file.ruleSet,
                                   model: .init(project: project, version: version, region: placement.region, service: placement.serviceOrDefault,
                                                 account: placement.account), at: instant)
        print(output == .json ? report.json() : report.text(), terminator: output == .json ? "\n" : "")
    }
}

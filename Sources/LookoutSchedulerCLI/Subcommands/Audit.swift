import ArgumentParser
import Foundation
import HostingSchedule
import Rendering
import SchedulerRun

/// `lookout-scheduler audit`: what did it stop, when, why, and what did that save.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarise or verify the audit log (streaming: constant memory on any size).",
        discussion: "Exit status: 0, or 1 when --verify finds a broken hash chain, 2 when the log cannot be read."
    )

    @Option(help: "The audit log (default: the same as run's).")
    var log: String?

    @Option(help: "Only records evaluated at or after this instant (ISO 8601).")
    var since: String?

    @Option(help: "Only records evaluated before this instant (ISO 8601).")
    var until: String?

    @Option(help: "Only this project (a name or glob).")
    var project: String?

    @Option(help: "Only this model version.")
    var version: String?

    @Option(help: "Only this outcome or decision: \(AuditSummary.OutcomeFilter.words.joined(separator: ", ")).")
    var outcome: String?

    @Flag(help: "List the matching decision records too.")
    var list = false

    @Flag(help: "Check the hash chain and report the first broken record.")
    var verify = false

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    func validate() throws {
        if let since { _ = try parseInstant(since, option: "since") }
        if let until { _ = try parseInstant(until, option: "until") }
        if let project { _ = try Glob(project) }
        if let outcome, AuditSummary.OutcomeFilter(outcome) == nil {
            throw ValidationError("--outcome: '\(outcome)' is not one of \(AuditSummary.OutcomeFilter.words.joined(separator: ", "))")
        }
    }

    func run() throws {
        let path = log ?? AuditLog.defaultPath(environment: ProcessInfo.processInfo.environment, isRoot: getuid() == 0)
        guard FileManager.default.isReadableFile(atPath: path) else {
            StandardError.print("error: cannot read the audit log \(path)")
            throw ExitCodes.invalidInput
        }
        if verify {
            let v = try AuditReader.verify(path: path)
            let torn = v.tornLines.isEmpty ? "" : "; torn lines (interrupted writes) at \(v.tornLines.map(String.init).joined(separator: ", "))"
            if output == .json {
                print(JSONDocument.pretty(VerifyDocument(log: path, verification: v)))
            } else if let broken = v.firstBroken {
                print("\(path): BROKEN at line \(broken.line): \(broken.reason) (\(v.records) records verified before it)\(torn)")
            } else {
                print("\(path): OK: \(v.records) records, hash chain intact\(v.startsMidChain ? " (starts from a rotated log)" : "")\(torn)")
            }
            if !v.ok { throw ExitCodes.actionsFailed }
            return
        }
        let filter = AuditSummary.Filter(since: try since.map { try parseInstant($0, option: "since") },
                                         until: try until.map { try parseInstant($0, option: "until") },
                                         project: try project.map { try Glob($0) }, version: version,
                                         outcome: outcome.flatMap(AuditSummary.OutcomeFilter.init))
        let s = try AuditSummary.read(path: path, filter: filter, collect: list)
        var report = AuditReport(summary: s, path: path)
        report.lateness = try LatenessTally.read(path: path, filter: filter)
        if output == .json {
            print(report.json())
        } else {
            print(report.text(), terminator: "")
        }
    }
}

/// The `audit --verify --output json` document.
struct VerifyDocument: Encodable {
    let log: String
    let ok: Bool
    let lines: Int
    let records: Int
    let torn_lines: [Int]
    let starts_mid_chain: Bool
    @NullEncoded var first_broken_line: Int? = nil
    @NullEncoded var problem: String? = nil

    init(log: String, verification v: AuditReader.Verification) {
        self.log = log
        ok = v.ok
        lines = v.lines
        records = v.records
        torn_lines = v.tornLines
        starts_mid_chain = v.startsMidChain
        first_broken_line = v.firstBroken?.line
        problem = v.firstBroken?.reason
    }
}

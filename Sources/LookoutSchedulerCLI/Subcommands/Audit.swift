import ArgumentParser
import Foundation
import HostingSchedule
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

    @Option(help: "Only this outcome or decision: stopped, confirmed, unconfirmed, failed, keep, defer, none, unmanaged.")
    var outcome: String?

    @Flag(help: "List the matching decision records too.")
    var list = false

    @Flag(help: "Check the hash chain and report the first broken record.")
    var verify = false

    @Option(help: "text or json.")
    var output: OutputFormatOption = .text

    func validate() throws {
        if let since { _ = try parseInstant(since, option: "since") }
        if let until { _ = try parseInstant(until, option: "until") }
        if let project { _ = try Glob(project) }
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
                let doc: [String: Any] = ["log": path, "ok": v.ok, "lines": v.lines, "records": v.records, "torn_lines": v.tornLines,
                                          "starts_mid_chain": v.startsMidChain,
                                          "first_broken_line": v.firstBroken.map { $0.line as Any } ?? NSNull(),
                                          "problem": v.firstBroken.map { $0.reason as Any } ?? NSNull()]
                print(String(decoding: try JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
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
                                         project: try project.map { try Glob($0) }, version: version, outcome: outcome)
        let s = try AuditSummary.read(path: path, filter: filter, collect: list)
        if output == .json {
            print(AuditReport(summary: s, path: path).json())
        } else {
            print(AuditReport(summary: s, path: path).text(), terminator: "")
        }
    }
}

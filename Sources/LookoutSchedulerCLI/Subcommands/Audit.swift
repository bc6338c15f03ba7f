import ArgumentParser
import Foundation
import HostingSchedule
import Pictures
import Rendering
import AuditTrail
import SchedulerRun

/// `lookout-scheduler audit`: what did it stop, when, why, and what did that save.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarise or verify the audit log (streaming: constant memory on any size).",
        discussion: """
            Exit status: 0; 1 when --verify finds a broken hash chain, a log that does not match its anchor, \
            a log with no valid record, or no anchor (without --chain-only); 2 when the log or anchor cannot be read.
            """
    )

    @Option(help: "The audit log (default: the same as run's).")
    var log: String?

    @Option(help: "Only records evaluated at or after this instant (ISO 8601).")
    var since: String?

    @Option(help: "Only records evaluated before this instant (ISO 8601).")
    var until: String?

    @Option(help: "The report's period starts here (ISO 8601): only stops at or after it count; later records still end their savings.")
    var from: String?

    @Option(help: "The report's period ends here (ISO 8601): only stops before it count, and their savings count up to it.")
    var to: String?

    @Option(help: "One row per \(AuditGrouping.allCases.map(\.rawValue).joined(separator: ", ")): stops, failures, realized and projected savings (text, json or csv).")
    var by: AuditGrouping?

    @Option(help: "Only this project (a name or glob).")
    var project: String?

    @Option(help: "Only this model version.")
    var version: String?

    @Option(help: "Only this service: lookoutvision, rekognition or sagemaker (records that name none are lookoutvision's).")
    var service: ServiceKind?

    @Option(help: "Only this outcome or decision: \(AuditSummary.OutcomeFilter.words.joined(separator: ", ")).")
    var outcome: String?

    @Option(help: "Only this account: its name in the rule file's accounts, or its 12-digit account id.")
    var account: String?

    @Flag(help: "List the matching decision records too.")
    var list = false

    @Flag(help: "Check the hash chain and the log against its anchor (LOG.anchor); report the first problem.")
    var verify = false

    @Option(help: "The anchor to verify against (default: LOG.anchor).")
    var anchor: String?

    @Flag(help: "With --verify: check the hash chain only, for a log with no anchor (a rotated one). Its tail is then not checked.")
    var chainOnly = false

    @Option(help: "Per-model tables (stops per model, repeat offenders) hold at most this many models; later models' stops count in the totals only (the memory bound).")
    var modelLimit: Int = AuditSummary.modelLimit

    @Option(help: "text, json, html (a self-contained page with charts; it includes the --verify check) or csv (with --by).")
    var output: OutputFormat = .text

    func validate() throws {
        try output.require([.text, .json, .html, .csv], by: "audit")
        if output == .html && list { throw ValidationError("--list cannot be used with --output html; the page shows totals (use --list with text or json)") }
        if output == .csv && by == nil { throw ValidationError("--output csv needs --by month, account, service or project (one row per group)") }
        if by != nil && output == .html { throw ValidationError("--by cannot be used with --output html; use text, json or csv") }
        if by != nil && (list || verify) { throw ValidationError("--by cannot be used with \(list ? "--list" : "--verify"); it prints one row per group") }
        if let since { _ = try parseInstant(since, option: "since") }
        if let until { _ = try parseInstant(until, option: "until") }
        let start = try from.map { try parseInstant($0, option: "from") }, end = try to.map { try parseInstant($0, option: "to") }
        if let start, let end, end <= start { throw ValidationError("--to must be after --from") }
        if let project {
            do { _ = try Glob(project) } catch { throw ValidationError("--project: '\(project)' is not a valid pattern: \(error)") }
        }
        if let account, account.isEmpty || account.utf8.count > 64 {
            throw ValidationError("--account: give an account name from the rule file (such as prod-eu) or a 12-digit account id")
        }
        if modelLimit < 1 { throw ValidationError("--model-limit: give a number of models, at least 1 (default \(AuditSummary.modelLimit))") }
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
        if output == .html { return try html(path: path) }
        do {
            if verify { try runVerify(path: path) } else { try summarise(path: path) }
        } catch let e as AuditLogError {
            StandardError.print("error: \(e)")
            throw ExitCodes.invalidInput
        }
    }

    /// The chain checked against the anchor (`--anchor`, else `LOG.anchor`), and what is wrong:
    /// one meaning of "verified" for `--verify` and for the HTML page.
    /// `observer` is fed the same pass (`AuditLineObserver`).
    func verification<O: AuditLineObserver>(path: String, alongside observer: inout O) throws
        -> (v: AuditReader.Verification, anchor: AuditAnchor?, anchorPath: String, problem: String?) {
        let anchorPath = anchor ?? AuditAnchor.path(forLog: path)
        let found: AuditAnchor?
        do {
            found = try AuditAnchor.read(path: anchorPath)
        } catch {
            StandardError.print("error: \(error)")
            throw ExitCodes.invalidInput
        }
        let v = try AuditReader.verify(path: path, anchor: found, alongside: &observer)
        let unanchored = found == nil && !chainOnly
        let problem = v.problem ?? (unanchored ? "no anchor \(anchorPath): the chain is intact, but without the anchor records cut off the end, an edited last record, or records deleted with the chain recomputed cannot be detected (--chain-only to check the chain alone)" : nil)
        return (v, found, anchorPath, problem)
    }

    func runVerify(path: String) throws {
        var nothing = NoLineObserver()
        let (v, found, anchorPath, problem) = try verification(path: path, alongside: &nothing)
        let torn = v.tornLines.isEmpty ? "" : "; torn lines (interrupted writes) at \(v.tornLines.map(String.init).joined(separator: ", "))"
        if output == .json {
            print(JSONDocument.pretty(VerifyDocument(log: path, anchorPath: found == nil ? nil : anchorPath, verification: v, problem: problem)))
        } else if let broken = v.firstBroken {
            print("\(Printable.line(path)): BROKEN at line \(broken.line): \(Printable.line(broken.reason)) (\(v.records) records verified before it)\(torn)")
        } else if let problem {
            print("\(Printable.line(path)): FAILED: \(Printable.line(problem)) (\(v.recordLines) records, hash chain \(v.firstBroken == nil ? "intact" : "broken"))\(torn)")
        } else {
            var anchored = ""
            if let a = found {
                anchored = ", matches its anchor (\(a.records) records, head \(Printable.line(String(a.head.prefix(12))))..., written \(Printable.line(a.time, limit: 64)))"
                if v.recordsAfterAnchor > 0 { anchored += "; \(v.recordsAfterAnchor) records after it (a run that did not finish, or added since: not covered by the anchor)" }
            } else {
                anchored = " (chain only: no anchor checked)"
            }
            print("\(Printable.line(path)): OK: \(v.records) records, hash chain intact\(anchored)\(v.startsMidChain ? " (starts from a rotated log)" : "")\(torn)")
        }
        if problem != nil { throw ExitCodes.actionsFailed }
    }

    /// The filters of the options (checked by `validate()`).
    func filter() throws -> AuditSummary.Filter {
        AuditSummary.Filter(since: try since.map { try parseInstant($0, option: "since") },
                            until: try until.map { try parseInstant($0, option: "until") },
                            project: try project.map { try Glob($0) }, version: version,
                            outcome: outcome.flatMap(AuditSummary.OutcomeFilter.init), service: service, account: account,
                            from: try from.map { try parseInstant($0, option: "from") }, to: try to.map { try parseInstant($0, option: "to") })
    }

    func summarise(path: String) throws {
        let filter = try filter()
        if let by {
            var tally = AuditGroupTally(by: by, modelLimit: modelLimit)
            let s = try AuditSummary.read(path: path, filter: filter, scanning: true, modelLimit: modelLimit, observer: &tally)
            let report = AuditGroupReport(summary: s, tally: tally, path: path)
            switch output {
            case .json: print(report.json())
            case .csv: print(report.csv(), terminator: "")
            default: print(report.text(), terminator: "")
            }
            return
        }
        let s = try AuditSummary.read(path: path, filter: filter, collect: list, scanning: true, modelLimit: modelLimit)
        let report = AuditReport(summary: s, path: path)
        if output == .json {
            print(report.json())
        } else {
            print(report.text(), terminator: "")
        }
    }
}

extension Audit {
    /// The filters as given on the command line, for the page.
    var filtersUsed: [(option: String, value: String)] {
        [("since", since), ("until", until), ("from", from), ("to", to), ("project", project), ("version", version), ("outcome", outcome), ("service", service?.rawValue),
         ("account", account)]
            .compactMap { name, value in value.map { (name, $0) } }
    }

    /// `--output html`: one streaming pass that tallies the log and verifies its chain (the tally
    /// and `AuditReader.ChainCheck`, observers of one `AuditReader.read`), then the
    /// page. With `--verify`, a broken chain also makes the status 1.
    func html(path: String) throws {
        var tally = AuditTally(filter: try filter())
        let (verification, _, _, problem) = try self.verification(path: path, alongside: &tally)
        print(AuditPicture(tally: tally, verification: verification, problem: problem, logPath: path, filters: filtersUsed).html(),
              terminator: "")
        if verify && problem != nil { throw ExitCodes.actionsFailed }
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
    @NullEncoded var anchor: String? = nil
    @NullEncoded var anchor_records: Int? = nil
    @NullEncoded var anchor_head: String? = nil
    let records_after_anchor: Int

    init(log: String, anchorPath: String?, verification v: AuditReader.Verification, problem: String?) {
        self.log = log
        ok = problem == nil
        anchor = anchorPath
        anchor_records = v.anchor?.records
        anchor_head = v.anchor?.head
        records_after_anchor = v.recordsAfterAnchor
        lines = v.lines
        records = v.records
        torn_lines = v.tornLines
        starts_mid_chain = v.startsMidChain
        first_broken_line = v.firstBroken?.line
        self.problem = problem
    }
}
extension AuditGrouping: ExpressibleByArgument {}

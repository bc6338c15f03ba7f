import AuditTrail
import Foundation
import HostingSchedule
import Rendering
import SchedulerRun

/// Prints a run as it goes: a header, one entry per model as it is done, and a footer with the
/// counts. As readable text, or as one JSON document whose `models` array is written entry by
/// entry (memory does not grow with the fleet). Every view reads the same `ModelDecision` and
/// `RunCounts`.
public struct RunReport: Sendable {
    public let options: SchedulerRunner.Options
    public let regions: [String]
    /// The audit log written, if any.
    public let logPath: String?

    public init(options: SchedulerRunner.Options, regions: [String], logPath: String?) {
        self.options = options
        self.regions = regions
        self.logPath = logPath
    }

    // MARK: - Text

    public func textHeader() -> String {
        "lookout-scheduler run \(options.runId)\(options.dryRun ? " (dry run: nothing is changed)" : "")\n"
            + "evaluated at \(InstantFormat.utc(options.evaluationInstant)); regions: \(regions.joined(separator: ", "))\n"
            + (options.timeZones.map { "time zones: \($0)\n" } ?? "")
    }

    /// The label of a model's line, or nil when it is not worth a line (not hosted and
    /// untouched) unless `verbose`.
    static func label(_ m: ModelDecision, verbose: Bool) -> String? {
        switch (m.decision, m.outcome) {
        case (.stop, .wouldStop?): return "WOULD STOP"
        case (.stop, .stopped?): return "STOPPED"
        case (.stop, .confirmed?): return "STOPPED (confirmed stopped)"
        case (.stop, .unconfirmed?): return "STOPPED (unconfirmed)"
        case (.stop, .failed?): return "STOP FAILED"
        case (.stop, .skipped?): return "NOT STOPPED"
        case (.start, .wouldStart?): return "WOULD START"
        case (.start, .started?): return "STARTED"
        case (.start, .failed?): return "START FAILED"
        case (.start, .skipped?): return "NOT STARTED"
        case (.defer, .failed?): return "DEFERRED (tags unreadable)"
        case (.defer, _) where m.grace_until != nil: return "DEFERRED (grace)"
        case (.keep, _) where m.keep_until != nil: return "KEPT BY TAG"
        case (.defer, _): return "DEFERRED"
        case (.unmanaged, _) where m.wasHosted: return "UNMANAGED (hosted)"
        case (.keep, _) where verbose || m.wasHosted: return "KEEP"
        default: return verbose ? m.decision.rawValue.uppercased() : nil
        }
    }

    /// The lines for one model, or nil when it is not worth a line unless `verbose`.
    public func textLines(_ m: ModelDecision, verbose: Bool = false) -> String? {
        guard let label = RunReport.label(m, verbose: verbose) else { return nil }
        var out = "  \(label): \(m.serviceKind) \(m.region) \(m.project) \(m.serviceKind == .sagemaker ? "component" : "version") \(m.version) [\(m.status_before)\(m.copiesText)]"
        if let account = m.accountLabel { out += " in account \(account)" }
        if let code = m.error_code { out += ": \(code): \(m.error_message ?? "")\(m.attempts.map { " (\($0) attempts)" } ?? "")" }
        out += "\n    \(m.reason)\n"
        if !options.dryRun {
            if let token = m.client_token {
                out += "    client token \(token)\(m.request_id.map { ", request \($0)" } ?? "")\n"
            } else if let request = m.request_id {
                out += "    request \(request)\n"
            }
        }
        return out
    }

    public func textFooter(_ result: SchedulerRunner.Result) -> String {
        var out = ""
        for f in result.discoveryFailures {
            out += "  LISTING FAILED: \(f.service) \(f.operation) in \(f.region)\(f.account.map { " of account \($0)" } ?? "")\(f.project.map { " for \($0)" } ?? ""): \(f.error_code): \(f.error_message)\n"
        }
        for s in result.settled {
            out += "  SETTLED: \(s.intent.summary): \(s.reason)\n"
        }
        let c = result.counts
        out += "summary: \(c.considered) models: "
        if options.dryRun {
            out += "\(c.wouldStop) would be stopped"
            if c.wouldStart > 0 { out += ", \(c.wouldStart) would be started" }
        } else {
            out += "\(c.stopped) stopped\(c.unconfirmed > 0 ? " (\(c.unconfirmed) unconfirmed)" : ""), \(c[.failed]) failed"
            if c[.start] > 0 { out += ", \(c.started) started" }
        }
        out += ", \(c[.defer]) deferred, \(c[.keep]) inside their windows, \(c[.nothingToDo]) not hosted, "
        out += "\(c[.unmanaged]) unmanaged (\(c.unmanagedHosted) hosted)"
        if c.discoveryFailures > 0 { out += ", \(c.discoveryFailures) listings failed" }
        if c.outcomeUnknown > 0 { out += ", \(c.outcomeUnknown) sent by an earlier run with outcome unknown (settled)" }
        out += "\n"
        out += "calls: " + result.calls.keys.sorted().map { "\($0) \(result.calls[$0]!)" }.joined(separator: ", ") + "\n"
        out += RunReport.eventsLines(result.events)
        out += RunReport.nextEdgeLine(result.nextEdge)
        out += logPath.map { "log: \($0)\n" } ?? (options.dryRun ? "log: none (dry run)\n" : "")
        if let failure = result.logFailure {
            out += "LOG FAILED: \(failure); no stop was sent after that (every model, stops sent included, is listed above)\n"
        }
        return out
    }

    // MARK: - JSON

    /// The document up to the opening of `models`.
    public func jsonHeader() -> String {
        "{\n"
            + "  \"run_id\": \(JSONDocument.line(options.runId)),\n"
            + "  \"dry_run\": \(options.dryRun),\n"
            + "  \"eval_time\": \(JSONDocument.line(InstantFormat.utc(options.evaluationInstant))),\n"
            + "  \"eval_time_epoch\": \(options.evaluationInstant),\n"
            + "  \"regions\": \(JSONDocument.line(regions)),\n"
            + "  \"log\": \(JSONDocument.line(logPath)),\n"
            + "  \"tool_version\": \(JSONDocument.line(options.toolVersion)),\n"
            + "  \"time_zones\": \(JSONDocument.line(options.timeZones)),\n"
            + "  \"models\": ["
    }

    /// One entry of `models`, on a line of its own.
    public func jsonModel(_ m: ModelDecision, first: Bool) -> String {
        (first ? "\n    " : ",\n    ") + JSONDocument.line(m)
    }

    /// The end of `models` and the rest of the document.
    public func jsonFooter(_ result: SchedulerRunner.Result, anyModels: Bool) -> String {
        (anyModels ? "\n  ],\n" : "],\n")
            + "  \"counts\": \(JSONDocument.line(result.counts)),\n"
            + "  \"calls\": \(JSONDocument.line(result.calls)),\n"
            + "  \"discovery_failures\": \(JSONDocument.line(result.discoveryFailures)),\n"
            + "  \"settled\": \(JSONDocument.line(result.settled)),\n"
            + "  \"next_edge\": \(JSONDocument.line(result.nextEdge.map { InstantFormat.utc($0.instant) })),\n"
            + "  \"events\": \(JSONDocument.line(result.events)),\n"
            + "  \"duration_ms\": \(Int(result.durationSeconds * 1000)),\n"
            + "  \"log_error\": \(JSONDocument.line(result.logFailure)),\n"
            + "  \"exit_code\": \(result.exitCode)\n"
            + "}\n"
    }
}

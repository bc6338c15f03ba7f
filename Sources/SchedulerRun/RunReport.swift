import Foundation
import HostingSchedule

/// Prints a run as it goes: a header, one entry per model as it is done, and a footer with the
/// counts. As readable text, or as one JSON document whose `models` array is written entry by
/// entry (memory does not grow with the fleet).
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
    }

    /// The lines for one model, or nil when it is not worth a line (not hosted and untouched)
    /// unless `verbose`.
    public func textLines(_ m: ModelReport, verbose: Bool = false) -> String? {
        let label: String
        switch (m.decision, m.outcome) {
        case ("stop", "would-stop"?): label = "WOULD STOP"
        case ("stop", "stopped"?): label = "STOPPED"
        case ("stop", "confirmed"?): label = "STOPPED (confirmed TRAINED)"
        case ("stop", "unconfirmed"?): label = "STOP UNCONFIRMED"
        case ("stop", "failed"?): label = "STOP FAILED"
        case ("stop", "skipped"?): label = "NOT STOPPED"
        case ("defer", _): label = "DEFERRED"
        case ("unmanaged", _) where m.status_before == "HOSTED": label = "UNMANAGED (hosted)"
        case ("keep", _) where verbose || m.status_before == "HOSTED": label = "KEEP"
        default:
            guard verbose else { return nil }
            label = m.decision.uppercased()
        }
        var out = "  \(label): \(m.region) \(m.project) version \(m.version) [\(m.status_before)]"
        if let code = m.error_code { out += ": \(code): \(m.error_message ?? "")\(m.attempts.map { " (\($0) attempts)" } ?? "")" }
        out += "\n    \(m.reason)\n"
        if let token = m.client_token, !options.dryRun { out += "    client token \(token)\(m.request_id.map { ", request \($0)" } ?? "")\n" }
        return out
    }

    public func textFooter(_ result: SchedulerRunner.Result) -> String {
        var out = ""
        for f in result.discoveryFailures {
            out += "  LISTING FAILED: \(f.operation) in \(f.region)\(f.project.map { " for \($0)" } ?? ""): \(f.error_code): \(f.error_message)\n"
        }
        let c = result.counts
        let stopped = (c["stopped"] ?? 0) + (c["confirmed"] ?? 0)
        out += "summary: \(c["considered"] ?? 0) models: "
        out += options.dryRun ? "\(c["would-stop"] ?? 0) would be stopped" : "\(stopped) stopped, \((c["failed"] ?? 0) + (c["unconfirmed"] ?? 0)) failed"
        out += ", \(c["defer"] ?? 0) deferred, \(c["keep"] ?? 0) inside their windows, \(c["none"] ?? 0) not hosted, "
        out += "\(c["unmanaged"] ?? 0) unmanaged (\(c["unmanaged_hosted"] ?? 0) hosted)"
        if !result.discoveryFailures.isEmpty { out += ", \(result.discoveryFailures.count) listings failed" }
        out += "\n"
        out += "calls: " + result.calls.keys.sorted().map { "\($0) \(result.calls[$0]!)" }.joined(separator: ", ") + "\n"
        out += logPath.map { "log: \($0)\n" } ?? (options.dryRun ? "log: none (dry run)\n" : "")
        return out
    }

    // MARK: - JSON

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    /// The document up to the opening of `models`.
    public func jsonHeader() -> String {
        "{\n"
            + "  \"run_id\": \(RunReport.encode(options.runId)),\n"
            + "  \"dry_run\": \(options.dryRun),\n"
            + "  \"eval_time\": \(RunReport.encode(InstantFormat.utc(options.evaluationInstant))),\n"
            + "  \"eval_time_epoch\": \(options.evaluationInstant),\n"
            + "  \"regions\": \(RunReport.encode(regions)),\n"
            + "  \"log\": \(logPath.map { RunReport.encode($0) } ?? "null"),\n"
            + "  \"tool_version\": \(RunReport.encode(options.toolVersion)),\n"
            + "  \"models\": ["
    }

    /// One entry of `models`, on a line of its own.
    public func jsonModel(_ m: ModelReport, first: Bool) -> String {
        (first ? "\n    " : ",\n    ") + RunReport.encode(m)
    }

    /// The end of `models` and the rest of the document.
    public func jsonFooter(_ result: SchedulerRunner.Result, anyModels: Bool) -> String {
        (anyModels ? "\n  ],\n" : "],\n")
            + "  \"counts\": \(RunReport.encode(result.counts)),\n"
            + "  \"calls\": \(RunReport.encode(result.calls)),\n"
            + "  \"discovery_failures\": \(RunReport.encode(result.discoveryFailures)),\n"
            + "  \"duration_ms\": \(Int(result.durationSeconds * 1000)),\n"
            + "  \"exit_code\": \(result.exitCode)\n"
            + "}\n"
    }
}

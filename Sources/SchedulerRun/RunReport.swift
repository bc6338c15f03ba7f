import Foundation
import HostingSchedule

/// Prints a run's result: a readable summary, or one stable JSON document.
public struct RunReport: Sendable {
    public let result: SchedulerRunner.Result
    public let options: SchedulerRunner.Options
    /// The audit log written, if any.
    public let logPath: String?

    public init(result: SchedulerRunner.Result, options: SchedulerRunner.Options, logPath: String?) {
        self.result = result
        self.options = options
        self.logPath = logPath
    }

    /// Readable text: one line per model that matters, then the counts.
    public func text(verbose: Bool = false) -> String {
        var out = "lookout-scheduler run \(result.runId)\(options.dryRun ? " (dry run: nothing is changed)" : "")\n"
        out += "evaluated at \(InstantFormat.utc(options.evaluationInstant)); regions: \(result.regions.joined(separator: ", "))\n"
        for m in result.models {
            let label: String
            switch (m.decision, m.outcome) {
            case ("stop", "would-stop"?): label = "WOULD STOP"
            case ("stop", "stopped"?): label = "STOPPED"
            case ("stop", "confirmed"?): label = "STOPPED (confirmed TRAINED)"
            case ("stop", "unconfirmed"?): label = "STOP UNCONFIRMED"
            case ("stop", "failed"?): label = "STOP FAILED"
            case ("defer", _): label = "DEFERRED"
            case ("unmanaged", _) where m.status_before == "HOSTED": label = "UNMANAGED (hosted)"
            case ("keep", _) where verbose || m.status_before == "HOSTED": label = "KEEP"
            default:
                guard verbose else { continue }
                label = m.decision.uppercased()
            }
            out += "  \(label): \(m.region) \(m.project) version \(m.version) [\(m.status_before)]"
            if let code = m.error_code { out += ": \(code): \(m.error_message ?? "")\(m.attempts.map { " (\($0) attempts)" } ?? "")" }
            out += "\n    \(m.reason)\n"
            if let token = m.client_token, !options.dryRun { out += "    client token \(token)\(m.request_id.map { ", request \($0)" } ?? "")\n" }
        }
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

    struct Document: Encodable {
        let run_id: String
        let dry_run: Bool
        let eval_time: String
        let eval_time_epoch: Int
        let regions: [String]
        let exit_code: Int32
        let counts: [String: Int]
        let calls: [String: Int]
        let duration_ms: Int
        let models: [ModelReport]
        let discovery_failures: [SchedulerRunner.DiscoveryFailure]
        let log: String?
        let tool_version: String

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(run_id, forKey: .run_id)
            try c.encode(dry_run, forKey: .dry_run)
            try c.encode(eval_time, forKey: .eval_time)
            try c.encode(eval_time_epoch, forKey: .eval_time_epoch)
            try c.encode(regions, forKey: .regions)
            try c.encode(exit_code, forKey: .exit_code)
            try c.encode(counts, forKey: .counts)
            try c.encode(calls, forKey: .calls)
            try c.encode(duration_ms, forKey: .duration_ms)
            try c.encode(models, forKey: .models)
            try c.encode(discovery_failures, forKey: .discovery_failures)
            try c.encode(log, forKey: .log)
            try c.encode(tool_version, forKey: .tool_version)
        }
        enum CodingKeys: String, CodingKey {
            case run_id, dry_run, eval_time, eval_time_epoch, regions, exit_code, counts, calls, duration_ms, models,
                 discovery_failures, log, tool_version
        }
    }

    /// The stable JSON document (see the README, "run --output json").
    public func json() -> String {
        let doc = Document(run_id: result.runId, dry_run: options.dryRun, eval_time: InstantFormat.utc(options.evaluationInstant),
                           eval_time_epoch: options.evaluationInstant, regions: result.regions, exit_code: result.exitCode,
                           counts: result.counts, calls: result.calls, duration_ms: Int(result.durationSeconds * 1000),
                           models: result.models,
                           discovery_failures: result.discoveryFailures, log: logPath, tool_version: options.toolVersion)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(doc)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

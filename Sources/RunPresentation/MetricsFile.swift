import AuditTrail
import AWSCore
import FileSafety
import Foundation
import SchedulerRun
#if canImport(Glibc)
import Glibc
#endif

/// Prometheus text format for node_exporter's textfile collector, written atomically (a
/// `mkstemp` temporary in the same directory, then `rename`), never through a symbolic link.
public enum MetricsFile {
    /// The text for one run.
    public static func render(_ result: SchedulerRunner.Result, finishedAt: Double, dryRun: Bool) -> String {
        render(exitCode: result.exitCode, counts: result.counts, durationSeconds: result.durationSeconds, finishedAt: finishedAt,
               dryRun: dryRun, anchor: result.anchor, nextEdge: result.nextEdge?.instant, eventFailures: result.events?.failed ?? 0)
    }

    /// The text for a run that ended with `exitCode`, perhaps before it counted anything (exit 2
    /// or 3): written for every exit status, so `last_run_exit_code` is never stale.
    public static func render(exitCode: Int32, counts c: RunCounts = RunCounts(), durationSeconds: Double, finishedAt: Double,
                              dryRun: Bool, anchor: AuditAnchor? = nil, nextEdge: Int? = nil, eventFailures: Int = 0) -> String {
        func metric(_ name: String, _ help: String, _ value: Double, type: String = "gauge", labels: String = "") -> String {
            "# HELP lookout_scheduler_\(name) \(help)\n# TYPE lookout_scheduler_\(name) \(type)\nlookout_scheduler_\(name)\(labels) \(value)\n"
        }
        var text = metric("last_run_timestamp_seconds", "When the last run finished (Unix time).", finishedAt.rounded())
            + metric("last_run_duration_seconds", "How long the last run took.", (durationSeconds * 1000).rounded() / 1000)
            + metric("last_run_exit_code", "Exit status of the last run.", Double(exitCode))
            + metric("last_run_dry_run", "1 when the last run was a dry run.", dryRun ? 1 : 0)
            + metric("models_considered", "Models the last run decided on.", Double(c.considered))
            + metric("models_stopped", "Stops the service accepted in the last run (unconfirmed ones included).", Double(c.stopped))
            + metric("models_stop_unconfirmed", "Accepted stops that --wait did not see finish in the last run.", Double(c.unconfirmed))
            + metric("stop_failures", "Stops that failed in the last run.", Double(c.stopFailures))
            + metric("models_started", "Starts the service accepted in the last run.", Double(c.started))
            + metric("start_failures", "Starts that failed in the last run.", Double(c.startFailures))
            + metric("discovery_failures", "Listings that failed in the last run.", Double(c.discoveryFailures))
            + metric("failures", "Everything that failed in the last run: stops, starts, tag reads, listings.", Double(c.failures))
            + metric("models_deferred", "Models outside their windows left for a later run: transitional, within their grace, or tags unreadable.", Double(c[.defer]))
            + metric("unmanaged_hosted_models", "Hosted models that no rule covers.", Double(c.unmanagedHosted))
            + metric("event_failures", "EventBridge entries of the last run that were not delivered (rejected, or their call failed).", Double(eventFailures))
            + metric("actions_outcome_unknown", "Stops and starts sent by an earlier run whose outcome the log did not hold, settled by the last run.", Double(c.outcomeUnknown))
        text += nextEdge.map { metric("next_edge_timestamp_seconds", "The next instant at which some window opens or closes (Unix time).", Double($0)) } ?? ""
        if let anchor {
            // The anchor, off the host once scraped: a log rewritten afterwards no longer matches it.
            text += metric("audit_records_total", "Records in the audit log after the last run (its anchor).", Double(anchor.records), type: "counter")
                + metric("audit_chain_head_info", "SHA-256 of the audit log's last record after the last run (its anchor).", 1,
                         labels: "{head=\"\(anchor.head)\"}")
        }
        return text
    }

    /// Writes `text` to `path` atomically (mode 0644: the collector runs as another user).
    public static func write(_ text: String, to path: String) throws {
        try SafeFile.replace(path, with: Array(text.utf8), mode: 0o644, what: "the metrics file")
    }

    /// What every metrics file this tool writes begins with.
    static let signature = Array("# HELP lookout_scheduler_".utf8)

    /// Checks before the run that `path` can be replaced: absent, or a regular file (not a
    /// symbolic link, FIFO, device or directory) that is empty or a metrics file of this tool's
    /// (it begins `# HELP lookout_scheduler_`): an audit log, an anchor, a lock or any other
    /// file of the user's is never replaced by metrics.
    public static func check(_ path: String) throws {
        try SafeFile.checkExisting(path, what: "the metrics file", ownerOnly: false)
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        let (fd, size) = try SafeFile.openForReading(path, what: "the metrics file")
        defer { close(fd) }
        guard size > 0 else { return }
        var head = [UInt8](repeating: 0, count: signature.count)
        let n = Glibc.read(fd, &head, head.count)
        guard n == signature.count && head == signature else {
            throw SafeFile.Refusal("the metrics file \(path) exists and is not a lookout-scheduler metrics file (it does not begin with '# HELP lookout_scheduler_'); refusing to replace it (give --metrics-file a new path)")
        }
    }
}

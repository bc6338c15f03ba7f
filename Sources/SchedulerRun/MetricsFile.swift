import Foundation

/// Prometheus text format for node_exporter's textfile collector, written atomically (a
/// temporary file in the same directory, then `rename`).
public enum MetricsFile {
    /// The text for one run.
    public static func render(_ result: SchedulerRunner.Result, finishedAt: Double, dryRun: Bool) -> String {
        let c = result.counts
        func metric(_ name: String, _ help: String, _ value: Double) -> String {
            "# HELP lookout_scheduler_\(name) \(help)\n# TYPE lookout_scheduler_\(name) gauge\nlookout_scheduler_\(name) \(value)\n"
        }
        return metric("last_run_timestamp_seconds", "When the last run finished (Unix time).", finishedAt.rounded())
            + metric("last_run_duration_seconds", "How long the last run took.", (result.durationSeconds * 1000).rounded() / 1000)
            + metric("last_run_exit_code", "Exit status of the last run.", Double(result.exitCode))
            + metric("last_run_dry_run", "1 when the last run was a dry run.", dryRun ? 1 : 0)
            + metric("models_considered", "Models the last run decided on.", Double(c.considered))
            + metric("models_stopped", "Stops the service accepted in the last run (unconfirmed ones included).", Double(c.stopped))
            + metric("models_stop_unconfirmed", "Accepted stops that --wait did not see finish in the last run.", Double(c.unconfirmed))
            + metric("stop_failures", "Stops that failed in the last run.", Double(c.stopFailures))
            + metric("discovery_failures", "Listings that failed in the last run.", Double(c.discoveryFailures))
            + metric("models_deferred", "Models outside their windows but in a transitional status.", Double(c[.defer]))
            + metric("unmanaged_hosted_models", "Hosted models that no rule covers.", Double(c.unmanagedHosted))
            + (result.nextEdge.map { metric("next_edge_timestamp_seconds", "The next instant at which some window opens or closes (Unix time).", Double($0.instant)) } ?? "")
    }

    /// Writes `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        try text.write(toFile: tmp, atomically: false, encoding: .utf8)
        guard rename(tmp, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(tmp)
            throw AuditLogError("cannot write metrics file \(path): \(why)")
        }
    }
}

import AuditTrail
import Foundation
import SchedulerRun

extension MetricsFile {
    /// The metrics of a run that ended with `status` (its `result` when it got as far as running;
    /// else only the status and how long it took since `startedAt`), written to `path` for every
    /// exit status, so that `last_run_exit_code` is never stale. A file that cannot be written is
    /// returned as a warning: the run's own status stands.
    public static func record(to path: String, status: Int32, result: SchedulerRunner.Result?, startedAt: Double, dryRun: Bool,
                              finishedAt: Double = Date().timeIntervalSince1970) -> String? {
        let text = result.map { render($0, finishedAt: finishedAt, dryRun: dryRun) }
            ?? render(exitCode: status, durationSeconds: finishedAt - startedAt, finishedAt: finishedAt, dryRun: dryRun)
        do {
            try write(text, to: path)
            return nil
        } catch {
            return "\(error)"
        }
    }
}

import Foundation
import HostingSchedule
import LockedValue

/// Builds the run's audit records from their bodies, numbering them, and hands them to the sink.
final class RecordWriter: Sendable {
    let sink: (any AuditSink)?
    let options: SchedulerRunner.Options
    let now: @Sendable () -> Double
    /// The next record's number; held while a record is written, so numbers follow the file's order.
    private let seq = LockedValueBox(0)

    init(sink: (any AuditSink)?, options: SchedulerRunner.Options, now: @escaping @Sendable () -> Double) {
        self.sink = sink
        self.options = options
        self.now = now
    }

    /// Writes one record (nothing without a sink, as in a dry run).
    func write(_ body: RunEvent.Body) throws {
        guard let sink else { return }
        try seq.withLockedValue { seq in
            let header = RunEvent.Header(type: .decision, run_id: options.runId, seq: seq, time: InstantFormat.utc(Int(now())),
                                         eval_time: InstantFormat.utc(options.evaluationInstant), dry_run: options.dryRun,
                                         tool_version: options.toolVersion, actor: options.actor)
            try sink.append(RunEvent(header: header, body: body.sanitized))
            seq += 1
        }
    }

    func sync() throws { try sink?.sync() }

    /// `fdatasync` (the write-ahead flush).
    func syncData() throws { try sink?.syncData() }
}

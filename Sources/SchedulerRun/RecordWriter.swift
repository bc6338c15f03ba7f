import AuditTrail
import Foundation
import HostingSchedule
import LockedValue

/// Builds the run's audit records from their bodies, numbering them, and hands them to the sink.
final class RecordWriter: Sendable {
    let sink: (any AuditSink)?
    /// Told of each record the sink took (nil: none; never for a dry run, which has no sink).
    let observer: (any RecordObserver)?
    let options: SchedulerRunner.Options
    let now: @Sendable () -> Double
    /// The next record's number; held while a record is written, so numbers follow the file's order.
    private let seq = LockedValueBox(0)

    init(sink: (any AuditSink)?, observer: (any RecordObserver)? = nil, options: SchedulerRunner.Options,
         now: @escaping @Sendable () -> Double) {
        self.sink = sink
        self.observer = observer
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
            let record = RunEvent(header: header, body: body.sanitized)
            try sink.append(record)
            seq += 1
            // Queued, never waited for: the observer sends later (`RecordObserver`).
            observer?.recorded(record)
        }
    }

    func sync() throws { try sink?.sync() }

    /// `fdatasync` (the write-ahead flush).
    func syncData() throws { try sink?.syncData() }
}

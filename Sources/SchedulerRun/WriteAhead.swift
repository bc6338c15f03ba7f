import AuditTrail
/// Write-ahead for actions: each stop or start first appends its `intent` record, then waits until
/// that record is on disk (`fdatasync`) before its call is sent. The flush is shared (group
/// commit): intents appended while a flush runs wait for the next one, so a wave of concurrent
/// calls costs one flush, not one each, and the run's rate is unchanged. An intent that cannot be
/// written or flushed throws: its call is not sent.
actor WriteAhead {
    let writer: RecordWriter
    /// Intents appended, and how many of them are known to be on disk.
    private var appended = 0
    private var flushed = 0
    /// The flush in progress, and the intents appended before it began (those it covers).
    private var flushing: (task: Task<Void, any Error>, upTo: Int)?
    /// The first reason an intent could not be written or flushed.
    private(set) var failure: (any Error)?

    init(writer: RecordWriter) { self.writer = writer }

    /// Appends `intent` and returns once it is durable.
    func record(_ intent: ActionIntent) async throws {
        do {
            try await durable(intent)
        } catch {
            failure = failure ?? error
            throw error
        }
    }

    private func durable(_ intent: ActionIntent) async throws {
        try writer.write(.intent(intent))
        appended += 1
        let mine = appended
        while flushed < mine {
            // Join the flush in progress (it may not cover this intent: then look again), or start one.
            let f: (task: Task<Void, any Error>, upTo: Int)
            if let running = flushing {
                f = running
            } else {
                let writer = self.writer
                f = (Task.detached { try writer.syncData() }, appended)
                flushing = f
            }
            defer { if flushing?.task == f.task { flushing = nil } }
            try await f.task.value
            flushed = max(flushed, f.upTo)
        }
    }
}

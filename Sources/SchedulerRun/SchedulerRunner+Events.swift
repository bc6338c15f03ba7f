import AuditTrail
extension SchedulerRunner {
    /// Every action is done and recorded: only now does the run wait for its events (the
    /// observer's calls still in flight), then records what became of them (an `events` record
    /// after `run-end`, flushed) when the log can still be written. Events of a run whose log
    /// failed are still delivered as far as they were recorded; their tally is in the result only.
    /// A dry run has no observer: nothing is sent.
    func finishEvents(_ result: inout Result, writer: RecordWriter, record: Bool) async {
        guard let observer = writer.observer else { return }
        let delivered = await observer.finish()
        result.events = delivered
        guard record else { return }
        do {
            try writer.write(.events(delivered))
            try writer.sync()
        } catch {
            result.logFailure = "\(error)"
        }
    }
}

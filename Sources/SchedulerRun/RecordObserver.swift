import AuditTrail
/// Told of each audit record once the log holds it (`RecordWriter`), and asked, when the run's
/// last record is durable, what it made of them. The one seam through which the run's records
/// leave the host (`EventDelivery`'s EventBridge publisher): the run never waits for an observer
/// between actions, so an observer cannot delay, block or change an action.
public protocol RecordObserver: AnyObject, Sendable {
    /// A record the log now holds. Must return at once (queue it; send it later).
    func recorded(_ record: RunEvent)
    /// Called once, after the `run-end` record is durable: waits for what is still being sent and
    /// answers the delivery, which the run records (an `events` record) and counts.
    func finish() async -> EventsDelivered
}

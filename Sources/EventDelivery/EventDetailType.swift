/// The `DetailType` of each event the scheduler sends: the words an EventBridge rule matches on
/// (`"detail-type": ["Model Stopped"]`). The raw value is the wire spelling.
public enum EventDetailType: String, Sendable, CaseIterable, Codable {
    /// A stop the service accepted (outcome `stopped`, `confirmed` or `unconfirmed`).
    case modelStopped = "Model Stopped"
    /// A start the service accepted (outcome `started`).
    case modelStarted = "Model Started"
    /// An action that failed (outcome `failed`) or was not sent (`skipped`).
    case actionFailed = "Action Failed"
    /// One per run, with the run's counts (the `run-end` record).
    case runCompleted = "Run Completed"
}

/// What the run decided to do about one model. The raw values are the words of the JSON output,
/// the audit log and `audit --outcome`.
public enum Action: String, Codable, Sendable, CaseIterable {
    /// Inside its windows: left as it is.
    case keep
    /// Hosted outside its windows: stopped (or, in a dry run, would be).
    case stop
    /// Outside its windows but in a transitional status: decided again at the next run.
    case `defer`
    /// Outside its windows and not hosted: nothing to do. (Not `.none`, which reads as Optional's.)
    case nothingToDo = "none"
    /// No rule covers it: never touched.
    case unmanaged
    /// Stopped inside a window that just opened, and its rule asks for starts: started (or, in a
    /// dry run, would be).
    case start
}

/// What became of a stop or a start (or of reading a model's tags before a stop). The raw values are the words of the JSON output and the audit log.
public enum Outcome: String, Codable, Sendable, CaseIterable {
    /// The service accepted the stop.
    case stopped
    /// The service accepted the stop, and `--wait` saw the model stopped.
    case confirmed
    /// The service accepted the stop, but `--wait` did not see the model stopped in time.
    case unconfirmed
    /// The stop or start was refused or never got an answer (or the tags a stop depends on
    /// could not be read: the model is deferred).
    case failed
    /// Not sent: the audit log could not be written, and no action is taken that cannot be recorded.
    case skipped
    /// Dry run: what a real run would have sent.
    case wouldStop = "would-stop"
    /// The service accepted the start.
    case started
    /// Dry run: a start a real run would have sent.
    case wouldStart = "would-start"

    /// A stop the service accepted (`stopped`, `confirmed`, `unconfirmed`): counted as a stop,
    /// and in the savings. An unconfirmed stop is a stop, never a failure.
    public var isStop: Bool { self == .stopped || self == .confirmed || self == .unconfirmed }
}

/// A typed call's answer with its bookkeeping, as every service client returns it.
public struct CallOutcome<Value: Sendable>: Sendable {
    public let value: Value
    /// Attempts of the last request (retries included), for the record of a stop or start;
    /// the requests themselves are counted by the client's `CallLedger`.
    public let attempts: Int
    /// The last response's request id.
    public let requestId: String?

    /// An answer.
    public init(value: Value, attempts: Int, requestId: String?) {
        self.value = value
        self.attempts = attempts
        self.requestId = requestId
    }
}

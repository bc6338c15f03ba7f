/// A typed call's answer with its bookkeeping, as every service client returns it.
public struct CallOutcome<Value: Sendable>: Sendable {
    public let value: Value
    /// Attempts of the last request (retries included).
    public let attempts: Int
    /// Requests in all (pages included).
    public let requests: Int
    /// The last response's request id.
    public let requestId: String?

    /// An answer.
    public init(value: Value, attempts: Int, requests: Int, requestId: String?) {
        self.value = value
        self.attempts = attempts
        self.requests = requests
        self.requestId = requestId
    }
}

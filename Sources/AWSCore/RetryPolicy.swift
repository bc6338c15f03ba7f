import ServiceVocabulary

/// The "standard" retry mode of the AWS SDKs.
public struct RetryPolicy: Sendable {
    /// Attempts in all, first included (3 by default).
    public var maxAttempts: Int
    /// The backoff base: attempt n waits `random(0,1) * min(base * 2^(n-1), maxBackoff)`.
    public var baseDelay: Double
    /// The backoff cap (20 s).
    public var maxBackoff: Double
    /// The longest `Retry-After` honoured; longer ones are cut to this.
    public var maxRetryAfter: Double

    /// A policy; the defaults are the SDKs'.
    public init(maxAttempts: Int = 3, baseDelay: Double = 1, maxBackoff: Double = 20, maxRetryAfter: Double = 20) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
    }

    /// The wait before retry number `retry` (1 for the first retry), given a random number in
    /// [0, 1) and the response's `Retry-After` seconds, if any.
    public func delay(retry: Int, random: Double, retryAfter: Double?) -> Double {
        if let retryAfter, retryAfter >= 0 { return min(retryAfter, maxRetryAfter) }
        let exp = baseDelay * Double(1 << min(retry - 1, 30))
        return random * min(exp, maxBackoff)
    }

    /// How the standard retry mode treats an error.
    public enum Class: Sendable, Equatable {
        /// The service is shedding load: retried after a backoff.
        case throttling
        /// A transient failure (5xx, timeout, dropped connection): retried after a backoff.
        case transient
        /// Anything else (a client error, a TLS failure, a cancellation): never retried.
        case never
    }

    /// The one place that decides whether an error is retried: by its code (the SDKs' lists in
    /// `AWSErrorCode`), else by the HTTP status it came with (429, 500, 502, 503, 504).
    public static func classify(_ error: AWSError) -> Class {
        if AWSErrorCode.throttlingCodes.contains(error.code) { return .throttling }
        if AWSErrorCode.transientCodes.contains(error.code) { return .transient }
        switch error.status {
        case 429?: return .throttling
        case 500?, 502?, 503?, 504?: return .transient
        default: return .never
        }
    }
}

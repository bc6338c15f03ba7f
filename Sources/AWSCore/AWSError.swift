/// An AWS API call that failed: the service's error, or a transport or credential failure.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error code (`ThrottlingException`, `ConflictException`), or a local one:
    /// `RequestTimeout`, `ConnectionError`, `TLSError`, `ResponseTooLarge`, `CredentialsError`, `InvalidResponse`,
    /// `DeadlineExceeded`.
    public let code: String
    /// The message (from the service, or ours).
    public let message: String
    /// The HTTP status, when the service answered.
    public let status: Int?
    /// The `x-amzn-RequestId` (joins with CloudTrail).
    public let requestId: String?
    /// Whether the standard retry mode retries it.
    public let retryable: Bool
    /// How many attempts were made in all.
    public var attempts: Int

    /// An error.
    public init(code: String, message: String, status: Int? = nil, requestId: String? = nil, retryable: Bool, attempts: Int = 1) {
        self.code = code
        self.message = message
        self.status = status
        self.requestId = requestId
        self.retryable = retryable
        self.attempts = attempts
    }

    /// `ConflictException (HTTP 409): model is not hosted [request 1234]`.
    public var description: String {
        var s = code
        if let status { s += " (HTTP \(status))" }
        if !message.isEmpty { s += ": \(message)" }
        if let requestId { s += " [request \(requestId)]" }
        return s
    }

    /// Error codes the standard retry mode treats as throttling.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    ]

    /// Error codes the standard retry mode treats as transient.
    public static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "InternalServerException",
                                                     "InternalError", "ServiceUnavailable"]

    /// Parses an error response the way the SDKs do for REST-JSON: the code from the
    /// `x-amzn-ErrorType` header (a `:suffix` and a `prefix#` stripped) or the body's `code` or
    /// `__type`; the message from `message` or `Message`; the request id from `x-amzn-RequestId`.
    public static func parse(_ response: HTTPResponse) -> AWSError {
        var code: String?
        if let header = response.header("x-amzn-ErrorType") { code = strip(header) }
        let body = JSONValue.parseObject(response.body)
        if code == nil || code!.isEmpty {
            code = (body?["code"]?.string ?? body?["__type"]?.string ?? body?["Code"]?.string).map(strip)
        }
        let message = body?["message"]?.string ?? body?["Message"]?.string ?? body?["errorMessage"]?.string
        let requestId = response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
        let resolved = code.flatMap { $0.isEmpty ? nil : $0 } ?? AWSError.codeForStatus(response.status)
        let retryable = throttlingCodes.contains(resolved) || transientCodes.contains(resolved)
            || [429, 500, 502, 503, 504].contains(response.status)
        var text = message ?? ""
        if body == nil && message == nil && !response.body.isEmpty {
            let snippet = String(decoding: response.body.prefix(200), as: UTF8.self)
            text = "unexpected non-JSON body: \(snippet)"
        }
        return AWSError(code: resolved, message: text, status: response.status, requestId: requestId, retryable: retryable)
    }

    static func strip(_ raw: String) -> String {
        var s = Substring(raw)
        if let colon = s.firstIndex(of: ":") { s = s[..<colon] }
        if let hash = s.lastIndex(of: "#") { s = s[s.index(after: hash)...] }
        return s.trimmingCharacters(in: " ")
    }

    static func codeForStatus(_ status: Int) -> String {
        switch status {
        case 400: return "ValidationException"
        case 403: return "AccessDeniedException"
        case 404: return "ResourceNotFoundException"
        case 409: return "ConflictException"
        case 429: return "ThrottlingException"
        case 500...599: return "InternalServerException"
        default: return "HTTP\(status)"
        }
    }
}

extension Substring {
    func trimmingCharacters(in chars: String) -> String {
        var s = self
        while let f = s.first, chars.contains(f) { s.removeFirst() }
        while let l = s.last, chars.contains(l) { s.removeLast() }
        return String(s)
    }
}

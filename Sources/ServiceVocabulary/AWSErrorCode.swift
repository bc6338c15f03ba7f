/// An AWS error code (`ThrottlingException`), or one of this tool's own for failures that never
/// reached the service (`ConnectionError`). Constants instead of bare strings; a code the service
/// sends that has no constant is still a code.
public struct AWSErrorCode: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(_ value: String) { self.rawValue = value }
    public var description: String { rawValue }

    // MARK: Service errors, by their AWS names

    public static let validation: AWSErrorCode = "ValidationException"
    public static let accessDenied: AWSErrorCode = "AccessDeniedException"
    public static let resourceNotFound: AWSErrorCode = "ResourceNotFoundException"
    public static let conflict: AWSErrorCode = "ConflictException"
    public static let resourceInUse: AWSErrorCode = "ResourceInUseException"
    public static let throttling: AWSErrorCode = "ThrottlingException"
    public static let internalServer: AWSErrorCode = "InternalServerException"
    public static let serviceUnavailable: AWSErrorCode = "ServiceUnavailable"
    /// SSO: the access token is no longer valid.
    public static let unauthorized: AWSErrorCode = "UnauthorizedException"

    /// Every code the SDKs' standard retry mode treats as throttling.
    public static let throttlingCodes: Set<AWSErrorCode> = [
        "Throttling", throttling, "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    ]

    /// Every code the SDKs' standard retry mode treats as transient.
    public static let transientCodes: Set<AWSErrorCode> = [
        requestTimeout, "RequestTimeoutException", internalServer, "InternalError", serviceUnavailable,
        // The connection failed or dropped before an answer.
        connectionError,
        // STS, AssumeRoleWithWebIdentity: the identity provider could not be reached (botocore's
        // standard mode retries it too: `RetryIDPCommunicationError`).
        "IDPCommunicationError",
    ]

    // MARK: This tool's own, for failures that got no service error

    /// No response within the per-request timeout (transient).
    public static let requestTimeout: AWSErrorCode = "RequestTimeout"
    /// The connection failed or dropped (transient).
    public static let connectionError: AWSErrorCode = "ConnectionError"
    /// TLS failed: a certificate problem to show, never retried.
    public static let tlsError: AWSErrorCode = "TLSError"
    /// The answer was larger than the transport accepts (never retried).
    public static let responseTooLarge: AWSErrorCode = "ResponseTooLarge"
    /// No credentials could be had.
    public static let credentialsError: AWSErrorCode = "CredentialsError"
    /// The answer was not what the service model promises.
    public static let invalidResponse: AWSErrorCode = "InvalidResponse"
    /// An input failed the service model's constraints before any request.
    public static let invalidParameter: AWSErrorCode = "InvalidParameter"
    /// The endpoint URL cannot be used.
    public static let invalidEndpoint: AWSErrorCode = "InvalidEndpoint"
    /// The call's deadline passed.
    public static let deadlineExceeded: AWSErrorCode = "DeadlineExceeded"
    /// The call was cancelled.
    public static let cancelled: AWSErrorCode = "Cancelled"
    /// The client could not be configured (region, endpoint).
    public static let configurationError: AWSErrorCode = "ConfigurationError"
    /// A listing answered a model of another account than the one its credentials act in.
    public static let accountMismatch: AWSErrorCode = "AccountMismatch"
}

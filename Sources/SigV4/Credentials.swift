/// AWS credentials. The secret and the session token are never printed: `description` and
/// `debugDescription` show the access key id only.
public struct Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The access key id (not a secret; it appears in every request's Authorization header).
    public let accessKeyId: String
    /// The secret access key.
    public let secretAccessKey: String
    /// The session token of temporary credentials.
    public let sessionToken: String?
    /// When temporary credentials expire (seconds since the epoch), if they do.
    public let expiration: Double?

    /// Credentials.
    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Double? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// Whether `id` is a sane access key id: 4 to 128 characters of ASCII letters, digits and `_`
    /// (IAM's `AccessKeyId` is 16-128 of `[\w]`; the floor is lower for the AWS SigV4 test suite's
    /// `AKIDEXAMPLE` and emulators' short keys). It goes into every Authorization header and
    /// into messages, so anything else (a secret pasted in its place) is refused, unquoted.
    public static func isSaneAccessKeyId(_ id: String) -> Bool {
        (4...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F }
    }

    public var description: String {
        "Credentials(accessKeyId: \(accessKeyId), secretAccessKey: <redacted>\(sessionToken == nil ? "" : ", sessionToken: <redacted>"))"
    }
    public var debugDescription: String { description }
}

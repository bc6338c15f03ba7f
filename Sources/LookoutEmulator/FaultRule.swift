/// A fault the emulator injects into matching requests.
public struct FaultRule: Sendable, Codable, Equatable {
    /// What goes wrong.
    public enum Kind: String, Sendable, Codable {
        /// 429 ThrottlingException with `Retry-After`.
        case throttle
        /// 500 InternalServerException.
        case error500 = "error-500"
        /// 503 with an HTML body (not JSON).
        case nonJSON = "non-json"
        /// The answer comes `latency` seconds late (then normally).
        case latency
        /// The connection is closed with no response.
        case drop
        /// No response at all; the connection stays open.
        case hang
        /// 400 AccessDeniedException-style client error that must not be retried (403 AccessDenied).
        case accessDenied = "access-denied"
        /// The request is carried out, then the connection is dropped: the answer is lost.
        case loseAnswer = "lose-answer"
        /// The request is carried out, and every ARN in the answer names another account
        /// (`FaultRule.foreignAccount`): a listing that crosses accounts; `seconds` late, if given.
        case foreignAccount = "foreign-account"
        /// EventBridge's PutEvents: the entry about the matching model (its project and version
        /// from the entry's `Resources`) is answered `InternalFailure` in the call's `Entries`.
        case rejectEntry = "reject-entry"
    }

    /// The account id the ARNs of a `foreign-account` answer name.
    public static let foreignAccount = "999999999999"

    /// The operation (`StopModel`), or `*` for any.
    public var operation: String
    /// Only requests about this project (nil: any).
    public var project: String?
    /// Only requests about this model version (nil: any).
    public var version: String?
    /// The fault.
    public var kind: Kind
    /// How many matching requests to fault (nil: all of them).
    public var times: Int?
    /// Seconds of `Retry-After` (throttle) or of added latency.
    public var seconds: Double?
    /// The error message of a `throttle`, `error-500` or `access-denied` answer, instead of the
    /// usual one: any text, control characters included (hostile-server tests).
    public var message: String?

    enum CodingKeys: String, CodingKey { case operation, project, version, kind, times, seconds, message }

    public init(operation: String = "*", project: String? = nil, version: String? = nil, kind: Kind, times: Int? = nil, seconds: Double? = nil,
                message: String? = nil) {
        self.operation = operation
        self.project = project
        self.version = version
        self.kind = kind
        self.times = times
        self.seconds = seconds
        self.message = message
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        operation = try c.decodeIfPresent(String.self, forKey: .operation) ?? "*"
        project = try c.decodeIfPresent(String.self, forKey: .project)
        version = try c.decodeVersion(forKey: .version)
        kind = try c.decode(Kind.self, forKey: .kind)
        times = try c.decodeIfPresent(Int.self, forKey: .times)
        seconds = try c.decodeIfPresent(Double.self, forKey: .seconds)
        message = try c.decodeIfPresent(String.self, forKey: .message)
    }

    func matches(operation op: String, project p: String?, version v: String?) -> Bool {
        (operation == "*" || operation == op) && (project == nil || project == p) && (version == nil || version == v)
    }
}

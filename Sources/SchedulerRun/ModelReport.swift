/// What the run found, decided and did about one model (one entry of `run --output json`).
public struct ModelReport: Codable, Sendable, Equatable {
    public var region: String
    public var project: String
    public var version: String
    public var status_before: String
    /// `stop`, `keep`, `defer`, `none`, `unmanaged`.
    public var decision: String
    public var reason: String
    /// `stopped`, `confirmed`, `unconfirmed`, `failed`, `would-stop` (dry run), or null (no action).
    public var outcome: String?
    public var rule: Int?
    public var rule_line: Int?
    public var schedule: String?
    public var timezone: String?
    public var eval_local: String?
    public var client_token: String?
    public var request_id: String?
    public var attempts: Int?
    public var error_code: String?
    public var error_message: String?
    public var status_after: String?
    public var next_window: String?
    public var inference_units: Int?

    /// Whether this model's action failed.
    public var failed: Bool { outcome == "failed" || outcome == "unconfirmed" }

    public func encode(to encoder: any Encoder) throws {
        // Every key, always (null when empty): a stable document for other tools.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(region, forKey: .region)
        try c.encode(project, forKey: .project)
        try c.encode(version, forKey: .version)
        try c.encode(status_before, forKey: .status_before)
        try c.encode(decision, forKey: .decision)
        try c.encode(reason, forKey: .reason)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(rule, forKey: .rule)
        try c.encode(rule_line, forKey: .rule_line)
        try c.encode(schedule, forKey: .schedule)
        try c.encode(timezone, forKey: .timezone)
        try c.encode(eval_local, forKey: .eval_local)
        try c.encode(client_token, forKey: .client_token)
        try c.encode(request_id, forKey: .request_id)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(error_code, forKey: .error_code)
        try c.encode(error_message, forKey: .error_message)
        try c.encode(status_after, forKey: .status_after)
        try c.encode(next_window, forKey: .next_window)
        try c.encode(inference_units, forKey: .inference_units)
    }

    enum CodingKeys: String, CodingKey {
        case region, project, version, status_before, decision, reason, outcome, rule, rule_line, schedule, timezone, eval_local,
             client_token, request_id, attempts, error_code, error_message, status_after, next_window, inference_units
    }

    public init(region: String, project: String, version: String, status_before: String, decision: String, reason: String) {
        self.region = region
        self.project = project
        self.version = version
        self.status_before = status_before
        self.decision = decision
        self.reason = reason
    }
}

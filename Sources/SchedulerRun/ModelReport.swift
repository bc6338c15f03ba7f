import HostingSchedule

/// What the run found, decided and did about one model (one entry of `run --output json`).
/// Every key is always present (`null` when empty): a stable document for other tools.
public struct ModelReport: Encodable, Sendable, Equatable {
    public var region: String
    public var project: String
    public var version: String
    public var status_before: String
    /// `stop`, `keep`, `defer`, `none`, `unmanaged`.
    public var decision: String
    public var reason: String
    /// `stopped`, `confirmed`, `unconfirmed`, `failed`, `would-stop` (dry run), or null (no action).
    @NullEncoded public var outcome: String? = nil
    @NullEncoded public var rule: Int? = nil
    @NullEncoded public var rule_line: Int? = nil
    @NullEncoded public var schedule: String? = nil
    @NullEncoded public var timezone: String? = nil
    @NullEncoded public var eval_local: String? = nil
    @NullEncoded public var client_token: String? = nil
    @NullEncoded public var request_id: String? = nil
    @NullEncoded public var attempts: Int? = nil
    @NullEncoded public var error_code: String? = nil
    @NullEncoded public var error_message: String? = nil
    @NullEncoded public var status_after: String? = nil
    @NullEncoded public var next_window: String? = nil
    @NullEncoded public var inference_units: Int? = nil

    public init(region: String, project: String, version: String, status_before: String, decision: String, reason: String) {
        self.region = region
        self.project = project
        self.version = version
        self.status_before = status_before
        self.decision = decision
        self.reason = reason
    }
}

import HostingSchedule
import ModelHosting
import Rendering

/// What the run is about to send: an `intent` record of the audit log, written and flushed to disk
/// (`fdatasync`) before the stop or start goes out, so that a call the service received is in the
/// log even when the disk fills or the power goes before its outcome is written. Its outcome is the
/// `decision` record of the same model in the same run; an intent with none is "sent, outcome
/// unknown" (README, "What is counted"), and the next run settles it (`IntentSettlement`).
public struct ActionIntent: Codable, Sendable, Equatable {
    @NullEncoded public var service: ServiceKind? = nil
    @NullEncoded public var account_id: String? = nil
    @NullEncoded public var account_name: String? = nil
    public var region: String
    public var project: String
    public var version: String
    @NullEncoded public var arn: String? = nil
    /// `stop` or `start`.
    public var action: Action
    /// The idempotency token the call carries (null for a service that takes none).
    @NullEncoded public var client_token: String? = nil

    /// The intent's keys, one per stored property above (the scanner reads `action` and the model's).
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case service, account_id, account_name, region, project, version, arn, action, client_token
    }

    /// The intent of acting on the model a decision names.
    public init(_ d: ModelDecision, action: Action, clientToken: String?) {
        service = d.service
        account_id = d.account_id
        account_name = d.account_name
        region = d.region
        project = d.project
        version = d.version
        arn = d.arn
        self.action = action
        client_token = clientToken
    }

    /// The model to act on.
    public var ref: ModelRef { ModelRef(project: project, version: version, arn: arn) }

    /// The service, old records included.
    public var serviceKind: ServiceKind { service ?? .default }

    /// The model, as `RunMemory.key` names it.
    public var key: String { "\(serviceKind)/\(account_name ?? "")/\(region)/\(project)/\(version)" }

    /// `stop lookoutvision eu-west-1 pcb version 1`, for people.
    public var summary: String {
        "\(action.rawValue) \(serviceKind) \(account_name.map { "account \($0) " } ?? "")\(region) \(project) version \(version)"
    }
}

/// What a later run found about an action whose outcome was never recorded: a `settle` record. The
/// run reads the model's status (one describe call) instead of sending the action again blindly;
/// the intent stays counted once as "sent, outcome unknown", and never as a saving.
public struct IntentSettlement: Codable, Sendable, Equatable {
    /// The intent settled (its model, action and client token).
    public var intent: ActionIntent
    /// The run that wrote the intent.
    public var intent_run_id: String
    /// The status the service reported now, in its words (null when it could not be read).
    public var status_after: String? = nil
    /// What that status means.
    public var state_after: HostingState? = nil
    /// Why the status could not be read.
    public var error_code: String? = nil
    public var error_message: String? = nil
    /// What was found, in one sentence.
    public var reason: String

    /// A settlement of `intent` (of run `runId`).
    public init(intent: ActionIntent, runId: String, reason: String) {
        self.intent = intent
        intent_run_id = runId
        self.reason = reason
    }

    /// The settlement's own keys (beside the intent's).
    public enum Keys: String, CodingKey, CaseIterable, Sendable { case intent_run_id, status_after, state_after, error_code, error_message, reason }

    // Flat, like every record: the intent's keys beside the settlement's.
    public init(from decoder: any Decoder) throws {
        intent = try ActionIntent(from: decoder)
        let c = try decoder.container(keyedBy: Keys.self)
        intent_run_id = try c.decode(String.self, forKey: .intent_run_id)
        status_after = try c.decodeIfPresent(String.self, forKey: .status_after)
        state_after = try c.decodeIfPresent(HostingState.self, forKey: .state_after)
        error_code = try c.decodeIfPresent(String.self, forKey: .error_code)
        error_message = try c.decodeIfPresent(String.self, forKey: .error_message)
        reason = try c.decode(String.self, forKey: .reason)
    }

    public func encode(to encoder: any Encoder) throws {
        try intent.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(intent_run_id, forKey: .intent_run_id)
        try c.encodeIfPresent(status_after, forKey: .status_after)
        try c.encodeIfPresent(state_after, forKey: .state_after)
        try c.encodeIfPresent(error_code, forKey: .error_code)
        try c.encodeIfPresent(error_message, forKey: .error_message)
        try c.encode(reason, forKey: .reason)
    }
}

import HostingSchedule
import ModelHosting
import Rendering

/// What the run found, decided and did about one model: one `decision` record of the audit log,
/// one entry of `run --output json`, one text line. Every key is always present in the JSON
/// output (`null` when empty) and left out of the log when empty. A new field is this one edit.
public struct ModelDecision: Codable, Sendable, Equatable {
    /// The service (absent in records written before there was a second one: Lookout for Vision).
    @NullEncoded public var service: ServiceKind? = nil
    /// The 12-digit id of the account the model is in: from its ARN, else (a declared account)
    /// from the role's ARN; null for the home account when the service gave no ARN.
    @NullEncoded public var account_id: String? = nil
    /// The rule file's name of the account (`accounts:`); null for the home account.
    @NullEncoded public var account_name: String? = nil
    public var region: String
    public var project: String
    public var version: String
    /// The model's ARN, as the service listed it.
    @NullEncoded public var arn: String? = nil
    /// The status the listing reported, in the service's words.
    public var status_before: StatusWord
    /// What that status means (`hosted`, `transitional`, `stopped`, `unavailable`); absent in old logs.
    @NullEncoded public var state_before: HostingState? = nil
    public var decision: Action
    public var reason: String
    /// Null when no stop was attempted.
    @NullEncoded public var outcome: Outcome? = nil
    @NullEncoded public var rule: Int? = nil
    @NullEncoded public var rule_line: Int? = nil
    @NullEncoded public var schedule: String? = nil
    @NullEncoded public var timezone: String? = nil
    /// The evaluation instant in the rule's zone, with its offset.
    @NullEncoded public var eval_local: String? = nil
    @NullEncoded public var client_token: String? = nil
    @NullEncoded public var request_id: String? = nil
    @NullEncoded public var attempts: Int? = nil
    @NullEncoded public var error_code: AWSErrorCode? = nil
    @NullEncoded public var error_message: String? = nil
    @NullEncoded public var status_after: StatusWord? = nil
    /// When the model's next window opens (UTC), for the savings estimate.
    @NullEncoded public var next_window: String? = nil
    /// When the model's last window closed (UTC), for a decision outside its windows: `audit`
    /// counts the time from it to a stop as hosted past the close (the cost of lateness).
    @NullEncoded public var window_closed_at: String? = nil
    @NullEncoded public var inference_units: Int? = nil
    /// Price per inference-unit hour in force for a stop (from the rule file), for the savings estimate.
    @NullEncoded public var price_per_iu_hour: Double? = nil
    /// Taken under an override: its line in the rule file, when it ends, and why.
    @NullEncoded public var override_line: Int? = nil
    @NullEncoded public var override_until: String? = nil
    @NullEncoded public var override_reason: String? = nil
    /// Deferred by `grace`: when it ends (the model is stopped at the first run after it).
    @NullEncoded public var grace_until: String? = nil
    /// Kept by its keep-until tag: until when (capped by `keep_until_max`).
    @NullEncoded public var keep_until: String? = nil
    /// When the window closes (UTC), for a start: the hosting hours it starts.
    @NullEncoded public var window_closes: String? = nil
    /// SageMaker: the component's copies when it was listed, and those asked for by the stop (0) or start.
    @NullEncoded public var copies_before: Int? = nil
    @NullEncoded public var copies_after: Int? = nil
    /// Why a stop saves nothing (SageMaker: the endpoint keeps its instances at zero copies); its
    /// `inference_units`, the billed units the stop frees, are then 0.
    @NullEncoded public var no_saving_reason: String? = nil
    /// True when the model would have been started but the run was told not to (`--no-start`):
    /// the window's opening is left for the next run.
    @NullEncoded public var no_start: Bool? = nil

    /// The record's keys, one per stored property above, in the same order: the writer's and the
    /// decoder's (synthesized `Codable`), and the byte scanner's key table (`AuditRecordScanner.Field`).
    /// A new field is its property and its case here (`SchemaKeysTests` fails when a case is missing).
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case service, account_id, account_name, region, project, version, arn, status_before, state_before, decision, reason, outcome
        case rule, rule_line, schedule, timezone, eval_local, client_token, request_id, attempts, error_code, error_message, status_after
        case next_window, window_closed_at, inference_units, price_per_iu_hour, override_line, override_until, override_reason
        case grace_until, keep_until, window_closes, copies_before, copies_after, no_saving_reason, no_start
    }

    /// A decision about a model.
    public init(service: ServiceKind? = nil, region: String, project: String, version: String, status_before: StatusWord,
                state_before: HostingState? = nil, decision: Action, reason: String) {
        self.service = service
        self.region = region
        self.project = project
        self.version = version
        self.status_before = status_before
        self.state_before = state_before
        self.decision = decision
        self.reason = reason
    }

    /// The model to act on.
    public var ref: ModelRef { ModelRef(project: project, version: version, arn: arn) }

    /// How people are shown the account: `prod-eu (210987654321)`, `210987654321`, or nil.
    public var accountLabel: String? { ModelDecision.accountLabel(name: account_name, id: account_id) }

    /// The one way an account is named to people, in text, JSON and the pictures.
    public static func accountLabel(name: String?, id: String?) -> String? {
        switch (name, id) {
        case let (name?, id?) where name != id: return "\(name) (\(id))"
        case let (name?, _): return name
        case let (nil, id?): return id
        case (nil, nil): return nil
        }
    }

    /// `, 2 copies` or `, 2 -> 0 copies` (SageMaker), for text lines; empty for the other services.
    public var copiesText: String {
        guard let before = copies_before else { return "" }
        return ", \(before)\(copies_after.map { " -> \($0)" } ?? "") cop\((copies_after ?? before) == 1 ? "y" : "ies")"
    }

    /// The service, old records included.
    public var serviceKind: ServiceKind { service ?? .default }

    /// Hosted when it was listed (old logs, without `state_before`: by Lookout for Vision's word).
    public var wasHosted: Bool { ModelDecision.wasHosted(state: state_before) { status_before == ModelDecision.legacyHostedStatus } }

    /// The status word that meant "hosted" in logs written before `state_before` (Lookout for
    /// Vision's, the only service then).
    public static let legacyHostedStatus = StatusWord(ModelStatus.hosted)

    /// The one rule every reader of the log applies: the record's `state_before`, else (an old
    /// record) whether its `status_before` is `legacyHostedStatus`.
    public static func wasHosted(state: HostingState?, statusIsLegacyHosted: () -> Bool) -> Bool {
        state.map(\.isHosted) ?? statusIsLegacyHosted()
    }
}

/// A listing that failed: the models behind it could not be decided on.
public struct DiscoveryFailure: Codable, Sendable, Equatable {
    /// The declared account (its name) the listing was for; null for the home account.
    @NullEncoded public var account: String? = nil
    public let service: ServiceKind
    public let region: String
    /// The service's name for the call (`ListModels`).
    public let operation: String
    public let project: String?
    public let error_code: String
    public let error_message: String

    /// A failure.
    public init(account: String? = nil, service: ServiceKind, region: String, operation: String, project: String?, error_code: String,
                error_message: String) {
        self.account = account
        self.service = service
        self.region = region
        self.operation = operation
        self.project = project
        self.error_code = error_code
        self.error_message = error_message
    }

    /// `lookoutvision ListModels eu-west-1/pcb: AccessDeniedException: ...`, after `account prod-eu: ` for a declared account.
    public var summary: String {
        (account.map { "account \($0): " } ?? "") + "\(service) \(operation) \(region)\(project.map { "/\($0)" } ?? ""): \(error_code): \(error_message)"
    }
}

/// One line of the audit log (JSON Lines). Every record answers who, what, when, why, and with
/// what result; `prev` chains it to the record before it (SHA-256 of that line).
public struct AuditRecord: Codable, Sendable, Equatable {
    /// Schema version of the record (1).
    public var v: Int = 1
    /// `run-start`, `decision` or `run-end`.
    public var type: String
    /// The run this record belongs to.
    public var run_id: String
    /// Position within the run, from 0.
    public var seq: Int
    /// When the record was written (UTC, real clock).
    public var time: String
    /// The instant the decisions were made for (`--now`, or the clock at the start of the run).
    public var eval_time: String
    /// True for a `--dry-run` (such runs write no log; kept for completeness of the schema).
    public var dry_run: Bool
    /// lookout-scheduler's version.
    public var tool_version: String
    /// Who ran it: the OS user and host.
    public var actor: String?

    // Decision records.
    public var region: String?
    public var project: String?
    public var version: String?
    public var rule: Int?
    public var rule_line: Int?
    public var schedule: String?
    public var timezone: String?
    /// The evaluation instant in the rule's zone, with its offset.
    public var eval_local: String?
    public var status_before: String?
    /// `stop`, `keep`, `defer`, `none` (nothing to do), `unmanaged`.
    public var decision: String?
    public var reason: String?
    /// `stopped`, `confirmed` (TRAINED seen with --wait), `unconfirmed`, `failed`, `skipped`.
    public var outcome: String?
    public var client_token: String?
    public var request_id: String?
    public var attempts: Int?
    public var error_code: String?
    public var error_message: String?
    public var status_after: String?
    /// When the model's next window opens (UTC), for the savings estimate.
    public var next_window: String?
    public var inference_units: Int?
    /// Price per inference-unit hour in force (from the rule file).
    public var price_per_iu_hour: Double?

    // Run records.
    public var rules_file: String?
    public var regions: [String]?
    public var counts: [String: Int]?
    public var duration_ms: Int?
    public var exit_code: Int?

    /// SHA-256 (hex) of the previous line of the file, or 64 zeros for the first line.
    public var prev: String = ""

    public init(type: String, run_id: String, seq: Int, time: String, eval_time: String, dry_run: Bool, tool_version: String) {
        self.type = type
        self.run_id = run_id
        self.seq = seq
        self.time = time
        self.eval_time = eval_time
        self.dry_run = dry_run
        self.tool_version = tool_version
    }
}

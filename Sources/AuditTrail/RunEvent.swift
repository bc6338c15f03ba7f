import Rendering

/// One line of the audit log (JSON Lines): a header every record shares, then what happened.
/// The line is flat JSON (header and body keys side by side, as since the first version), so old
/// logs read as before; `prev` chains it to the line before it (SHA-256 of that line).
public struct RunEvent: Codable, Sendable, Equatable {
    /// The kind of record, as written in its `type`.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case runStart = "run-start"
        case decision
        case runEnd = "run-end"
        /// A stop or start about to be sent (write-ahead: flushed before the call).
        case intent
        /// What a later run found about an intent whose outcome was never recorded.
        case settle
        /// What became of the run's EventBridge events (after `run-end`; `EventsDelivered`).
        case events
    }

    /// What every record says: who, when, which run.
    public struct Header: Codable, Sendable, Equatable {
        /// Schema version of the record (1).
        public var v: Int = 1
        public var type: Kind
        /// The run this record belongs to.
        public var run_id: String
        /// Position within the run, from 0 (set by the writer).
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
        @NullEncoded public var actor: String? = nil

        /// The header's keys, one per stored property above (the scanner reads some of them).
        public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
            case v, type, run_id, seq, time, eval_time, dry_run, tool_version, actor
        }

        /// A header (the writer sets `type` from the body and numbers `seq`).
        public init(type: Kind = .decision, run_id: String, seq: Int, time: String, eval_time: String, dry_run: Bool,
                    tool_version: String, actor: String? = nil) {
            self.type = type
            self.run_id = run_id
            self.seq = seq
            self.time = time
            self.eval_time = eval_time
            self.dry_run = dry_run
            self.tool_version = tool_version
            self.actor = actor
        }
    }

    /// The first record of a run.
    public struct RunStart: Codable, Sendable, Equatable {
        public var rules_file: String
        public var regions: [String]
        /// The time zone database whose rules the decisions used (`tzdata 2026f from
        /// /usr/share/zoneinfo`); absent in records written before it was recorded.
        public var time_zones: String?

        /// The run start's keys, one per stored property above.
        public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
            case rules_file, regions, time_zones
        }

        public init(rules_file: String, regions: [String], time_zones: String? = nil) {
            self.rules_file = rules_file
            self.regions = regions
            self.time_zones = time_zones
        }
    }

    /// The last record of a run.
    public struct RunEnd: Codable, Sendable, Equatable {
        public var counts: RunCounts
        public var duration_ms: Int
        public var exit_code: Int
        /// The failed listings, when any.
        @NullEncoded public var error_message: String? = nil

        /// The run end's keys, one per stored property above (the scanner reads `counts`).
        public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
            case counts, duration_ms, exit_code, error_message
        }

        public init(counts: RunCounts, duration_ms: Int, exit_code: Int, error_message: String? = nil) {
            self.counts = counts
            self.duration_ms = duration_ms
            self.exit_code = exit_code
            self.error_message = error_message
        }
    }

    /// What the record is about.
    public enum Body: Sendable, Equatable {
        case runStart(RunStart)
        case decision(ModelDecision)
        case runEnd(RunEnd)
        case intent(ActionIntent)
        case settle(IntentSettlement)
        case events(EventsDelivered)

        var kind: Kind {
            switch self {
            case .runStart: return .runStart
            case .decision: return .decision
            case .runEnd: return .runEnd
            case .intent: return .intent
            case .settle: return .settle
            case .events: return .events
            }
        }
    }

    public var header: Header
    public var body: Body
    /// SHA-256 (hex) of the previous line of the file, or 64 zeros for the first line (set by the log).
    public var prev: String = ""

    /// A record; the header's `type` follows the body.
    public init(header: Header, body: Body) {
        var h = header
        h.type = body.kind
        self.header = h
        self.body = body
    }

    /// The decision, for a decision record.
    public var decision: ModelDecision? {
        if case .decision(let d) = body { return d }
        return nil
    }

    /// The intent, for an intent record.
    public var intent: ActionIntent? {
        if case .intent(let i) = body { return i }
        return nil
    }

    /// The settlement, for a settle record.
    public var settlement: IntentSettlement? {
        if case .settle(let s) = body { return s }
        return nil
    }

    /// The envelope's own key: the chain to the line before.
    public enum Keys: String, CodingKey, CaseIterable, Sendable { case prev }

    public init(from decoder: any Decoder) throws {
        header = try Header(from: decoder)
        switch header.type {
        case .runStart: body = .runStart(try RunStart(from: decoder))
        case .decision: body = .decision(try ModelDecision(from: decoder))
        case .runEnd: body = .runEnd(try RunEnd(from: decoder))
        case .intent: body = .intent(try ActionIntent(from: decoder))
        case .settle: body = .settle(try IntentSettlement(from: decoder))
        case .events: body = .events(try EventsDelivered(from: decoder))
        }
        prev = try decoder.container(keyedBy: Keys.self).decode(String.self, forKey: .prev)
    }

    public func encode(to encoder: any Encoder) throws {
        try header.encode(to: encoder)
        switch body {
        case .runStart(let b): try b.encode(to: encoder)
        case .decision(let b): try b.encode(to: encoder)
        case .runEnd(let b): try b.encode(to: encoder)
        case .intent(let b): try b.encode(to: encoder)
        case .settle(let b): try b.encode(to: encoder)
        case .events(let b): try b.encode(to: encoder)
        }
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(prev, forKey: .prev)
    }
}

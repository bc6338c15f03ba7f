import ModelHosting

/// The fields of a record that `AuditSummary` reads: a read-only view of `RunEvent`, decoded
/// alone because decoding the whole record costs twice as much on a large log. Its keys are the
/// record types' own (`RecordKey`), as the byte scanner's are: it has no list of its own.
struct SummaryFields: Decodable {
    let type: RunEvent.Kind
    let run_id: String
    let time: String
    let eval_time: String
    let region: String?
    let project: String?
    let version: String?
    let status_before: String?
    let state_before: HostingState?
    let decision: Action?
    /// `intent` and `settle` records: the action sent.
    let action: Action?
    let outcome: Outcome?
    let error_code: String?
    let next_window: String?
    let window_closes: String?
    let window_closed_at: String?
    let inference_units: Int?
    let price_per_iu_hour: Double?
    /// `run-end` only.
    let counts: [String: Int]?
    /// The service (absent: Lookout for Vision). These three fields are read leniently (other
    /// branches of the log's schema may write them differently): a number reads as its digits,
    /// any other type as absent.
    let service: LenientText?
    /// The account (absent in records written before accounts, and for the home account's name).
    let account_id: LenientText?
    let account_name: LenientText?
    /// `events` records only: the entries not delivered (`EventsDelivered.failed`).
    let failed: Int?

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: RecordKey.self)
        type = try c.decode(RunEvent.Kind.self, forKey: .header(.type))
        run_id = try c.decode(String.self, forKey: .header(.run_id))
        time = try c.decode(String.self, forKey: .header(.time))
        eval_time = try c.decode(String.self, forKey: .header(.eval_time))
        region = try c.decodeIfPresent(String.self, forKey: .decision(.region))
        project = try c.decodeIfPresent(String.self, forKey: .decision(.project))
        version = try c.decodeIfPresent(String.self, forKey: .decision(.version))
        status_before = try c.decodeIfPresent(String.self, forKey: .decision(.status_before))
        state_before = try c.decodeIfPresent(HostingState.self, forKey: .decision(.state_before))
        decision = try c.decodeIfPresent(Action.self, forKey: .decision(.decision))
        action = try c.decodeIfPresent(Action.self, forKey: .intent(.action))
        outcome = try c.decodeIfPresent(Outcome.self, forKey: .decision(.outcome))
        error_code = try c.decodeIfPresent(String.self, forKey: .decision(.error_code))
        next_window = try c.decodeIfPresent(String.self, forKey: .decision(.next_window))
        window_closes = try c.decodeIfPresent(String.self, forKey: .decision(.window_closes))
        window_closed_at = try c.decodeIfPresent(String.self, forKey: .decision(.window_closed_at))
        inference_units = try c.decodeIfPresent(Int.self, forKey: .decision(.inference_units))
        price_per_iu_hour = try c.decodeIfPresent(Double.self, forKey: .decision(.price_per_iu_hour))
        counts = try c.decodeIfPresent([String: Int].self, forKey: .runEnd(.counts))
        service = try c.decodeIfPresent(LenientText.self, forKey: .decision(.service))
        account_id = try c.decodeIfPresent(LenientText.self, forKey: .decision(.account_id))
        account_name = try c.decodeIfPresent(LenientText.self, forKey: .decision(.account_name))
        failed = try c.decodeIfPresent(Int.self, forKey: .events(.failed))
    }
}

/// A string, or a number written as one; any other type reads as absent.
struct LenientText: Decodable {
    let value: String?
    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { value = s } else if let n = try? c.decode(Int.self) { value = String(n) } else { value = nil }
    }
}

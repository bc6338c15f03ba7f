import ModelHosting

/// The fields of a record that `AuditSummary` reads: a read-only view of `RunEvent` with the same
/// keys, decoded alone because decoding the whole record costs twice as much on a large log.
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

    /// The keys the summary reads: the decoder's, and the byte scanner's key table
    /// (`AuditRecordScanner.keys`) made from them, so both read the same fields.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case type, run_id, time, eval_time, region, project, version, status_before, state_before, decision, action, outcome, error_code
        case next_window, window_closes, window_closed_at, inference_units, price_per_iu_hour, counts, service, account_id, account_name, failed
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

import Foundation
import HostingSchedule
import Rendering
import AuditTrail
import SchedulerRun

/// Which records become events, and how: a decision whose action the service accepted or that
/// failed, and the run's `run-end`. `Detail` is the record as the log writes it (the same
/// encoder, empty fields left out), without `client_token` (a token, even an idempotency token,
/// never leaves in an event) and without `prev` (which the sink sets); `Time` is the record's time.
public enum RecordEvents {
    /// The event for `record`, or nil when the record is not told (run-start, keep, intents, ...).
    public static func entry(for record: RunEvent) -> EventEntry? {
        let type: EventDetailType
        var resources: [String] = []
        switch record.body {
        case .decision(let d):
            guard let t = detailType(of: d) else { return nil }
            type = t
            if let arn = d.arn { resources = [arn] }
        case .runEnd:
            type = .runCompleted
        case .runStart, .intent, .settle, .events:
            return nil
        }
        guard let detail = detail(of: record) else { return nil }
        let time = (try? InstantFormat.parseISO8601(record.header.time)) ?? Int(Date().timeIntervalSince1970)
        return EventEntry(detailType: type, detail: detail, resources: resources, time: time, seq: record.header.seq)
    }

    /// The type of a decision's event: accepted stops and starts, and failed or unsent actions.
    public static func detailType(of d: ModelDecision) -> EventDetailType? {
        guard let outcome = d.outcome else { return nil }
        if outcome.isStop { return .modelStopped }
        switch outcome {
        case .started: return .modelStarted
        case .failed, .skipped: return .actionFailed
        default: return nil  // would-stop, would-start: a dry run sends nothing anyway
        }
    }

    /// The record's keys, encoded once by the log's own encoder, less `client_token` and `prev`.
    static func detail(of record: RunEvent) -> String? {
        guard let bytes = try? JSONDocument.compact(DetailRecord(record: record)) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A record as the log encodes it (header and body keys side by side), without `prev` and
/// with no client token: an event's `Detail`.
struct DetailRecord: Encodable {
    let record: RunEvent

    func encode(to encoder: any Encoder) throws {
        try record.header.encode(to: encoder)
        switch record.body {
        case .decision(var d):
            d.client_token = nil
            try d.encode(to: encoder)
        case .runEnd(let e): try e.encode(to: encoder)
        case .runStart(let s): try s.encode(to: encoder)
        case .intent(var i):
            i.client_token = nil
            try i.encode(to: encoder)
        case .settle(var s):
            s.intent.client_token = nil
            try s.encode(to: encoder)
        case .events(let e): try e.encode(to: encoder)
        }
    }
}

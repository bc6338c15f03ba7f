import Foundation
import HostingSchedule
import Rendering

/// Hosted time past window closes: what a run at the window edges would have saved. For each stop
/// whose record says when the model's window closed (`window_closed_at`), the time from that
/// close to the stop's decision instant, when the stop came in the first run after the close.
/// (A model stopped in a later run was seen not hosted, or stopped, by an earlier run after the
/// close: it was started again since, and no timer would have saved that time. A stop in the
/// first run of the log is not counted: the run before it is unknown.)
///
/// Fed one record at a time, in log order, so any reader of the log can drive it.
public struct LatenessTally: Sendable, Equatable {
    /// Stops that came after their window's close.
    public private(set) var lateStops = 0
    /// Seconds hosted past window closes, summed over those stops.
    public private(set) var lateSeconds = 0
    /// What those seconds cost: seconds × inference units × price per inference-unit hour.
    public private(set) var lateCost = 0.0

    /// The decision instant of the run before the current one, and of the current one.
    var previousRun: Int?
    var currentRunId: String?
    var currentRun: Int?

    public init() {}

    /// Hours hosted past window closes, two decimals.
    public var lateHours: Double { JSONDocument.hours(lateSeconds) }

    /// A `run-start` record (every one, whatever the filters: the previous run decides whether a
    /// stop was the first after a close).
    public mutating func runStarted(runId: String, at evalTime: Int) {
        guard currentRunId != runId else { return }
        previousRun = currentRun
        currentRunId = runId
        currentRun = evalTime
    }

    /// A stop (a decision record whose outcome is a stop) that passed the filters.
    public mutating func stopped(at evalTime: Int, windowClosedAt: Int?, inferenceUnits: Int, pricePerUnitHour: Double) {
        // Without the run before this one in the log, there is no telling whether the model was
        // hosted since the close or started again since: not counted.
        guard let closed = windowClosedAt, closed <= evalTime, let previous = previousRun, previous < evalTime else { return }
        // An earlier run after the close (and before this one) already saw the model.
        if previous >= closed { return }
        let late = evalTime - closed
        lateStops += 1
        lateSeconds += late
        lateCost += Double(late) / 3600 * Double(inferenceUnits) * pricePerUnitHour
    }
}

extension LatenessTally {
    /// The fields of a record the tally reads.
    struct Fields: Decodable {
        let type: RunEvent.Kind
        let run_id: String
        let eval_time: String
        let region: String?
        let project: String?
        let version: String?
        let decision: Action?
        let outcome: Outcome?
        let window_closed_at: String?
        let inference_units: Int?
        let price_per_iu_hour: Double?
        let account_id: String?
        let account_name: String?
    }

    /// Reads `path` in one streaming pass, with `audit`'s filters. Only `run-start` records and
    /// records with a `window_closed_at` are decoded.
    public static func read(path: String, filter: AuditSummary.Filter = AuditSummary.Filter()) throws -> LatenessTally {
        var tally = LatenessTally()
        let decoder = JSONDecoder()
        let runStart = Array(#""type":"run-start""#.utf8), closed = Array(#""window_closed_at":"#.utf8)
        try AuditReader.forEachLine(path: path) { line in
            let bytes = Array(line.bytes)[...]
            let isStart = contains(bytes, runStart)
            guard isStart || contains(bytes, closed), let r = try? decoder.decode(Fields.self, from: Data(bytes)),
                  let t = InstantFormat.parseUTC(r.eval_time) else { return }
            if r.type == .runStart {
                tally.runStarted(runId: r.run_id, at: t)
                return
            }
            guard r.type == .decision, let outcome = r.outcome, outcome.isStop, let project = r.project, let action = r.decision else { return }
            if let since = filter.since, t < since { return }
            if let until = filter.until, t >= until { return }
            if let glob = filter.project, !glob.matches(project) { return }
            if let v = filter.version, v != r.version { return }
            if let o = filter.outcome, !o.matches(action, outcome) { return }
            if !filter.matchesAccount(name: r.account_name, id: r.account_id) { return }
            tally.stopped(at: t, windowClosedAt: r.window_closed_at.flatMap(InstantFormat.parseUTC),
                          inferenceUnits: r.inference_units ?? 1, pricePerUnitHour: r.price_per_iu_hour ?? 0)
        }
        return tally
    }

    static func contains(_ line: ArraySlice<UInt8>, _ pattern: [UInt8]) -> Bool {
        guard line.count >= pattern.count, let first = pattern.first else { return false }
        var i = line.startIndex
        let last = line.endIndex - pattern.count
        while i <= last {
            if line[i] == first && line[i..<(i + pattern.count)].elementsEqual(pattern) { return true }
            i += 1
        }
        return false
    }
}

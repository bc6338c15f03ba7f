import Foundation
import HostingSchedule

/// Reads an audit log from its end (`AuditReader.forEachLineBackwards`), in bounded memory: what a run needs to
/// remember of the runs before it (`RunMemory`) is in the last records, not the whole year.
public enum AuditTail {
    /// The memory of the log at `path` for a run deciding at `now`: records are read newest first
    /// until one was written (its `time`, the real clock) more than `horizon` seconds before
    /// `clock`. Records decided later than `now` (a run with `--now` in the past) are skipped. A
    /// missing log is no memory.
    public static func memory(path: String, now: Int, clock: Int, horizon: Int) throws -> RunMemory {
        let decoder = JSONDecoder()
        var records: [(evalTime: Int, decision: ModelDecision?)] = []
        try AuditReader.forEachLineBackwards(path: path) { line in
            guard let event = try? decoder.decode(RunEvent.self, from: Data(line)),
                  let t = InstantFormat.parseUTC(event.header.eval_time) else { return true }  // torn or foreign: skip
            let written = InstantFormat.parseUTC(event.header.time) ?? clock
            guard written >= clock - horizon else { return false }
            if t <= now { records.append((t, event.decision)) }
            return true
        }
        return RunMemory.reading(newestFirst: records)
    }

    /// The stops and starts of earlier runs whose outcome the log does not hold
    /// (`UnsettledIntent.reading`): records are read newest first back to the newest `run-end`, and
    /// at most `lookback` lines. A missing log has none.
    public static func unsettledIntents(path: String, lookback: Int = 1_000_000) throws -> [UnsettledIntent] {
        let decoder = JSONDecoder()
        var records: [RunEvent] = []
        var lines = 0
        try AuditReader.forEachLineBackwards(path: path) { line in
            lines += 1
            guard let event = try? decoder.decode(RunEvent.self, from: Data(line)) else { return lines < lookback }  // torn or foreign
            // Only what the pairing needs is kept: the run's end stops the reading.
            switch event.header.type {
            case .runEnd:
                records.append(event)
                return false
            case .decision, .intent, .settle:
                records.append(event)
            case .runStart, .events:
                break
            }
            return lines < lookback
        }
        return UnsettledIntent.reading(newestFirst: records)
    }
}

import Foundation
import HostingSchedule

/// Reads an audit log from its end, a line at a time, in bounded memory: what a run needs to
/// remember of the runs before it (`RunMemory`) is in the last records, not the whole year.
public enum AuditTail {
    /// The memory of the log at `path` for a run deciding at `now`: records are read newest first
    /// until one was written (its `time`, the real clock) more than `horizon` seconds before
    /// `clock`. Records decided later than `now` (a run with `--now` in the past) are skipped. A
    /// missing log is no memory.
    public static func memory(path: String, now: Int, clock: Int, horizon: Int) throws -> RunMemory {
        let decoder = JSONDecoder()
        var records: [(evalTime: Int, decision: ModelDecision?)] = []
        try forEachLineBackwards(path: path) { line in
            guard let event = try? decoder.decode(RunEvent.self, from: Data(line)),
                  let t = InstantFormat.parseUTC(event.header.eval_time) else { return true }  // torn or foreign: skip
            let written = InstantFormat.parseUTC(event.header.time) ?? clock
            guard written >= clock - horizon else { return false }
            if t <= now { records.append((t, event.decision)) }
            return true
        }
        return RunMemory.reading(newestFirst: records)
    }

    /// Calls `body` with each line, last first (no newline), until it answers false. Lines longer
    /// than 1 MiB are skipped (no record is that long: such a line is damage).
    public static func forEachLineBackwards(path: String, _ body: ([UInt8]) throws -> Bool) throws {
        guard let h = FileHandle(forReadingAtPath: path) else { return }
        defer { try? h.close() }
        var end = try h.seekToEnd()
        var carry: [UInt8] = []  // the start of a line whose beginning is in an earlier chunk
        let chunk: UInt64 = 1 << 16
        let longest = 1 << 20
        while end > 0 {
            let start = end > chunk ? end - chunk : 0
            try h.seek(toOffset: start)
            var data = [UInt8](try h.read(upToCount: Int(end - start)) ?? Data())
            data.append(contentsOf: carry)
            var lineEnd = data.count
            var i = data.count - 1
            while i >= 0 {
                if data[i] == 0x0A {
                    if i + 1 < lineEnd, lineEnd - i - 1 <= longest, try !body(Array(data[(i + 1)..<lineEnd])) { return }
                    lineEnd = i
                }
                i -= 1
            }
            carry = lineEnd <= longest ? Array(data[0..<lineEnd]) : []
            end = start
        }
        if !carry.isEmpty { _ = try body(carry) }
    }
}

import AWSCore
import FileSafety
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

    /// The stops and starts of earlier runs whose outcome the log does not hold
    /// (`UnsettledIntent.reading`): records are read newest first back to the newest `run-end`, and
    /// at most `lookback` lines. A missing log has none.
    public static func unsettledIntents(path: String, lookback: Int = 1_000_000) throws -> [UnsettledIntent] {
        let decoder = JSONDecoder()
        var records: [RunEvent] = []
        var lines = 0
        try forEachLineBackwards(path: path) { line in
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

    /// Calls `body` with each line, last first (no newline), until it answers false. Lines longer
    /// than 1 MiB are skipped (no record is that long: such a line is damage). The log must be a
    /// regular file (a FIFO or device is refused, never waited on); an absent log has no lines.
    public static func forEachLineBackwards(path: String, _ body: ([UInt8]) throws -> Bool) throws {
        guard access(path, F_OK) == 0 else { return }
        let (fd, size): (Int32, Int)
        do {
            (fd, size) = try SafeFile.openForReading(path, what: "the audit log")
        } catch {
            throw AuditLogError(error.description)
        }
        defer { close(fd) }
        let chunk = 1 << 16, longest = 1 << 20
        var end = size
        var carry: [UInt8] = []  // the start of a line whose beginning is in an earlier chunk
        var skipping = false     // inside a line already longer than `longest`
        var buffer = [UInt8](repeating: 0, count: chunk)
        while end > 0 {
            let start = max(0, end - chunk)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, end - start, off_t(start)) }
            guard n == end - start else { throw AuditLogError("cannot read the audit log \(path): \(String(cString: strerror(errno)))") }
            var lineEnd = n  // in `buffer`; the part after it is `carry`
            var i = n - 1
            while i >= 0 {
                if buffer[i] == 0x0A {
                    if !skipping {
                        let line = Array(buffer[(i + 1)..<lineEnd]) + carry
                        if !line.isEmpty, try !body(line) { return }
                    }
                    carry = []
                    skipping = false
                    lineEnd = i
                }
                i -= 1
            }
            if !skipping {
                carry = Array(buffer[0..<lineEnd]) + carry
                if carry.count > longest { carry = []; skipping = true }
            }
            end = start
        }
        if !carry.isEmpty && !skipping { _ = try body(carry) }
    }
}

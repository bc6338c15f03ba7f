import Foundation
import SigV4

/// Reads an audit log line by line in constant memory (64 KiB chunks), whatever its length.
public enum AuditReader {
    /// Calls `body` with each line's number (from 1), bytes (no newline), and whether the line was
    /// complete (false only for a last line with no newline: a torn write).
    public static func forEachLine(path: String, _ body: (Int, ArraySlice<UInt8>, Bool) throws -> Void) throws {
        guard let h = FileHandle(forReadingAtPath: path) else { throw AuditLogError("cannot open the audit log \(path)") }
        defer { try? h.close() }
        var pending: [UInt8] = []
        var number = 0
        while true {
            let chunk = h.readData(ofLength: 1 << 16)
            if chunk.isEmpty { break }
            var start = pending.count
            pending.append(contentsOf: chunk)
            var lineStart = 0
            while let nl = pending[start...].firstIndex(of: 0x0A) {
                number += 1
                try body(number, pending[lineStart..<nl], true)
                lineStart = nl + 1
                start = lineStart
            }
            pending.removeFirst(lineStart)
        }
        if !pending.isEmpty {
            number += 1
            try body(number, pending[...], false)
        }
    }

    /// The result of checking the hash chain.
    public struct Verification: Sendable {
        /// Lines read.
        public var lines = 0
        /// Records whose link checked out.
        public var records = 0
        /// The first broken record: line number and what is wrong.
        public var firstBroken: (line: Int, reason: String)?
        /// Lines that are not records (torn writes from a crash); reported, not fatal when the chain holds.
        public var tornLines: [Int] = []
        /// True when the first record links to an earlier file (the log was rotated).
        public var startsMidChain = false
        public var ok: Bool { firstBroken == nil }
    }

    /// Checks that every record's `prev` is the SHA-256 of the line before it, so that an edit,
    /// insertion or deletion anywhere (but before the first line) is detected.
    public static func verify(path: String) throws -> Verification {
        var v = Verification()
        var previous: String?
        let decoder = JSONDecoder()
        try forEachLine(path: path) { number, bytes, complete in
            v.lines = number
            let hash = Digest.hex(Digest.sha256(bytes))
            defer { previous = hash }
            guard v.firstBroken == nil else { return }
            guard let record = try? decoder.decode(AuditRecord.self, from: Data(bytes)) else {
                v.tornLines.append(number)
                if !complete { return }
                // A line that is not a record is tolerated only as a torn write: the next record must link to it.
                return
            }
            if let previous {
                if record.prev != previous {
                    v.firstBroken = (number, "record \(number) does not link to line \(number - 1): an earlier line was edited, inserted or deleted (or this one was)")
                    return
                }
            } else if record.prev != AuditLog.genesis {
                v.startsMidChain = true
            }
            v.records += 1
        }
        return v
    }
}

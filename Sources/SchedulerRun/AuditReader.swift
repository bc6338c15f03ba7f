import Foundation
import Hashing

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
    /// insertion or deletion anywhere (but before the first line) is detected. A line that is not
    /// a record (a JSON object with a 64-hex `prev`) is a torn write: reported, and tolerated when
    /// the next record links to it.
    public static func verify(path: String) throws -> Verification {
        var v = Verification()
        var previous: String?
        try forEachLine(path: path) { number, bytes, _ in
            v.lines = number
            let hash = Digest.hex(Digest.sha256(bytes))
            defer { previous = hash }
            guard v.firstBroken == nil else { return }
            guard let prev = prevField(bytes) else {
                v.tornLines.append(number)
                return
            }
            if let previous {
                if prev != previous {
                    v.firstBroken = (number, "record \(number) does not link to line \(number - 1): an earlier line was edited, inserted or deleted (or this one was)")
                    return
                }
            } else if prev != AuditLog.genesis {
                v.startsMidChain = true
            }
            v.records += 1
        }
        return v
    }

    /// The `prev` value of a record line, or nil when the line is not a whole record. Inside a JSON
    /// string a quote is always escaped, so `"prev":"` can only be the key.
    static func prevField(_ line: ArraySlice<UInt8>) -> String? {
        guard line.first == UInt8(ascii: "{"), line.last == UInt8(ascii: "}") else { return nil }
        let key = Array(#""prev":""#.utf8)
        var i = line.startIndex
        while i + key.count + 64 < line.endIndex {
            if line[i] == key[0] && line[i..<(i + key.count)].elementsEqual(key) {
                let start = i + key.count
                let value = line[start..<(start + 64)]
                guard line[start + 64] == UInt8(ascii: "\""),
                      value.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
                return String(decoding: value, as: UTF8.self)
            }
            i += 1
        }
        return nil
    }
}

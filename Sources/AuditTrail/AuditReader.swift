import AWSCore
import FileSafety
import Foundation
import Hashing
#if canImport(Glibc)
import Glibc
#endif

/// Reads an audit log line by line in constant memory (1 MiB reads, lines capped at
/// `maximumLineLength`), whatever its length, and whatever a power loss left in it.
public enum AuditReader {
    /// How a line ended.
    public enum LineKind: Sendable, Equatable {
        /// Ended by a newline.
        case whole
        /// The last line, with no newline: a torn write.
        case torn
        /// Longer than `maximumLineLength` (a run of NUL bytes a power loss left, or junk): not
        /// a record, and only its hash (when asked for) is known; its bytes are not kept.
        case overlong
    }

    /// One line of the log.
    public struct Line {
        /// From 1.
        public let number: Int
        /// The bytes (no newline); empty for an over-long line. Valid only during the callback.
        public let bytes: UnsafeRawBufferPointer
        public let kind: LineKind
        /// The file offset just past this line (and its newline).
        public let end: Int
        /// SHA-256 of an over-long line, computed as it streamed by (when asked for).
        public let overlongDigest: [UInt8]?

        /// SHA-256 of the line's bytes.
        public var digest: [UInt8] { overlongDigest ?? Digest.sha256(bytes: bytes) }
    }

    /// Records are a few hundred bytes, and this tool caps what it writes in one well below this;
    /// a longer line is never a record, and is never held in memory.
    public static let maximumLineLength = 1 << 20
    static let readSize = 1 << 20

    /// Calls `body` with each line of the log at `path`. The log must be a regular file (a FIFO
    /// or device is refused, never waited on).
    public static func forEachLine(path: String, hashOverlong: Bool = false, _ body: (Line) throws -> Void) throws {
        let fd: Int32
        do {
            fd = try SafeFile.openForReading(path, what: "the audit log").fd
        } catch {
            throw AuditLogError(error.description)
        }
        defer { close(fd) }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)  // one pass from the start: read ahead further
        try forEachLine(fd: fd, from: 0, firstNumber: 1, hashOverlong: hashOverlong, body)
    }

    /// Calls `body` with each line of `fd` from `offset` on (numbered from `firstNumber`).
    static func forEachLine(fd: Int32, from offset: Int, firstNumber: Int, hashOverlong: Bool, _ body: (Line) throws -> Void) throws {
        let capacity = readSize + maximumLineLength
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0          // bytes in the buffer
        var fileOffset = offset // file offset of buffer[0]
        var number = firstNumber - 1
        var overlong: Digest.SHA256Stream?  // set while inside an over-long line
        var overlongActive = false
        while true {
            let n = pread(fd, buffer + filled, capacity - filled, off_t(fileOffset + filled))
            if n < 0 {
                if errno == EINTR { continue }
                throw AuditLogError("cannot read the audit log: \(String(cString: strerror(errno)))")
            }
            if n == 0 {
                // End of file: what is left is a torn last line.
                if overlongActive {
                    number += 1
                    overlong?.update(UnsafeRawBufferPointer(start: buffer, count: filled))
                    try body(Line(number: number, bytes: UnsafeRawBufferPointer(start: nil, count: 0), kind: .overlong,
                                  end: fileOffset + filled, overlongDigest: overlong?.finish()))
                } else if filled > 0 {
                    number += 1
                    try body(Line(number: number, bytes: UnsafeRawBufferPointer(start: buffer, count: filled), kind: .torn,
                                  end: fileOffset + filled, overlongDigest: nil))
                }
                return
            }
            let scanFrom = filled
            filled += n
            var lineStart = 0
            var position = scanFrom
            while position < filled, let hit = memchr(buffer + position, 0x0A, filled - position) {
                let nl = buffer.distance(to: hit)
                number += 1
                if overlongActive {
                    overlong?.update(UnsafeRawBufferPointer(start: buffer, count: nl))
                    try body(Line(number: number, bytes: UnsafeRawBufferPointer(start: nil, count: 0), kind: .overlong,
                                  end: fileOffset + nl + 1, overlongDigest: overlong?.finish()))
                    overlongActive = false
                    overlong = nil
                } else if nl - lineStart > maximumLineLength {
                    try body(Line(number: number, bytes: UnsafeRawBufferPointer(start: nil, count: 0), kind: .overlong,
                                  end: fileOffset + nl + 1,
                                  overlongDigest: hashOverlong ? Digest.sha256(bytes: UnsafeRawBufferPointer(start: buffer + lineStart, count: nl - lineStart)) : nil))
                } else {
                    try body(Line(number: number, bytes: UnsafeRawBufferPointer(start: buffer + lineStart, count: nl - lineStart),
                                  kind: .whole, end: fileOffset + nl + 1, overlongDigest: nil))
                }
                lineStart = nl + 1
                position = lineStart
            }
            let remaining = filled - lineStart
            if overlongActive || remaining > maximumLineLength {
                // Too long to be a record: hash it as it goes by (if asked), keep none of it.
                if !overlongActive {
                    overlongActive = true
                    overlong = hashOverlong ? Digest.SHA256Stream() : nil
                }
                overlong?.update(UnsafeRawBufferPointer(start: buffer + lineStart, count: remaining))
                fileOffset += filled
                filled = 0
            } else {
                if lineStart > 0 && remaining > 0 { memmove(buffer, buffer + lineStart, remaining) }
                fileOffset += lineStart
                filled = remaining
            }
        }
    }

    /// The result of checking the hash chain, and the log against its anchor.
    public struct Verification: Sendable {
        /// Lines read.
        public var lines = 0
        /// Records whose link checked out.
        public var records = 0
        /// Lines that are records (a JSON object with a 64-hex `prev`), linked or not.
        public var recordLines = 0
        /// The first broken record: line number and what is wrong.
        public var firstBroken: (line: Int, reason: String)?
        /// Lines that are not records (torn writes from a crash); reported, not fatal when the chain holds.
        public var tornLines: [Int] = []
        /// True when the first record links to an earlier file (the log was rotated).
        public var startsMidChain = false
        /// The anchor checked against, if any.
        public var anchor: AuditAnchor?
        /// What the anchor says is wrong with the log (records cut off, edited, deleted).
        public var anchorProblem: String?
        /// Records after the anchored one: written by a run that did not finish, or added since.
        public var recordsAfterAnchor = 0
        /// True when no line is a record: a log with no valid record proves nothing.
        public var empty: Bool { recordLines == 0 }
        /// The chain holds, the log has a record, and it matches its anchor (when one was given).
        public var ok: Bool { firstBroken == nil && anchorProblem == nil && !empty }
        /// What is wrong, in one sentence (nil when `ok`).
        public var problem: String? {
            if let firstBroken { return firstBroken.reason }
            if let anchorProblem { return anchorProblem }
            if empty { return "the log holds no valid record" }
            return nil
        }
    }

    /// Checks that every record's `prev` is the SHA-256 of the line before it, so that an edit,
    /// insertion or deletion anywhere (but before the first line) is detected; and, with an
    /// `anchor` (kept outside the file by each run), that the log still holds the anchored record
    /// at the anchored place: records deleted (even with the chain recomputed), the last record
    /// edited, or the tail cut off are detected. A line that is not a record is a torn write:
    /// reported, and tolerated when the next record links to it.
    ///
    /// `each` sees every line of the same pass (the audit page tallies the log while its chain is
    /// checked: one read of the file).
    public static func verify(path: String, anchor: AuditAnchor? = nil, each: (Line) throws -> Void = { _ in }) throws -> Verification {
        var v = Verification()
        v.anchor = anchor
        var previous: Digest.SHA256Value?
        var anchorSeen = anchor?.bytes == 0
        var size = 0
        try forEachLine(path: path, hashOverlong: true) { line in
            try each(line)
            v.lines = line.number
            size = line.end
            // One SHA-256 per line, held inline (no allocation per line).
            let digest = line.overlongDigest.map(Digest.SHA256Value.init) ?? Digest.sha256Value(bytes: line.bytes)
            defer { previous = digest }
            let prev = line.kind == .overlong ? nil : prevOffset(line.bytes)
            if prev != nil { v.recordLines += 1 }
            if let anchor, !anchorSeen, line.end == anchor.bytes {
                anchorSeen = true
                if Digest.hex(digest.bytes) != anchor.head {
                    v.anchorProblem = v.anchorProblem ?? "line \(line.number) is not the record the anchor holds (the last anchored record was edited or replaced)"
                } else if v.recordLines != anchor.records {
                    v.anchorProblem = v.anchorProblem ?? "the anchored record is record \(v.recordLines), the anchor says \(anchor.records): records before it were deleted or inserted (and the chain recomputed)"
                }
            } else if let anchor, anchorSeen, prev != nil, line.end > anchor.bytes {
                v.recordsAfterAnchor += 1
            }
            guard v.firstBroken == nil else { return }
            guard let prev else {
                v.tornLines.append(line.number)
                return
            }
            let hex = UnsafeRawBufferPointer(rebasing: line.bytes[prev..<(prev + 64)])
            if let previous {
                if !previous.matchesHex(hex.baseAddress!) {
                    v.firstBroken = (line.number, "record \(line.number) does not link to line \(line.number - 1): an earlier line was edited, inserted or deleted (or this one was)")
                    return
                }
            } else {
                if !hex.allSatisfy({ $0 == UInt8(ascii: "0") }) { v.startsMidChain = true }
                // An anchor of an empty log names the head the log's first record links to.
                if let anchor, anchor.bytes == 0, anchor.contradiction == nil, String(decoding: hex, as: UTF8.self) != anchor.head {
                    v.anchorProblem = v.anchorProblem ?? "the anchor names the head \(anchor.head.prefix(12))... of an empty log, but the first record links to \(String(decoding: hex.prefix(12), as: UTF8.self))...: the log is not the one anchored"
                }
            }
            v.records += 1
        }
        if let anchor {
            if let contradiction = anchor.contradiction {
                v.anchorProblem = contradiction
            } else if let carried = anchor.problem {
                v.anchorProblem = v.anchorProblem ?? "an earlier run found the log did not match its anchor: \(carried)"
            } else if !anchorSeen {
                v.anchorProblem = size < anchor.bytes
                    ? "the log is \(size) bytes, its anchor says \(anchor.bytes) (\(anchor.records) records): records were cut off the end"
                    : "no line ends where the anchored record did (byte \(anchor.bytes)): the log was edited before its last anchored record"
            }
        }
        return v
    }

    /// The `prev` value of a record line (64 lower-case hex digits), or nil when the line is not a
    /// whole record. Inside a JSON string a quote is always escaped, so `"prev":"` can only be the key.
    static func prevField(_ line: UnsafeRawBufferPointer) -> [UInt8]? {
        prevOffset(line).map { Array(UnsafeRawBufferPointer(rebasing: line[$0..<($0 + 64)])) }
    }

    /// Where the 64 hex digits of a record line's `prev` begin (`prevField` without the copy): the
    /// first `"prev":"` that 64 digits and a quote can follow. Found by its `v` (`memchr`, a rare
    /// byte in a record, where quotes come every few bytes), then the 8 bytes around it in one load.
    static func prevOffset(_ line: UnsafeRawBufferPointer) -> Int? {
        guard line.count > 75, line.first == UInt8(ascii: "{"), line.last == UInt8(ascii: "}") else { return nil }
        let base = line.baseAddress!
        // The key may begin no later than 73 bytes before the end: its 64 digits, their quote and `}` follow.
        let lastKeyStart = line.count - 73
        var v = 4  // the key's `v` is its fifth byte
        while v - 4 <= lastKeyStart, let hit = memchr(base + v, 0x76, lastKeyStart + 4 - v + 1) {
            v = base.distance(to: UnsafeRawPointer(hit))
            if base.loadUnaligned(fromByteOffset: v - 4, as: UInt64.self) == AuditReader.prevKeyWord {
                let start = v + 4
                guard line[start + 64] == UInt8(ascii: "\""), isLowerHex(UnsafeRawBufferPointer(rebasing: line[start..<(start + 64)])) else { return nil }
                return start
            }
            v += 1
        }
        return nil
    }

    /// Whether every byte is a lower-case hex digit.
    static func isLowerHex(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for b in bytes where !((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66)) { return false }
        return true
    }

    /// `"prev":"` as one little- or big-endian word, as a load from the line gives it.
    static let prevKeyWord = prevKey.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }

    static let prevKey = Array(#""prev":""#.utf8)
}

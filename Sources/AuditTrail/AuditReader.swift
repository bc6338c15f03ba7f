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
        let fd = try open(path).fd
        defer { close(fd) }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)  // one pass from the start: read ahead further
        try forEachLine(fd: fd, from: 0, firstNumber: 1, hashOverlong: hashOverlong, body)
    }

    /// Calls `body` with each line of `fd` from `offset` on (numbered from `firstNumber`), up to
    /// offset `limit` (the end of the file by default; what is left before it is a torn line).
    static func forEachLine(fd: Int32, from offset: Int, upTo limit: Int = .max, firstNumber: Int, hashOverlong: Bool,
                            _ body: (Line) throws -> Void) throws {
        let capacity = readSize + maximumLineLength
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0          // bytes in the buffer
        var fileOffset = offset // file offset of buffer[0]
        var number = firstNumber - 1
        var overlong: Digest.SHA256Stream?  // set while inside an over-long line
        var overlongActive = false
        while true {
            let wanted = min(capacity - filled, limit - (fileOffset + filled))
            let n = wanted > 0 ? pread(fd, buffer + filled, wanted, off_t(fileOffset + filled)) : 0
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

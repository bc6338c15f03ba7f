import FileSafety
import Hashing
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension AuditReader {
    /// Going backwards, lines are read this many bytes at a time: what a run remembers of the runs
    /// before it is in the last few records, not the whole file.
    static let backwardReadSize = 1 << 16

    /// Calls `body` with each line of the log at `path`, last first (no newline; empty lines are
    /// skipped), until it answers false. Lines longer than `maximumLineLength` are skipped (no
    /// record is that long: such a line is damage). The log must be a regular file (a FIFO or
    /// device is refused, never waited on); an absent log has no lines.
    public static func forEachLineBackwards(path: String, _ body: ([UInt8]) throws -> Bool) throws {
        guard access(path, F_OK) == 0 else { return }
        let (fd, size) = try open(path)
        defer { close(fd) }
        try forEachLineBackwards(fd: fd, endingAt: size, path: path) { bytes, _ in
            guard let bytes, !bytes.isEmpty else { return true }
            return try body(bytes)
        }
    }

    /// Calls `body` with each line of `fd` before offset `end`, last first: its bytes (no newline;
    /// nil when longer than `maximumLineLength`) and the offset it starts at, until it answers
    /// false. The bytes just before `end` are the last line (empty when they are a newline). Reads
    /// `backwardReadSize` bytes at a time and holds at most one line (`path` names the file in errors).
    static func forEachLineBackwards(fd: Int32, endingAt end: Int, path: String,
                                     _ body: (_ bytes: [UInt8]?, _ start: Int) throws -> Bool) throws {
        var end = end
        var carry: [UInt8] = []  // the start of a line whose beginning is in an earlier chunk
        var skipping = false     // inside a line already longer than `maximumLineLength`
        var buffer = [UInt8](repeating: 0, count: backwardReadSize)
        while end > 0 {
            let start = max(0, end - backwardReadSize)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, end - start, off_t(start)) }
            guard n == end - start else { throw AuditLogError("cannot read the audit log \(path): \(String(cString: strerror(errno)))") }
            var lineEnd = n  // in `buffer`; the part after it is `carry`
            var i = n - 1
            while i >= 0 {
                if buffer[i] == 0x0A {
                    if try !body(skipping ? nil : Array(buffer[(i + 1)..<lineEnd]) + carry, start + i + 1) { return }
                    carry = []
                    skipping = false
                    lineEnd = i
                }
                i -= 1
            }
            if !skipping {
                carry = Array(buffer[0..<lineEnd]) + carry
                if carry.count > maximumLineLength { carry = []; skipping = true }
            }
            end = start
        }
        _ = try body(skipping ? nil : carry, 0)
    }

    /// SHA-256 of the line of `fd` that ends at `end` (the offset just past its newline, or the end
    /// of a torn line): found going backwards, and, when too long to hold, hashed as it streams by
    /// going forwards. Nil when it cannot be read.
    static func lineDigest(fd: Int32, endingAt end: Int, path: String) -> [UInt8]? {
        guard end > 0 else { return nil }
        var last: UInt8 = 0
        let stop = pread(fd, &last, 1, off_t(end - 1)) == 1 && last == 0x0A ? end - 1 : end
        var found: (bytes: [UInt8]?, start: Int)?
        do {
            try forEachLineBackwards(fd: fd, endingAt: stop, path: path) { bytes, start in
                found = (bytes, start)
                return false
            }
        } catch {
            return nil
        }
        guard let found else { return nil }
        if let bytes = found.bytes { return Digest.sha256(bytes) }
        var digest: [UInt8]?
        try? forEachLine(fd: fd, from: found.start, upTo: stop, firstNumber: 1, hashOverlong: true) { digest = $0.digest }
        return digest
    }

    /// Opens the log at `path` for reading, through `SafeFile` (a regular file only, never waited on).
    static func open(_ path: String) throws -> (fd: Int32, size: Int) {
        do {
            return try SafeFile.openForReading(path, what: "the audit log")
        } catch {
            throw AuditLogError(error.description)
        }
    }
}

import AWSCore
import FileSafety
import Foundation
import LockedValue
import Hashing
import HostingSchedule
import Rendering
#if canImport(Glibc)
import Glibc
#endif

/// Where audit records go. The real one is `AuditLog` (a file); tests may keep records in memory.
public protocol AuditSink: AnyObject, Sendable {
    /// Appends one record (its `prev` is filled in by the sink).
    func append(_ record: RunEvent) throws
    /// Makes everything appended so far durable.
    func sync() throws
    /// Makes the records appended so far durable, without the file's times (`fdatasync`): the
    /// write-ahead flush before a wave of calls.
    func syncData() throws
}

extension AuditSink {
    public func syncData() throws { try sync() }
}

/// Why the audit log could not be written or read.
public struct AuditLogError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The append-only audit log: JSON Lines, one `write` per record, owner-only permissions,
/// a SHA-256 hash chain, `fsync` before a run reports success, and an anchor outside the file
/// (`AuditAnchor`) written when the run is over.
public final class AuditLog: AuditSink, Sendable {
    /// The file.
    public let path: String
    /// Its anchor.
    public let anchorPath: String
    private let fd: Int32
    /// What appending changes: held while a record is written, so records never interleave.
    private struct Chain: Sendable {
        var previousHash: String
        var records: Int
        var end: Int
        /// Why a write failed: the line may be torn, so nothing more is appended (the next run ends
        /// the torn line and goes on).
        var writeFailure: String?
    }
    private let chain: LockedValueBox<Chain>
    private let anchorProblem: String?
    /// Set when the file ended in a torn line (a crash mid-write); the line is left as it is.
    public let tornTailFound: Bool
    /// Things the run should tell: a torn tail, a log that does not match its anchor, a log that had none.
    public let notes: [String]

    static let genesis = String(repeating: "0", count: 64)

    /// Opens (creating with mode 0600, and its directory with 0700) for appending. The log must
    /// be a regular file that only its owner may write, reached without a symbolic link; its
    /// anchor, when there is one, is read and checked against it.
    public init(path: String, anchorPath: String? = nil) throws {
        self.path = path
        self.anchorPath = anchorPath ?? AuditAnchor.path(forLog: path)
        try AuditLog.makeDirectory(for: path)
        let fd: Int32
        do {
            fd = try SafeFile.open(path, what: "the audit log", flags: O_RDWR | O_APPEND, create: true, ownerOnly: true)
        } catch {
            throw AuditLogError(error.description)
        }
        self.fd = fd
        var st = stat()
        fstat(fd, &st)
        let size = Int(st.st_size)
        let anchor: AuditAnchor?
        do {
            anchor = try AuditAnchor.read(path: self.anchorPath)
        } catch {
            close(fd)
            throw AuditLogError(error.description)
        }
        let last = size > 0 ? AuditReader.lineDigest(fd: fd, endingAt: size, path: path) : nil
        // A new file after rotation links to the last record of the file before (the anchor's
        // head), so the chain runs on across files.
        let previousHash = last.map(Digest.hex) ?? anchor.map(\.head) ?? AuditLog.genesis
        var end = size
        var records = 0
        var anchorProblem: String?
        var notes: [String] = []
        var tornTailFound = false
        if size > 0 {
            if let anchor, anchor.problem == nil, anchor.contradiction == nil, anchor.bytes <= size,
               anchor.bytes == 0 || AuditReader.lineDigest(fd: fd, endingAt: anchor.bytes, path: path).map(Digest.hex) == anchor.head {
                // The anchored log, and perhaps records of a run that did not finish after it.
                records = anchor.records + ((try? AuditLog.countRecords(fd: fd, from: anchor.bytes)) ?? 0)
            } else if let anchor {
                // Changed since it was anchored: keep the anchor's count and say so, run after run.
                records = anchor.records
                anchorProblem = anchor.problem ?? "at \(InstantFormat.utc(Int(Date().timeIntervalSince1970))) the log did not hold the record anchored at \(anchor.time) (\(anchor.records) records, \(anchor.bytes) bytes)"
                notes.append("the audit log \(path) does not match its anchor \(self.anchorPath): \(anchorProblem ?? ""); 'audit --verify' reports it until the anchor is removed")
            } else {
                records = (try? AuditLog.countRecords(fd: fd, from: 0)) ?? 0
                // Not one record and no anchor: a file of the user's, not a log; never appended to.
                // (Unless it is one torn line that opens a JSON object, with no newline anywhere:
                // what a crash in the first record's write leaves.)
                guard records > 0 || AuditLog.isTornFirstRecord(fd: fd, size: size) else {
                    close(fd)
                    throw AuditLogError("the audit log \(path) holds \(size) bytes but no audit record, and has no anchor: it is not a lookout-scheduler audit log; refusing to write to it (give --log a new path)")
                }
                notes.append("the audit log \(path) had no anchor; anchored as found (\(records) records)")
            }
        }
        if size > 0 && AuditLog.byte(fd: fd, at: size - 1) != 0x0A {
            tornTailFound = true
            notes.append("the audit log \(path) ended in a torn line (an earlier run was interrupted mid-write); it is kept and reported by 'audit --verify'")
            // End the torn line so the next record starts on a line of its own; readers report it.
            if "\n".withCString({ write(fd, $0, 1) }) == 1 { end += 1 }
        }
        self.anchorProblem = anchorProblem
        self.notes = notes
        self.tornTailFound = tornTailFound
        chain = LockedValueBox(Chain(previousHash: previousHash, records: records, end: end))
        // Anchor the log as found before this run adds to it: a run killed before its end
        // leaves records after the anchor (reported, not fatal), never a log with no anchor.
        do { try self.anchor.write(to: self.anchorPath) } catch { throw AuditLogError(error.description) }
    }

    deinit { close(fd) }

    /// Creates the log's directory (mode 0700) when it does not exist yet.
    public static func makeDirectory(for path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        guard !dir.isEmpty && !FileManager.default.fileExists(atPath: dir) else { return }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw AuditLogError("cannot create the log directory \(dir): \(error.localizedDescription)")
        }
    }

    public func append(_ record: RunEvent) throws {
        try chain.withLockedValue { chain in
            if let writeFailure = chain.writeFailure { throw AuditLogError(writeFailure) }
            var r = record
            r.prev = chain.previousHash
            var line = try JSONDocument.compact(r)
            guard line.count < AuditReader.maximumLineLength else {
                throw AuditLogError("a record of \(line.count) bytes is longer than a log line may be")
            }
            let hash = Digest.hex(Digest.sha256(line))
            line.append(0x0A)
            // One write per record: with O_APPEND a record is never interleaved with another (and
            // the lock keeps other runs out). A short write (a disk filling up) is followed by one
            // for the rest, so that the error the system gives is the one reported.
            var written = 0
            while written < line.count {
                let n = line.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    let reason = n < 0 ? String(cString: strerror(errno)) : "nothing written"
                    let failure = "cannot write to the audit log \(path): \(reason)" + (written > 0 ? " (a torn line of \(written) bytes is left; the next run ends it)" : "")
                    chain.writeFailure = failure
                    chain.end += written
                    throw AuditLogError(failure)
                }
                written += n
            }
            chain.previousHash = hash
            chain.records += 1
            chain.end += line.count
        }
    }

    public func sync() throws {
        guard fsync(fd) == 0 else { throw AuditLogError("cannot flush the audit log \(path) to disk: \(String(cString: strerror(errno)))") }
    }

    public func syncData() throws {
        guard fdatasync(fd) == 0 else { throw AuditLogError("cannot flush the audit log \(path) to disk: \(String(cString: strerror(errno)))") }
    }

    /// The anchor of the log as written so far.
    public var anchor: AuditAnchor {
        chain.withLockedValue { chain in
            AuditAnchor(records: chain.records, head: chain.previousHash, bytes: chain.end, time: InstantFormat.utc(Int(Date().timeIntervalSince1970)),
                        problem: anchorProblem)
        }
    }

    /// Flushes the log, then replaces its anchor (atomically, owner-only): called when a run is over.
    @discardableResult
    public func writeAnchor() throws -> AuditAnchor {
        try sync()
        let a = anchor
        do { try a.write(to: anchorPath) } catch { throw AuditLogError(error.description) }
        return a
    }

    /// A file of one line, with no newline, that begins `{"`: a first record cut off mid-write.
    static func isTornFirstRecord(fd: Int32, size: Int) -> Bool {
        guard size >= 2, size < AuditReader.maximumLineLength, byte(fd: fd, at: 0) == 0x7B, byte(fd: fd, at: 1) == 0x22 else { return false }
        var buffer = [UInt8](repeating: 0, count: size)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, size, 0) }
        return n == size && !buffer.contains(0x0A)
    }

    static func byte(fd: Int32, at offset: Int) -> UInt8? {
        var b: UInt8 = 0
        return pread(fd, &b, 1, off_t(offset)) == 1 ? b : nil
    }

    /// Records (lines with a valid `prev`) from `offset` to the end.
    static func countRecords(fd: Int32, from offset: Int) throws -> Int {
        var n = 0
        try AuditReader.forEachLine(fd: fd, from: offset, firstNumber: 1, hashOverlong: false) { line in
            if line.kind != .overlong, AuditReader.prevOffset(line.bytes) != nil { n += 1 }
        }
        return n
    }

    /// The default log path: `$XDG_STATE_HOME/lookout-scheduler/audit.jsonl`, else
    /// `~/.local/state/lookout-scheduler/audit.jsonl`; for root, `/var/log/lookout-scheduler/audit.jsonl`.
    public static func defaultPath(environment: [String: String], isRoot: Bool) -> String {
        if isRoot { return "/var/log/lookout-scheduler/audit.jsonl" }
        if let x = environment["XDG_STATE_HOME"], x.hasPrefix("/") { return x + "/lookout-scheduler/audit.jsonl" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/lookout-scheduler/audit.jsonl"
    }
}

/// Records kept in memory (tests, dry runs).
public final class MemoryAuditSink: AuditSink, Sendable {
    private let stored = LockedValueBox<[RunEvent]>([])
    public init() {}
    public var records: [RunEvent] { stored.snapshot }
    public func append(_ record: RunEvent) throws { stored.withLockedValue { $0.append(record) } }
    public func sync() throws {}
}

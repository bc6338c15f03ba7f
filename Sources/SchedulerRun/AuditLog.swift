import Foundation
import Hashing
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
}

/// Why the audit log could not be written or read.
public struct AuditLogError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The append-only audit log: JSON Lines, one `write` per record, owner-only permissions,
/// a SHA-256 hash chain, `fsync` before a run reports success.
public final class AuditLog: AuditSink, @unchecked Sendable {
    /// The file.
    public let path: String
    private let fd: Int32
    private var previousHash: String
    private let lock = NSLock()
    /// Set when the file ended in a torn line (a crash mid-write); the line is left as it is.
    public private(set) var tornTailFound = false

    static let genesis = String(repeating: "0", count: 64)

    /// Opens (creating with mode 0600, and its directory with 0700) for appending.
    public init(path: String) throws {
        self.path = path
        try AuditLog.makeDirectory(for: path)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw AuditLogError("cannot open the audit log \(path): \(String(cString: strerror(errno)))") }
        self.fd = fd
        let (last, torn) = AuditLog.lastLine(path: path)
        previousHash = last.map { Digest.hex(Digest.sha256($0)) } ?? AuditLog.genesis
        if torn {
            tornTailFound = true
            // End the torn line so the next record starts on a line of its own; readers report it.
            _ = "\n".withCString { write(fd, $0, 1) }
        }
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
        try lock.withLock {
            var r = record
            r.prev = previousHash
            let line = try JSONDocument.compact(r)
            var bytes = line
            bytes.append(0x0A)
            // One write per record: with O_APPEND a record is never interleaved with another.
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n == bytes.count else {
                throw AuditLogError("cannot write to the audit log \(path): \(n < 0 ? String(cString: strerror(errno)) : "short write")")
            }
            previousHash = Digest.hex(Digest.sha256(line))
        }
    }

    public func sync() throws {
        guard fsync(fd) == 0 else { throw AuditLogError("cannot flush the audit log \(path) to disk: \(String(cString: strerror(errno)))") }
    }

    /// The last complete line (without its newline), and whether the file ends in a torn line.
    static func lastLine(path: String) -> ([UInt8]?, Bool) {
        guard let h = FileHandle(forReadingAtPath: path) else { return (nil, false) }
        defer { try? h.close() }
        let size = (try? h.seekToEnd()) ?? 0
        guard size > 0 else { return (nil, false) }
        // Read backwards in chunks until a full line is in hand.
        var chunk: UInt64 = 4096
        while true {
            let start = size > chunk ? size - chunk : 0
            try? h.seek(toOffset: start)
            let data = [UInt8]((try? h.readToEnd()) ?? Data())
            let endsWithNewline = data.last == 0x0A
            let body = endsWithNewline ? data.dropLast() : data[...]
            if let nl = body.lastIndex(of: 0x0A) {
                return (Array(body[(nl + 1)...]), !endsWithNewline)
            }
            if start == 0 { return (Array(body), !endsWithNewline) }
            chunk *= 4
        }
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
public final class MemoryAuditSink: AuditSink, @unchecked Sendable {
    private let lock = NSLock()
    private var _records: [RunEvent] = []
    public init() {}
    public var records: [RunEvent] { lock.withLock { _records } }
    public func append(_ record: RunEvent) throws { lock.withLock { _records.append(record) } }
    public func sync() throws {}
}

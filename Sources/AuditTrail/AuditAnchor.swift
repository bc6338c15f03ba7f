import AWSCore
import FileSafety
import Foundation
import Rendering
#if canImport(Glibc)
import Glibc
#endif

/// The audit log's anchor: kept outside the log (`LOG.anchor`, owner-only, replaced atomically
/// after each run) and in the metrics, it says how many records the log held and the SHA-256 of
/// the last one. The hash chain alone cannot show records deleted with the chain recomputed, an
/// edited last record, or a cut-off tail; checked against the anchor, `audit --verify` does.
public struct AuditAnchor: Codable, Sendable, Equatable {
    /// Schema version (1).
    public var v = 1
    /// Records in the log up to and including the anchored one.
    public var records: Int
    /// SHA-256 (hex) of the anchored record's line (without its newline).
    public var head: String
    /// The log's size in bytes up to the end of that line (its newline included).
    public var bytes: Int
    /// When the anchor was written (UTC).
    public var time: String
    /// Set when a run found the log did not match the anchor: carried from run to run, so that
    /// `audit --verify` keeps failing until someone looks (and removes the anchor to accept the log).
    @NullEncoded public var problem: String? = nil

    public init(records: Int, head: String, bytes: Int, time: String, problem: String? = nil) {
        self.records = records
        self.head = head
        self.bytes = bytes
        self.time = time
        self.problem = problem
    }

    /// The shortest line a record can be: `AuditReader.prevField` takes no line under 76 bytes,
    /// and each ends in a newline.
    public static let minimumRecordBytes = 77

    /// Why the anchor contradicts itself (nil when it does not): a head that is not a SHA-256,
    /// records in no bytes, or more records than its bytes can hold. Such an anchor anchors
    /// nothing, so a log checked against it does not verify.
    public var contradiction: String? {
        if head.utf8.count != 64 || !head.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) {
            return "the anchor's head is not a SHA-256 (64 lower-case hex digits)"
        }
        if records > 0 && bytes == 0 {
            return "the anchor says \(records) records in 0 bytes: its counts contradict its head"
        }
        if records > bytes / AuditAnchor.minimumRecordBytes {
            return "the anchor says \(records) records in \(bytes) bytes, but a record takes at least \(AuditAnchor.minimumRecordBytes): its counts contradict its head"
        }
        return nil
    }

    /// The anchor of a log: `LOG.anchor`.
    public static func path(forLog log: String) -> String { log + ".anchor" }

    /// Reads an anchor; nil when there is none. A symbolic link, a file that is not regular, or
    /// one that is not an anchor is an error.
    public static func read(path: String) throws(SafeFile.Refusal) -> AuditAnchor? {
        var st = stat()
        if lstat(path, &st) != 0 && errno == ENOENT { return nil }
        let fd = try SafeFile.open(path, what: "the audit anchor", flags: O_RDONLY, create: false, ownerOnly: false)
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let n = Glibc.read(fd, &bytes, bytes.count)
        guard n > 0, let anchor = try? JSONDecoder().decode(AuditAnchor.self, from: Data(bytes[0..<n])),
              anchor.head.utf8.count == 64, anchor.head.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }),
              anchor.records >= 0, anchor.bytes >= 0 else {
            throw SafeFile.Refusal("the audit anchor \(path) is not an anchor written by lookout-scheduler")
        }
        return anchor
    }

    /// Writes the anchor atomically, owner-only.
    public func write(to path: String) throws(SafeFile.Refusal) {
        let line: [UInt8]
        do { line = try JSONDocument.compact(self) + [0x0A] } catch { throw SafeFile.Refusal("cannot encode the audit anchor: \(error)") }
        try SafeFile.replace(path, with: line, mode: 0o600, what: "the audit anchor")
    }
}

import Foundation
import Hashing

extension AuditReader {
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
    /// `each` sees every line of the same pass, before the check does.
    public static func verify(path: String, anchor: AuditAnchor? = nil, each: (Line) throws -> Void = { _ in }) throws -> Verification {
        var check = ChainCheck(anchor: anchor)
        try forEachLine(path: path, hashOverlong: true) { line in
            try each(line)
            check.observe(line)
        }
        return check.verification
    }

    /// `verify`, with `observer` fed the same pass (the audit page tallies the log while its chain
    /// is checked: one read of the file).
    public static func verify<O: AuditLineObserver>(path: String, anchor: AuditAnchor?, alongside observer: inout O) throws -> Verification {
        var both = AuditLineObservers(observer, ChainCheck(anchor: anchor))
        try read(path: path, hashOverlong: true, into: &both)
        observer = both.first
        return both.second.verification
    }

    /// The verification as an observer of one pass (`AuditLineObserver`): the hash chain, and the
    /// log against its anchor, checked a line at a time; `verification` once the pass is over. The
    /// pass must hash over-long lines (`hashOverlong: true`).
    public struct ChainCheck: AuditLineObserver {
        var v = Verification()
        var previous: Digest.SHA256Value?
        var anchorSeen: Bool
        var size = 0

        /// A check against `anchor` (nil: the chain alone).
        public init(anchor: AuditAnchor?) {
            v.anchor = anchor
            anchorSeen = anchor?.bytes == 0
        }

        /// Checks one line's link (and, at the anchored place, the anchor).
        public mutating func observe(_ line: Line) {
            let anchor = v.anchor
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

        /// What the pass found, the anchor's end checked.
        public var verification: Verification {
            var v = self.v
            if let anchor = v.anchor {
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
    }
}

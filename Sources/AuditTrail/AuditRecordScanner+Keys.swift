import Foundation
import HostingSchedule
import ModelHosting

/// The keys and closed vocabularies the scanner recognizes, compared as words, not strings.
extension AuditRecordScanner {
    /// A key of the record, as the record types' coding keys name it (`RecordKey`): the scanner
    /// and the fallback decoder (`SummaryFields`) read the record by the writer's own keys.
    typealias Field = RecordKey

    /// Bytes of a word, compared without making a String.
    struct StaticBytes: @unchecked Sendable {
        let bytes: UnsafePointer<UInt8>
        let count: Int
        init(_ s: StaticString) {
            bytes = s.utf8Start
            count = s.utf8CodeUnitCount
        }
        init(_ s: String) {
            let a = Array(s.utf8)
            let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, a.count))
            p.initialize(from: a, count: a.count)
            bytes = UnsafePointer(p)
            count = a.count
        }
        func matches(_ b: UnsafeRawBufferPointer) -> Bool { b.count == count && memcmp(b.baseAddress!, bytes, count) == 0 }
        /// Whether the `count` bytes at `p` are these (the first byte compared before the call).
        @inline(__always) func matches(at p: UnsafeRawPointer) -> Bool {
            count == 0 || (p.load(as: UInt8.self) == bytes[0] && memcmp(p, bytes, count) == 0)
        }
    }

    /// The word of a closed vocabulary (`type`, `decision`, `outcome`, `state_before`) that `bytes` spell.
    @inline(__always) static func word<T>(_ bytes: UnsafeRawBufferPointer, in table: [(StaticBytes, T)]) -> T? {
        guard let p = bytes.baseAddress else { return nil }
        for (w, value) in table where w.count == bytes.count && w.matches(at: p) { return value }
        return nil
    }

    static let discoveryFailuresKey = StaticBytes("discovery_failures")
    static let kinds = RunEvent.Kind.allCases.map { (StaticBytes($0.rawValue), $0) }
    static let actions = Action.allCases.map { (StaticBytes($0.rawValue), $0) }
    static let outcomes = Outcome.allCases.map { (StaticBytes($0.rawValue), $0) }
    static let states = HostingState.allCases.map { (StaticBytes($0.rawValue), $0) }
    static let hosted = StaticBytes(ModelDecision.legacyHostedStatus.rawValue)
    static let defaultService = StaticBytes(ServiceKind.default.rawValue)

    /// The key table, made once from the record types' coding keys (`RecordKey.all`): those the
    /// summary reads; any other key is skipped.
    static let keys: [(StaticBytes, Field)] = Field.all.filter(isRead).map { (StaticBytes($0.stringValue), $0) }

    /// Whether the summary reads the key (`assign` stores it).
    static func isRead(_ field: Field) -> Bool {
        switch field {
        case .header(let k): return [.type, .run_id, .time, .eval_time].contains(k)
        case .decision(let k):
            return [.region, .project, .version, .status_before, .state_before, .decision, .outcome, .error_code, .next_window, .window_closes,
                    .window_closed_at, .inference_units, .price_per_iu_hour, .service, .account_id, .account_name].contains(k)
        case .intent(let k): return k == .action
        case .runEnd(let k): return k == .counts
        case .events(let k): return k == .failed
        case .settle, .runStart, .envelope: return false
        }
    }
    static let keyTable = KeyTable(keys.map { ($0.0, $0.1) })

    /// The keys by length, each as up to three words (its first 8 bytes, masked when shorter; its
    /// bytes 8-15; its last 8), so a key of the line is recognized with a few loads and compares.
    struct KeyTable: @unchecked Sendable {
        struct Entry {
            let head: UInt64, mask: UInt64, middle: UInt64, tail: UInt64
            let field: Field
        }
        let byLength: [[Entry]]

        init(_ keys: [(StaticBytes, Field)]) {
            let longest = keys.map(\.0.count).max() ?? 0
            byLength = (0...longest).map { n in
                keys.filter { $0.0.count == n }.map { k, field in
                    var padded = [UInt8](repeating: 0, count: max(24, n))
                    for i in 0..<n { padded[i] = k.bytes[i] }
                    return padded.withUnsafeBytes { p in
                        Entry(head: ByteSearch.word(p.baseAddress!, 0) & KeyTable.mask(n), mask: KeyTable.mask(n),
                              middle: n > 16 ? ByteSearch.word(p.baseAddress!, 8) : 0, tail: n > 8 ? ByteSearch.word(p.baseAddress!, n - 8) : 0,
                              field: field)
                    }
                }
            }
        }

        /// The low `n` bytes of a word (all of it from 8 on).
        static func mask(_ n: Int) -> UInt64 { n >= 8 ? ~0 : (1 << (8 * UInt64(n))) &- 1 }

        /// The field the `count` bytes at `p` name, or nil for a key the summary does not read.
        /// `available`: the bytes from `p` to the end of the line (words are loaded only within it).
        @inline(__always) func field(_ p: UnsafeRawPointer, count: Int, available: Int) -> Field? {
            guard count < byLength.count, count > 0 else { return nil }
            let entries = byLength[count]
            guard !entries.isEmpty else { return nil }
            guard available >= 8 else {
                for e in entries where withUnsafeBytes(of: e.head.littleEndian, { memcmp(p, $0.baseAddress!, count) == 0 }) { return e.field }
                return nil
            }
            let head = ByteSearch.word(p, 0)
            for e in entries where head & e.mask == e.head {
                if count > 8 && ByteSearch.word(p, count - 8) != e.tail { continue }
                if count > 16 && ByteSearch.word(p, 8) != e.middle { continue }
                return e.field
            }
            return nil
        }
    }
}

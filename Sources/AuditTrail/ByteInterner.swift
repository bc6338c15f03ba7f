import Foundation

/// Values made of one or two byte strings (an account's name and id, a service's name), each
/// given a small index the first time it is seen and found again by its bytes, without making a
/// `String` per lookup: the audit summary counts a million records of a handful of accounts.
/// An absent part (`nil`) differs from an empty one.
struct ByteInterner: Sendable {
    /// Where each value's parts lie in `storage` (a count of -1: the part is absent).
    private struct Entry: Sendable {
        let start: Int
        let first: Int
        let second: Int
        let hash: UInt64
    }

    private var storage: [UInt8] = []
    private var entries: [Entry] = []
    /// Open addressing over `entries` (power-of-two size; -1: empty).
    private var slots = [Int32](repeating: -1, count: 16)
    /// The index found last: records of one account or service usually follow each other.
    private var last = -1

    /// Values interned so far; their indices are `0..<count`.
    var count: Int { entries.count }

    /// The index of the value `first`, `second`, and whether it is new (seen for the first time).
    mutating func index(_ first: UnsafeRawBufferPointer?, _ second: UnsafeRawBufferPointer? = nil) -> (index: Int, isNew: Bool) {
        if last >= 0, matches(entries[last], first, second) { return (last, false) }
        let hash = ByteInterner.hash(first, ByteInterner.hash(second, 0x9E37_79B9_7F4A_7C15))
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hash) & mask
        while slots[s] >= 0 {
            let k = Int(slots[s])
            if entries[k].hash == hash, matches(entries[k], first, second) {
                last = k
                return (k, false)
            }
            s = (s + 1) & mask
        }
        let k = entries.count
        let start = storage.count
        if let first { storage.append(contentsOf: first) }
        if let second { storage.append(contentsOf: second) }
        entries.append(Entry(start: start, first: first?.count ?? -1, second: second?.count ?? -1, hash: hash))
        slots[s] = Int32(k)
        if entries.count * 2 > slots.count { grow() }
        last = k
        return (k, true)
    }

    private func matches(_ e: Entry, _ first: UnsafeRawBufferPointer?, _ second: UnsafeRawBufferPointer?) -> Bool {
        guard e.first == (first?.count ?? -1), e.second == (second?.count ?? -1) else { return false }
        return storage.withUnsafeBytes { s in
            (first.map { $0.isEmpty || memcmp(s.baseAddress! + e.start, $0.baseAddress!, $0.count) == 0 } ?? true)
                && (second.map { $0.isEmpty || memcmp(s.baseAddress! + e.start + max(0, e.first), $0.baseAddress!, $0.count) == 0 } ?? true)
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (k, e) in entries.enumerated() {
            var s = Int(truncatingIfNeeded: e.hash) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(k)
        }
    }

    /// FNV-1a over the bytes, after a mark of presence and length (so that absent, empty and the
    /// parts' split all differ).
    private static func hash(_ bytes: UnsafeRawBufferPointer?, _ seed: UInt64) -> UInt64 {
        var h = (seed ^ UInt64(bitPattern: Int64(bytes?.count ?? -1))) &* 0x0000_0100_0000_01B3
        if let bytes { for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 } }
        return h ^ (h >> 29)
    }
}

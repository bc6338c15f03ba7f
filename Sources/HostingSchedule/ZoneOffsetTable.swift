import Foundation
import Synchronization

/// A zone's UTC offsets from 1970 to 2100 as a sorted list of changes, so that an offset is a
/// binary search instead of a Foundation call. Built from Foundation's own answers: the offset is
/// sampled every day and each change located to the second by bisection, so the table agrees
/// with `TimeZone.secondsFromGMT(for:)` at every instant (two changes within one day would
/// be missed; no zone has had such). Outside the range, callers ask Foundation.
final class ZoneOffsetTable: Sendable {
    /// Instants at which an offset starts, ascending; `offsets[i]` holds from `starts[i]`.
    let starts: [Int]
    let offsets: [Int]
    let lower: Int
    let upper: Int

    static let rangeStart = 0               // 1970-01-01
    static let rangeEnd = 4_102_444_800     // 2100-01-01
    static let step = 86_400

    init(_ zone: TimeZone) {
        func offset(_ t: Int) -> Int { zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))) }
        var starts = [ZoneOffsetTable.rangeStart]
        var offsets = [offset(ZoneOffsetTable.rangeStart)]
        var t = ZoneOffsetTable.rangeStart
        var current = offsets[0]
        while t < ZoneOffsetTable.rangeEnd {
            let next = t + ZoneOffsetTable.step
            let o = offset(next)
            if o != current {
                // The change lies in (t, next]: find the first second with the new offset.
                var lo = t, hi = next
                while hi - lo > 1 {
                    let mid = (lo + hi) / 2
                    if offset(mid) == current { lo = mid } else { hi = mid }
                }
                starts.append(hi)
                offsets.append(o)
                current = o
            }
            t = next
        }
        self.starts = starts
        self.offsets = offsets
        lower = ZoneOffsetTable.rangeStart
        upper = ZoneOffsetTable.rangeEnd
    }

    /// The offset at `t`, or nil outside the tabulated range.
    func offset(at t: Int) -> Int? {
        guard t >= lower && t < upper else { return nil }
        if starts.count == 1 { return offsets[0] }
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= t { lo = mid } else { hi = mid - 1 }
        }
        return offsets[lo]
    }

    private static let cache = Mutex<[String: ZoneOffsetTable]>([:])

    /// One table per zone for the whole process (tables are immutable).
    static func shared(for zone: TimeZone) -> ZoneOffsetTable {
        if let t = cache.withLock({ $0[zone.identifier] }) { return t }
        let built = ZoneOffsetTable(zone)
        return cache.withLock { c in
            if let t = c[zone.identifier] { return t }
            c[zone.identifier] = built
            return built
        }
    }
}

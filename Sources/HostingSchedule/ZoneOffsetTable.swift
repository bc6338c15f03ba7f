import Foundation

/// The data built into the binary, for a host without zone files only: a zone's UTC offsets from
/// 1970 to 2100 as a sorted list of changes, so that an offset is a binary search instead of a
/// Foundation call. Built from Foundation's own answers (its transition
/// list, checked against sampled offsets, or else a day-by-day scan with each change located to
/// the second), so the table agrees with `TimeZone.secondsFromGMT(for:)`. Outside the range,
/// callers ask Foundation.
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
        // Fast path: walk Foundation's own transition list, then check it against a sample of
        // offsets every 10 days; any disagreement means changes the list does not report, and the
        // table is built the slow way, by scanning every day.
        var starts = [ZoneOffsetTable.rangeStart]
        var offsets = [offset(ZoneOffsetTable.rangeStart)]
        var t = Date(timeIntervalSince1970: TimeInterval(ZoneOffsetTable.rangeStart))
        while let next = zone.nextDaylightSavingTimeTransition(after: t), next.timeIntervalSince1970 < Double(ZoneOffsetTable.rangeEnd) {
            let at = Int(next.timeIntervalSince1970.rounded(.up))
            let o = offset(at)
            if o != offsets.last! {
                starts.append(at)
                offsets.append(o)
            }
            t = next
        }
        var consistent = true
        var probe = ZoneOffsetTable.rangeStart
        var index = 0
        while probe < ZoneOffsetTable.rangeEnd && consistent {
            while index + 1 < starts.count && starts[index + 1] <= probe { index += 1 }
            if offsets[index] != offset(probe) { consistent = false }
            probe += 10 * 86_400
        }
        if !consistent { (starts, offsets) = ZoneOffsetTable.scan(offset) }
        self.starts = starts
        self.offsets = offsets
        lower = ZoneOffsetTable.rangeStart
        upper = ZoneOffsetTable.rangeEnd
    }

    /// The slow way: the offset every day, each change located to the second by bisection.
    static func scan(_ offset: (Int) -> Int) -> ([Int], [Int]) {
        var starts = [rangeStart]
        var offsets = [offset(rangeStart)]
        var t = rangeStart
        var current = offsets[0]
        while t < rangeEnd {
            let next = t + step
            let o = offset(next)
            if o != current {
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
        return (starts, offsets)
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
}

/// Hosted intervals over a long range in bounded memory: the range is evaluated a month at a
/// time and the count checked after each month, so a schedule with a window every minute over
/// five years stops at the bound instead of holding millions of intervals first.
extension Schedule {
    /// `hostedIntervals(from:to:)`, or nil as soon as there are more than `limit` of them.
    /// Evaluated in chunks (a month, or longer for long windows); intervals that touch across a
    /// chunk boundary are joined, so the answer is exactly `hostedIntervals(from:to:)`.
    public func hostedIntervals(from: Int, to: Int, atMost limit: Int) -> [Range<Int>]? {
        guard from < to else { return [] }
        guard case .windows = kind else {
            let all = hostedIntervals(from: from, to: to)
            return all.count > limit ? nil : all
        }
        let chunk = max(31, 4 * lookbackDays) * 86_400
        var out: [Range<Int>] = []
        var start = from
        while start < to {
            let end = to - start > chunk ? start + chunk : to
            for r in hostedIntervals(from: start, to: end) {
                if let last = out.last, last.upperBound == r.lowerBound {
                    out[out.count - 1] = last.lowerBound..<r.upperBound
                } else {
                    out.append(r)
                }
            }
            // One more than the limit may be joined by the next chunk's first; two more never.
            if out.count - 1 > limit { return nil }
            start = end
        }
        return out.count > limit ? nil : out
    }
}

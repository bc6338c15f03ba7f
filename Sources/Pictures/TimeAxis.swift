/// A linear time axis: instants in `[from, to)` across `width` units from `x`. Every picture of a
/// timeline draws on one, so one hour is equally wide everywhere, and a local day that has 25
/// hours (DST ends) is 25/24 as wide as a day of 24.
public struct TimeAxis: Sendable, Equatable {
    /// The first instant shown.
    public let from: Int
    /// The end of the range (exclusive).
    public let to: Int
    /// Where `from` is drawn.
    public let x: Double
    /// The width of the whole range.
    public let width: Double

    /// An axis; `to` must be after `from`.
    public init(from: Int, to: Int, x: Double, width: Double) {
        precondition(to > from, "an axis needs a non-empty range")
        self.from = from
        self.to = to
        self.x = x
        self.width = width
    }

    /// Units per second.
    public var scale: Double { width / Double(to - from) }

    /// The x of instant `t`, clamped to the axis.
    public func position(of t: Int) -> Double {
        x + Double(min(max(t, from), to) - from) * scale
    }

    /// Where an interval is drawn: its x and width, clipped to the axis (nil when outside it).
    public func span(of r: Range<Int>) -> (x: Double, width: Double)? {
        let lo = max(r.lowerBound, from), hi = min(r.upperBound, to)
        guard lo < hi else { return nil }
        return (position(of: lo), Double(hi - lo) * scale)
    }
}

extension InstantFormat {
    /// The first instant the tool accepts (`--now`, `--at`, `--from`, `--to`, `--since`,
    /// `--until`, an override's `until`): 1900-01-01T00:00:00Z. Before 1900 the zones keep local
    /// mean time, offsets in seconds that `±HH:MM` cannot write.
    public static let earliestAccepted = LocalDate(year: 1900, month: 1, day: 1)!.daysSinceEpoch * 86_400

    /// The last instant the tool accepts: 9899-12-31T23:59:59Z. Whatever it prints about an
    /// accepted instant (transitions and edges up to `Schedule.transitionHorizon` away, local
    /// times up to 18 hours off) keeps a four-digit year, so its own parsers read it back.
    public static let latestAccepted = LocalDate(year: 9900, month: 1, day: 1)!.daysSinceEpoch * 86_400 - 1

    /// Whether the tool accepts `t` as an input instant.
    public static func isAccepted(_ t: Int) -> Bool { (earliestAccepted...latestAccepted).contains(t) }

    /// `1900-01-01T00:00:00Z to 9899-12-31T23:59:59Z`, for messages.
    public static var acceptedRange: String { "\(utc(earliestAccepted)) to \(utc(latestAccepted))" }
}

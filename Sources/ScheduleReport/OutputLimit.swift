/// The bounds on what `windows` and `edges` hold in memory and print: past them the command
/// refuses (exit 2) with the limit and how to narrow the question, before it builds any output.
/// (README, "Output bounds".)
public struct OutputLimit: Error, Sendable, CustomStringConvertible {
    /// At most this many hosted intervals, over all rules, in one `windows` answer.
    public static let maximumIntervals = 100_000
    /// At most this many rule changes (one rule opening or closing at one instant) in one `edges` answer.
    public static let maximumRuleChanges = 100_000

    public let description: String

    /// A refusal that says what was too much, the limit and how to ask less.
    public init(_ description: String) { self.description = description }

    static func windows(limit: Int, rules: Int, model: Bool) -> OutputLimit {
        OutputLimit("the range holds more than \(limit) hosted intervals over \(rules) rule\(rules == 1 ? "" : "s") (the limit for one 'windows' answer); "
            + "narrow it: a shorter range (--from/--to)" + (model ? "" : ", one model (--project and --version) or one account (--account)"))
    }

    static func edges(limit: Int) -> OutputLimit {
        OutputLimit("the range holds more than \(limit) window edges (one rule opening or closing at one instant; the limit for one 'edges' answer); "
            + "narrow it: a shorter range (--from/--to)")
    }
}

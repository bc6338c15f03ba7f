/// A stop or start an earlier run sent (its `intent` record is in the log) whose outcome the log
/// does not hold: that run was killed, or its disk filled, between the call and its record. The
/// next run settles it by reading the model's status (`IntentSettlement`).
public struct UnsettledIntent: Sendable, Equatable {
    /// What was sent.
    public let intent: ActionIntent
    /// The run that sent it.
    public let runId: String

    /// An intent of run `runId`.
    public init(intent: ActionIntent, runId: String) {
        self.intent = intent
        self.runId = runId
    }

    /// The unsettled intents among records read newest first, up to the newest `run-end` (a run
    /// that ended settled everything before it): intents with neither a decision record of the
    /// same model in the same run nor a `settle` record. Oldest first.
    public static func reading(newestFirst records: some Sequence<RunEvent>) -> [UnsettledIntent] {
        var outcomes = Set<String>(), settled = Set<String>()
        var found: [UnsettledIntent] = []
        for r in records {
            switch r.body {
            case .runEnd:
                return found.reversed()
            case .decision(let d):
                outcomes.insert(r.header.run_id + "|" + RunMemory.key(d))
            case .settle(let s):
                settled.insert(s.intent_run_id + "|" + s.intent.key)
            case .intent(let i):
                let id = r.header.run_id + "|" + i.key
                if !outcomes.contains(id) && !settled.contains(id) { found.append(UnsettledIntent(intent: i, runId: r.header.run_id)) }
            case .runStart, .events:
                break
            }
        }
        return found.reversed()
    }
}

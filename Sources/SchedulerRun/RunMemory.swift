/// What earlier runs saw, read from the audit log (the log is the memory: no other state file):
/// when each model was first seen hosted outside its windows in the unbroken series of records
/// up to now (for `grace`), and the previous run's decision instant (for starts).
public struct RunMemory: Sendable, Equatable {
    /// The decision instant of the latest run in the log, if any.
    public var previousEvalTime: Int?
    /// Per model (`RunMemory.key`), the earliest decision instant of the unbroken series of
    /// records that saw it hosted outside its windows and did not stop it.
    public var outsideSince: [String: Int]

    /// Nothing remembered (no log, or a dry run without one).
    public init(previousEvalTime: Int? = nil, outsideSince: [String: Int] = [:]) {
        self.previousEvalTime = previousEvalTime
        self.outsideSince = outsideSince
    }

    /// `service/region/project/version`.
    public static func key(_ d: ModelDecision) -> String { "\(d.serviceKind)/\(d.region)/\(d.project)/\(d.version)" }

    /// Whether a record saw the model hosted outside its windows and left it hosted: a `stop`
    /// that did not go through, or a `defer` of a hosted model (its grace running).
    public static func sawHostedOutside(_ d: ModelDecision) -> Bool {
        guard d.wasHosted, d.decision == .stop || d.decision == .defer else { return false }
        return !(d.outcome?.isStop ?? false)
    }

    /// Builds the memory from decision records read newest first (`records` stops early once
    /// the horizon is passed: a series that reaches it is as old as the horizon, which is all
    /// a grace needs to know).
    public static func reading(newestFirst records: some Sequence<(evalTime: Int, decision: ModelDecision?)>) -> RunMemory {
        var memory = RunMemory()
        var closed = Set<String>()
        for r in records {
            if memory.previousEvalTime == nil { memory.previousEvalTime = r.evalTime }
            guard let d = r.decision else { continue }
            let key = key(d)
            guard !closed.contains(key) else { continue }
            if sawHostedOutside(d) {
                memory.outsideSince[key] = r.evalTime
            } else {
                closed.insert(key)
            }
        }
        return memory
    }
}

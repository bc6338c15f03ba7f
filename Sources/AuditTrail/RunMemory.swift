/// What earlier runs saw, read from the audit log (the log is the memory: no other state file):
/// - per model, when it was first seen hosted outside its windows in the unbroken series of
///   records up to now (for `grace`);
/// - per model, since when it has been kept by its keep-until tag without a break (so that
///   `keep_until_max` runs out instead of moving forward with every run);
/// - per model, the latest decision instant of a record that used up a window opening for starts
///   (any record of the model but a start that failed or was skipped, or a `--no-start` run's);
/// - the latest decision instant of any run (for models no record names yet).
public struct RunMemory: Sendable, Equatable {
    /// The latest decision instant in the log, at or before this run's.
    public var previousEvalTime: Int?
    /// Per model (`RunMemory.key`): the earliest decision instant of the unbroken series of
    /// records that saw it hosted outside its windows and did not stop it.
    public var outsideSince: [String: Int]
    /// Per model: the earliest decision instant of the unbroken series of records that kept it by its tag.
    public var keptByTagSince: [String: Int]
    /// Per model: the latest decision instant of a record that used up a window opening.
    public var lastSeen: [String: Int]
    /// Per SageMaker component: its copies when it was last stopped (the newest stop record that
    /// carries `copies_before`), for a start that restores them.
    public var copiesAtLastStop: [String: Int] = [:]

    /// Nothing remembered (no log, or a dry run without one).
    public init(previousEvalTime: Int? = nil, outsideSince: [String: Int] = [:], keptByTagSince: [String: Int] = [:],
                lastSeen: [String: Int] = [:]) {
        self.previousEvalTime = previousEvalTime
        self.outsideSince = outsideSince
        self.keptByTagSince = keptByTagSince
        self.lastSeen = lastSeen
    }

    /// `service/account/region/project/version` (the account's name, or nothing for the home account).
    public static func key(_ d: ModelDecision) -> String { "\(d.serviceKind)/\(d.account_name ?? "")/\(d.region)/\(d.project)/\(d.version)" }

    /// Whether a record saw the model hosted outside its windows and left it hosted: a `stop`
    /// that did not go through, or a `defer` of a hosted model (its grace running).
    public static func sawHostedOutside(_ d: ModelDecision) -> Bool {
        guard d.wasHosted, d.decision == .stop || d.decision == .defer, d.keep_until == nil else { return false }
        return !(d.outcome?.isStop ?? false)
    }

    /// Whether a record used up a window opening: a start that did not go through, or a run that
    /// was told not to start, leaves the opening for the next run.
    public static func usedOpening(_ d: ModelDecision) -> Bool {
        if d.no_start == true { return false }
        if d.decision == .start, d.outcome == .failed || d.outcome == .skipped || d.outcome == .wouldStart { return false }
        return true
    }

    /// Builds the memory from records read newest first.
    public static func reading(newestFirst records: some Sequence<(evalTime: Int, decision: ModelDecision?)>) -> RunMemory {
        var memory = RunMemory()
        var outsideClosed = Set<String>(), keptClosed = Set<String>()
        for r in records {
            memory.previousEvalTime = max(memory.previousEvalTime ?? r.evalTime, r.evalTime)
            guard let d = r.decision else { continue }
            let key = key(d)
            if d.outcome?.isStop == true, let copies = d.copies_before, copies > 0, memory.copiesAtLastStop[key] == nil {
                memory.copiesAtLastStop[key] = copies
            }
            if usedOpening(d) { memory.lastSeen[key] = max(memory.lastSeen[key] ?? r.evalTime, r.evalTime) }
            if !outsideClosed.contains(key) {
                if sawHostedOutside(d) { memory.outsideSince[key] = r.evalTime } else { outsideClosed.insert(key) }
            }
            if !keptClosed.contains(key) {
                if d.keep_until != nil { memory.keptByTagSince[key] = r.evalTime } else { keptClosed.insert(key) }
            }
        }
        return memory
    }
}

/// The stops whose saving is still open during the summary's one pass, and the rule that closes
/// each (`Savings`): a stop's saving runs until the model's next window opens (as recorded with
/// the stop), until the first later record of the same model that saw it hosted or started it,
/// or, for the realized figure, until the log's latest record; and never past the period's end
/// (`audit --to`). No I/O.
///
/// Memory: stops of the models of the per-model tables (`AuditSummary.modelLimit`) are held one
/// per model; the stops of later models (which are not remembered, so no later sighting can close
/// them) wait in a heap of at most `limit` stops, by the instant their saving ends at the latest.
/// When it is full, the stop ending first is settled with the log's latest record so far
/// (`cutAtLimit`: its realized saving may be short, never long).
struct SavingsLedger: Sendable {
    /// A stop whose saving is being measured.
    struct Stop: Sendable {
        let at: Int
        /// (a): when its model's next window opens, as recorded with the stop; nil when the
        /// record has none (a schedule that never opens again, or an old record).
        let nextWindow: Int?
        let units: Int
        /// nil: the record has no price (an old log).
        let price: Double?
        let seen: AuditSummary.Seen
        /// When its saving ends at the latest, whatever the log shows later: (a) cut at the period's end.
        let cap: Int?
    }

    /// A stop settled: its saving, and whether its projection had no end but the log's (no next
    /// window recorded, and the model never seen hosted again).
    struct Settled: Sendable {
        let stop: Stop
        let savings: Savings
        let projectionOpenEnded: Bool
    }

    /// The end of the period asked for (`--to`), if any.
    let periodEnd: Int?
    /// How many stops of untracked models wait at most.
    let limit: Int
    /// (c): the latest decision instant of any record read so far.
    private(set) var latest: Int?
    /// Per tracked model, its latest stop not yet settled.
    private var open: [String: Stop] = [:]
    /// Stops of untracked models, by `cap` (nil caps last), then oldest first: the one settled
    /// early when the heap is full is the one closest to its end, and of those the one that has
    /// run longest.
    private var waiting = MinHeap<Stop>(before: { ($0.cap ?? Int.max, $0.at) < ($1.cap ?? Int.max, $1.at) })
    /// Untracked stops settled early because `waiting` was full.
    private(set) var cutAtLimit = 0

    init(periodEnd: Int?, limit: Int) {
        self.periodEnd = periodEnd
        self.limit = max(1, limit)
    }

    /// A stop's cap: (a) cut at the period's end.
    func cap(nextWindow: Int?) -> Int? {
        switch (nextWindow, periodEnd) {
        case let (a?, p?): return min(a, p)
        case let (a?, nil): return a
        case let (nil, p): return p
        }
    }

    /// A record at instant `t` was read: the log now reaches `t`. Untracked stops whose saving
    /// ended by then are settled (nothing later can change them).
    mutating func reached(_ t: Int, into out: inout [Settled]) {
        if latest == nil || t > latest! { latest = t }
        while let first = waiting.first, let cap = first.cap, cap <= t {
            out.append(settle(waiting.removeFirst(), sighted: nil))
        }
    }

    /// (b): a record at `t` saw the model `key` hosted, or started it: its open stop ends there.
    mutating func sighted(_ key: String, at t: Int, into out: inout [Settled]) {
        guard let stop = open[key], t >= stop.at else { return }
        open[key] = nil
        out.append(settle(stop, sighted: t))
    }

    /// A stop: held under `key` (a tracked model; any earlier open stop of it ends at this one),
    /// or, with `key` nil, among the untracked stops.
    mutating func stopped(_ stop: Stop, key: String?, into out: inout [Settled]) {
        if let key {
            if let earlier = open.updateValue(stop, forKey: key) { out.append(settle(earlier, sighted: max(stop.at, earlier.at))) }
            return
        }
        waiting.insert(stop)
        if waiting.count > limit {
            cutAtLimit += 1
            out.append(settle(waiting.removeFirst(), sighted: nil))
        }
    }

    /// Settles every stop still open (once, after the last line): the log ends at `latest`.
    mutating func finish(into out: inout [Settled]) {
        for key in open.keys.sorted() { out.append(settle(open[key]!, sighted: nil)) }
        open = [:]
        while !waiting.isEmpty { out.append(settle(waiting.removeFirst(), sighted: nil)) }
    }

    /// The saving of `stop`, ended by a sighting at `sighted` (b), else by the log so far (c).
    func settle(_ stop: Stop, sighted: Int?) -> Settled {
        let logEnd = max(latest ?? stop.at, stop.at)
        var projected: Int
        var openEnded = false
        if let sighted {
            projected = stop.cap.map { min($0, sighted) } ?? sighted
        } else if let cap = stop.cap, stop.nextWindow != nil {
            projected = cap
        } else {
            // No next window recorded and never seen again: nothing bounds the projection but
            // what the log has seen (said in the output, never guessed).
            projected = min(logEnd, stop.cap ?? Int.max)
            openEnded = logEnd < (stop.cap ?? Int.max)
        }
        if let p = periodEnd { projected = min(projected, p) }
        let realized = min(projected, logEnd)
        let units = stop.units
        return Settled(stop: stop, savings: .of(at: stop.at, realizedEnd: realized, projectedEnd: projected, units: units, price: stop.price),
                       projectionOpenEnded: openEnded)
    }
}

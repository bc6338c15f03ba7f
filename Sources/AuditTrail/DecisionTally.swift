import Foundation

/// The audit summary's decision counts while the log is read: plain counters in fixed arrays,
/// one row of cells per account and per service (each interned from the record's bytes once per
/// distinct value), indexed by action and outcome, so that a record costs two increments and no
/// hashing. Turned into `RunCounts` (totals, per account, per service) once, at the end:
/// `RunCounts` stays the one type every view reads, and what counts as a stop or a failure is its.
struct DecisionTally: Sendable {
    /// What the summary needs of an account, worked out once per distinct one.
    struct Account: Sendable {
        /// `AuditSummary.accountLabel` of its name and id.
        let label: String
        /// Whether `--account` lets it through.
        let passes: Bool
        /// Whether the records name an account (a name or an id).
        let named: Bool
    }

    private var accountKeys = ByteInterner()
    private(set) var accounts: [Account] = []
    private var serviceKeys = ByteInterner()
    /// The services' names by index; index 0 is `AuditSummary.defaultService`.
    private(set) var services: [String] = []
    /// Per account, then per service: `DecisionTally.width` cells each.
    private var accountCells: [Int] = []
    private var serviceCells: [Int] = []

    init() {
        var name = AuditSummary.defaultService  // index 0, whether a record names it or not
        _ = name.withUTF8 { service(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The index of the account named `name` and `id` (either may be absent), worked out for
    /// `filter` the first time it is seen.
    mutating func account(name: UnsafeRawBufferPointer?, id: UnsafeRawBufferPointer?, filter: AuditSummary.Filter) -> Int {
        let (k, isNew) = accountKeys.index(name, id)
        if isNew {
            let n = name.map { String(decoding: $0, as: UTF8.self) }, i = id.map { String(decoding: $0, as: UTF8.self) }
            accounts.append(Account(label: AuditSummary.accountLabel(name: n, id: i), passes: filter.matchesAccount(name: n, id: i),
                                    named: n != nil || i != nil))
            accountCells.append(contentsOf: repeatElement(0, count: DecisionTally.width))
        }
        return k
    }

    /// The index of the service named `bytes` (nil: the record names none, the default service).
    mutating func service(bytes: UnsafeRawBufferPointer?) -> Int {
        guard let bytes else { return 0 }
        let (k, isNew) = serviceKeys.index(bytes)
        if isNew {
            services.append(String(decoding: bytes, as: UTF8.self))
            serviceCells.append(contentsOf: repeatElement(0, count: DecisionTally.width))
        }
        return k
    }

    /// Counts one decision of `account` and `service` (indices given by this tally).
    @inline(__always) mutating func add(_ action: Action, _ outcome: Outcome?, wasHosted: Bool, account: Int, service: Int) {
        let cell = DecisionTally.cell(action, outcome, wasHosted: wasHosted)
        accountCells[account &* DecisionTally.width &+ cell] &+= 1
        serviceCells[service &* DecisionTally.width &+ cell] &+= 1
    }

    /// Adds the decisions counted for `account` to `counts`.
    func add(account: Int, to counts: inout RunCounts) { add(accountCells, row: account, to: &counts) }

    /// Adds the decisions counted for `service` to `counts`.
    func add(service: Int, to counts: inout RunCounts) { add(serviceCells, row: service, to: &counts) }

    /// Decisions counted for `account`.
    func decisions(account: Int) -> Int { accountCells[account * DecisionTally.width..<(account + 1) * DecisionTally.width].reduce(0, +) }

    /// Decisions counted for `service`.
    func decisions(service: Int) -> Int { serviceCells[service * DecisionTally.width..<(service + 1) * DecisionTally.width].reduce(0, +) }

    // MARK: - Cells

    /// A row: a cell per action (and one more for unmanaged models seen hosted) and outcome (and
    /// one more for none).
    private static let actions = Action.allCases.count, outcomes = Outcome.allCases.count + 1
    static let width = (actions + 1) * outcomes
    /// The row of unmanaged models seen hosted (`RunCounts.unmanagedHosted`).
    private static let hostedUnmanaged = actions

    @inline(__always) private static func cell(_ action: Action, _ outcome: Outcome?, wasHosted: Bool) -> Int {
        let row = action == .unmanaged && wasHosted ? hostedUnmanaged : action.tallyIndex
        return row &* outcomes &+ (outcome?.tallyIndex ?? outcomes &- 1)
    }

    private func add(_ cells: [Int], row k: Int, to counts: inout RunCounts) {
        let base = k * DecisionTally.width
        for action in Action.allCases {
            for outcome in Outcome.allCases.map(Optional.some) + [nil] {
                let hosted = action == .unmanaged ? cells[base + DecisionTally.cell(action, outcome, wasHosted: true)] : 0
                let n = cells[base + DecisionTally.cell(action, outcome, wasHosted: false)] + hosted
                counts.add(action, outcome, count: n, hosted: hosted)
            }
        }
    }
}

extension Action {
    /// A dense index for `DecisionTally`'s cells (every case listed: a new one must get its own).
    var tallyIndex: Int {
        switch self {
        case .keep: 0
        case .stop: 1
        case .defer: 2
        case .nothingToDo: 3
        case .unmanaged: 4
        case .start: 5
        }
    }
}

extension Outcome {
    /// A dense index for `DecisionTally`'s cells (every case listed: a new one must get its own).
    var tallyIndex: Int {
        switch self {
        case .stopped: 0
        case .confirmed: 1
        case .unconfirmed: 2
        case .failed: 3
        case .skipped: 4
        case .wouldStop: 5
        case .started: 6
        case .wouldStart: 7
        }
    }
}

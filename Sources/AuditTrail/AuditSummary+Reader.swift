import Foundation
import HostingSchedule

extension AuditSummary {
    /// The one pass over the records, whichever way each was read.
    public struct Reader: Sendable {
        let filter: Filter
        let scanning: Bool
        let decoder = JSONDecoder()
        let unfiltered: Bool
        /// The stops whose saving is still open (`SavingsLedger`), and those it settled, to credit.
        var ledger: SavingsLedger
        var settled: [SavingsLedger.Settled] = []
        /// Per account, as `perAccount` will hold it (kept apart until some record names an account).
        var accounts: [String: AccountTotals] = [:]
        var anyAccount = false
        /// The decisions counted so far, per account and per service (`RunCounts` at the end).
        var tally = DecisionTally()
        /// Per model stopped, the last run that stopped it (to count distinct runs without keeping them).
        var lastRunStopping: [String: String] = [:]
        /// The intents of the run being read whose outcome has not been read yet, and that run.
        var pending: [String: Seen] = [:]
        var pendingRun: String?

        /// A reader for `filter`; `scanning: false` reads every line with `JSONDecoder`.
        public init(filter: Filter, scanning: Bool = true, modelLimit: Int = AuditSummary.modelLimit) {
            self.filter = filter
            self.scanning = scanning
            ledger = SavingsLedger(periodEnd: filter.to, limit: modelLimit)
            unfiltered = filter.project == nil && filter.version == nil && filter.outcome == nil && filter.service == nil && filter.account == nil
        }

        /// Reads one line (nil: an over-long one); true when it is a decision that passed the filter.
        public mutating func add<O: AuditSummaryObserver>(line bytes: UnsafeRawBufferPointer?, number: Int, to s: inout AuditSummary,
                                                          observer: inout O) -> Bool {
            s.lines = number
            guard let bytes, bytes.count > 1, bytes[0] == UInt8(ascii: "{") else {
                s.tornLines.append(number)
                return false
            }
            if scanning, let r = AuditRecordScanner.scan(bytes) { return add(r, to: &s, observer: &observer) }
            if let r = try? decoder.decode(SummaryFields.self, from: Data(bytes)) { return add(r, to: &s, observer: &observer) }
            s.tornLines.append(number)
            return false
        }

        /// Credits the savings the ledger settled: the one place a saving is added, to the
        /// totals, per service, per account and for the observer.
        mutating func credit<O: AuditSummaryObserver>(_ s: inout AuditSummary, _ observer: inout O) {
            for x in settled {
                s.savings += x.savings
                s.savingsPerService[x.stop.seen.service, default: Savings()] += x.savings
                accounts[x.stop.seen.account, default: AccountTotals()].savings += x.savings
                if x.projectionOpenEnded { s.projectionOpenEnded += 1 }
                observer.observe(.saved(x.savings, by: x.stop.seen))
            }
            settled.removeAll(keepingCapacity: true)
        }

        /// The records of the default service, counted apart (most logs name no other).
        var defaultServiceCounts = RunCounts()

        /// Settles the stops still open at the end of the log (once, after the last line).
        public mutating func finish<O: AuditSummaryObserver>(_ s: inout AuditSummary, observer: inout O) {
            closePending(&s, &observer)
            ledger.finish(into: &settled)
            credit(&s, &observer)
            s.logEnd = ledger.latest
            s.period = (filter.from, filter.to)
            s.savingsCutAtLimit = ledger.cutAtLimit
            addTally(&s)
            if defaultServiceCounts.considered > 0 { s.countsPerService[AuditSummary.defaultService] = defaultServiceCounts }
            if anyAccount { s.perAccount = accounts }
        }

        /// Counts one record; true when it is a decision that passed the filter.
        mutating func add<R: SummaryRecord, O: AuditSummaryObserver>(_ r: R, to s: inout AuditSummary, observer: inout O) -> Bool {
            let evalInstant = r.evalInstant  // parsed once per record
            let t = evalInstant ?? 0
            // Every run start, whatever the filters: lateness needs the run before each stop.
            if r.kind == .runStart { s.lateness.runStarted(runId: r.runIdText ?? "", at: t) }
            // An outcome is written by the run that wrote its intent: intents still pending when
            // another run's record comes, or when their run ends, never got one.
            if !pending.isEmpty, r.kind == .runEnd || r.runIdText != pendingRun { closePending(&s, &observer) }
            if let since = filter.since, t < since { return false }
            if let until = filter.until, t >= until { return false }
            // Every record within since/until shows how far the log reaches (c), and one that saw
            // a model hosted or started it ends that model's open saving (b), even outside --from/--to.
            if let at = evalInstant { ledger.reached(at, into: &settled) }
            if r.kind == .decision, r.hasModel, r.stopOutcome == .started || r.wasHosted {
                ledger.sighted(r.serviceModelKey, at: t, into: &settled)
            }
            if !settled.isEmpty { credit(&s, &observer) }
            if let from = filter.from, t < from { return false }
            if let to = filter.to, t >= to { return false }
            switch r.kind {
            case .runStart:
                s.runs += 1
                let time = r.timeText
                s.firstTime = s.firstTime ?? time
                s.lastTime = time
                observer.observe(.runStarted(at: t, evalTime: r.evalTimeText))
                return false
            case .runEnd:
                // Failed listings concern no one model: they count when no model filter is set.
                if unfiltered, let n = r.listingFailures, n > 0 {
                    s.counts.addDiscoveryFailure(n)
                    observer.observe(.listingsFailed(n, at: t))
                }
                return false
            case .intent:
                // Counted only without an outcome filter (it has no outcome); paired with the
                // decision record of the same model in the same run.
                guard filter.outcome == nil, let action = r.intendedAction, r.hasModel, let slot = modelMatches(r) else { return false }
                let account = tally.accounts[slot].label
                let key = r.serviceModelKey
                pendingRun = r.runIdText
                pending[key] = Seen(at: t, project: r.projectText ?? "", service: r.serviceName, account: account, action: action, outcome: nil,
                                    model: key, runId: r.runIdText, evalTime: r.evalTimeText,
                                    namesServiceOrAccount: r.namesService || r.accountNameText != nil || r.accountIdText != nil)
                return false
            case .settle:
                if filter.outcome == nil, r.hasModel, modelMatches(r) != nil { s.settled += 1 }
                return false
            case .events:
                // The run's EventBridge delivery: about no one model, counted when no model filter is set.
                if unfiltered, let n = r.eventFailureCount, n > 0 { s.eventFailures += n }
                return false
            case .decision:
                break
            }
            guard let action = r.decidedAction, r.hasModel else { return false }
            if !pending.isEmpty {
                pending[r.serviceModelKey] = nil
            }
            if let o = filter.outcome, !o.matches(action, r.stopOutcome) { return false }
            guard let slot = modelMatches(r) else { return false }
            let service = r.service(in: &tally)
            tally.add(action, r.stopOutcome, wasHosted: r.wasHosted, account: slot, service: service)
            // Models of services other than Lookout for Vision are named with their service. The
            // key and what was seen are made only when used (a stop, or an observer of decisions):
            // most records of a long log are neither, and their strings cost more than reading them.
            lazy var key = r.serviceModelKey
            lazy var seen = Seen(at: t, project: r.projectText ?? "", service: tally.services[service], account: tally.accounts[slot].label,
                                 action: action, outcome: r.stopOutcome, model: key, runId: r.runIdText, evalTime: r.evalTimeText,
                                 namesServiceOrAccount: r.namesService || tally.accounts[slot].named)
            if observer.observesDecisions { observer.observe(.decided(seen)) }
            if r.stopOutcome == .started, let closes = r.windowClosesInstant, closes > t {
                s.startedHours += Double(closes - t) / 3600 * Double(r.units ?? 1)
            }
            if let outcome = r.stopOutcome, outcome.isStop {
                s.lateness.stopped(at: t, windowClosedAt: r.windowClosedAtInstant, inferenceUnits: r.units ?? 1,
                                   pricePerUnitHour: r.pricePerHour ?? 0)
                // A stop that saves nothing (price 0) counts as a stop and 0 in both savings.
                let nextWindow = r.nextWindowInstant
                let stop = SavingsLedger.Stop(at: t, nextWindow: nextWindow, units: r.units ?? 1, price: r.pricePerHour, seen: seen,
                                              cap: ledger.cap(nextWindow: nextWindow))
                let savesNothing = r.savesNothing
                if savesNothing { s.stopsSavingNothing += 1 } else if stop.price == nil { s.stopsWithoutPrice += 1 }
                if s.stopsPerModel[key] != nil || s.stopsPerModel.count < s.modelLimit {
                    s.stopsPerModel[key, default: 0] += 1
                    let run = r.runIdText ?? ""
                    if lastRunStopping[key] != run {
                        lastRunStopping[key] = run
                        s.runsStoppingModel[key, default: 0] += 1
                    }
                    if !savesNothing { ledger.stopped(stop, key: key, into: &settled) }
                } else {
                    // Beyond the per-model tables: no later record of the model is remembered to
                    // end its saving (only its next window, the log's end and the period's).
                    s.untrackedStops += 1
                    if !savesNothing { ledger.stopped(stop, key: nil, into: &settled) }
                }
                if !settled.isEmpty { credit(&s, &observer) }
            } else if r.stopOutcome == .failed {
                s.failuresByCode[r.errorCodeText ?? "unknown", default: 0] += 1
            }
            return true
        }

        /// Whether a record's model passes the filters (project, version, service, account): its
        /// account's index in `tally` when it does.
        mutating func modelMatches<R: SummaryRecord>(_ r: R) -> Int? {
            if let glob = filter.project, let project = r.projectText, !glob.matches(project) { return nil }
            if let v = filter.version, r.versionText != v { return nil }
            if let service = filter.service, r.serviceName != service.rawValue { return nil }
            let slot = r.account(in: &tally, filter: filter)
            let account = tally.accounts[slot]
            if !account.passes { return nil }
            if account.named { anyAccount = true }
            return slot
        }

        /// Adds the flat tally's decisions to the summary's `RunCounts` (totals, per account, per
        /// service), as if each had been added as it was read.
        mutating func addTally(_ s: inout AuditSummary) {
            for (k, account) in tally.accounts.enumerated() where tally.decisions(account: k) > 0 {
                tally.add(account: k, to: &s.counts)
                tally.add(account: k, to: &accounts[account.label, default: AccountTotals()].counts)
            }
            for (k, name) in tally.services.enumerated() where tally.decisions(service: k) > 0 {
                if k == 0 {
                    tally.add(service: k, to: &defaultServiceCounts)
                } else {
                    tally.add(service: k, to: &s.countsPerService[name, default: RunCounts()])
                }
            }
            tally = DecisionTally()  // added once: a second `finish` adds nothing again
        }

        /// Counts the intents still pending as "sent, outcome unknown", once each.
        mutating func closePending<O: AuditSummaryObserver>(_ s: inout AuditSummary, _ observer: inout O) {
            for seen in pending.values.sorted(by: { $0.model < $1.model }) {
                s.counts.addOutcomeUnknown()
                accounts[seen.account, default: AccountTotals()].counts.addOutcomeUnknown()
                if seen.service == AuditSummary.defaultService {
                    defaultServiceCounts.addOutcomeUnknown()
                } else {
                    s.countsPerService[seen.service, default: RunCounts()].addOutcomeUnknown()
                }
                if s.unknownOutcomes.count < AuditSummary.unknownKept { s.unknownOutcomes.append((seen.model, seen.action, seen.runId ?? "")) }
                observer.observe(.outcomeUnknown(seen))
            }
            pending = [:]
            pendingRun = nil
        }
    }
}

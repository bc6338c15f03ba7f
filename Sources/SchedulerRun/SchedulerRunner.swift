import AuditTrail
import AWSCore
import Foundation
import HostingSchedule
import ModelHosting

/// The run: find the models the rules cover, decide with the evaluator, stop the hosted ones
/// outside their windows, record everything. It talks to services only through
/// `ModelHostingService`, and knows nothing of any one service.
public final class SchedulerRunner: Sendable {
    /// Tunables of one run.
    public struct Options: Sendable {
        /// Read-only: decide and report, send no mutating request, write no log.
        public var dryRun: Bool
        /// The instant decisions are made for (seconds since the epoch).
        public var evaluationInstant: Int
        /// Calls in flight at once.
        public var concurrency: Int
        /// With a value: poll each stopped model until it is seen stopped, for at most this many seconds.
        public var wait: Double?
        /// Seconds between polls with `wait`.
        public var pollInterval: Double
        /// The rule file, for the log.
        public var rulesFile: String
        /// The time zone database the rules were read with (`tzdata 2026f from /usr/share/zoneinfo`),
        /// for the report and the log's `run-start` record.
        public var timeZones: String?
        /// Tool version, for the log.
        public var toolVersion: String
        /// Who runs it (`user@host`), for the log.
        public var actor: String?
        /// This run's id (in every record).
        public var runId: String
        /// `--no-start`: no model is started this run, whatever the rules ask.
        public var noStart: Bool
        /// What the log remembers of earlier runs (grace, starts).
        public var memory: RunMemory
        /// Without `--now`: the real clock, read again just before each stop is sent, so that a
        /// model whose window opened while the run was listing is kept (nil: decide once, at
        /// `evaluationInstant`).
        public var redecideWithClock: (@Sendable () -> Int)?
        /// Stops and starts of earlier runs whose outcome the log does not hold: settled at the
        /// start of the run by reading each model's status (`AuditTail.unsettledIntents`).
        public var unsettled: [UnsettledIntent] = []

        public init(dryRun: Bool = false, evaluationInstant: Int, concurrency: Int = 8, wait: Double? = nil, pollInterval: Double = 5,
                    rulesFile: String = "", toolVersion: String = "0", actor: String? = nil,
                    runId: String = UUID().uuidString.lowercased(), noStart: Bool = false, memory: RunMemory = RunMemory(),
                    redecideWithClock: (@Sendable () -> Int)? = nil, timeZones: String? = nil) {
            self.timeZones = timeZones
            self.noStart = noStart
            self.memory = memory
            self.dryRun = dryRun
            self.evaluationInstant = evaluationInstant
            self.concurrency = max(1, concurrency)
            self.wait = wait
            self.pollInterval = pollInterval
            self.rulesFile = rulesFile
            self.toolVersion = toolVersion
            self.actor = actor
            self.runId = runId
            self.redecideWithClock = redecideWithClock
        }
    }

    /// What a run did, in sum (each model's decision went to the `report` callback as it was done).
    public struct Result: Sendable {
        public let runId: String
        public let regions: [String]
        /// What was decided and done, counted once.
        public let counts: RunCounts
        public let discoveryFailures: [DiscoveryFailure]
        /// Requests sent, by API (retries included): the run's share of its `CallLedger`.
        public var calls: [String: Int]
        public let durationSeconds: Double
        /// The first window edge after the evaluation instant (`RuleSet.nextEdge(after:)`), if any.
        public var nextEdge: RuleSet.Edge? = nil
        /// Things worth telling people (a keep-until tag capped or unreadable as a time).
        public var warnings: [String] = []
        /// Set when the audit log could not be written: no action was taken after that, and
        /// every model (stops sent included) is still in the report.
        public var logFailure: String?
        /// The log's anchor as written after the run (nil for a dry run, or when the log failed).
        public var anchor: AuditAnchor?
        /// What this run found about earlier runs' actions of unknown outcome (`counts.outcomeUnknown`).
        public var settled: [IntentSettlement] = []
        /// What became of the run's EventBridge events (nil: none configured, or a dry run).
        public var events: EventsDelivered?
        /// 0 success, 1 some actions or listings failed (`RunCounts.exitStatus`), the log failed,
        /// or an event was not delivered (`EventsDelivered.failed`).
        public var exitCode: Int32 { logFailure != nil || (events?.failed ?? 0) > 0 ? 1 : counts.exitStatus }

        public init(runId: String, regions: [String], counts: RunCounts, discoveryFailures: [DiscoveryFailure], calls: [String: Int],
                    durationSeconds: Double, logFailure: String? = nil, anchor: AuditAnchor? = nil) {
            self.runId = runId
            self.regions = regions
            self.counts = counts
            self.discoveryFailures = discoveryFailures
            self.calls = calls
            self.durationSeconds = durationSeconds
            self.logFailure = logFailure
            self.anchor = anchor
        }
    }

    let ruleSet: RuleSet
    let services: [any ModelHostingService]
    let sink: (any AuditSink)?
    let now: @Sendable () -> Double
    /// Targets that could not be reached at all (an account whose role could not be assumed):
    /// discovery failures of the run, reported and counted with the others.
    let unreachable: [DiscoveryFailure]
    /// Told of every record the log takes (the EventBridge events), then asked what became of them.
    let observer: (any RecordObserver)?
    /// Where the services' clients (and the observer's) count every request they send; the run's
    /// `calls` are what it counted during the run (nil: none counted).
    let ledger: CallLedger?

    /// A runner over `services` (one per account, service and region); `sink` receives audit
    /// records (nil: none, as for a dry run); `now` is the real clock (for records, not decisions);
    /// `unreachable` are the targets found unreachable before the run (failed listings); `ledger`
    /// is the one the services' clients count their requests in (`AWSServiceClient.Options.ledger`).
    public init(ruleSet: RuleSet, services: [any ModelHostingService], sink: (any AuditSink)?,
                unreachable: [DiscoveryFailure] = [], observer: (any RecordObserver)? = nil, ledger: CallLedger? = nil,
                now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.ledger = ledger
        self.observer = observer
        self.ruleSet = ruleSet
        self.services = services
        self.sink = sink
        self.unreachable = unreachable
        self.now = now
    }

    /// The regions the run covers, in order.
    public var regions: [String] { Array(Set(services.map(\.region))).sorted() }

    // MARK: - The run

    /// A listing the pipeline runs: the models of a project of one service.
    struct Listing: Sendable {
        let service: Int
        let project: String
        /// Named by the rules (not found by ListProjects): a missing project is not an error.
        let named: Bool
    }

    enum Done: Sendable {
        case listed(service: Int, project: String, named: Bool, models: Swift.Result<[HostedModel], AWSError>)
        case stopped(service: Int, ModelDecision)
    }

    /// The calls a target still has to make: stops (and starts) first, then listings. Taken from
    /// the front; what was taken is dropped now and then, so memory stays flat on a large fleet.
    struct PendingWork {
        var stops: [ModelDecision] = []
        var nextStop = 0
        var listings: [Listing] = []
        var nextListing = 0
        var hasStop: Bool { nextStop < stops.count }
        var hasListing: Bool { nextListing < listings.count }
        mutating func popStop() -> ModelDecision? {
            guard hasStop else { return nil }
            defer {
                nextStop += 1
                if nextStop >= 1024 { stops.removeFirst(nextStop); nextStop = 0 }
            }
            return stops[nextStop]
        }
        mutating func popListing() -> Listing? {
            guard hasListing else { return nil }
            defer { nextListing += 1 }
            return listings[nextListing]
        }
    }

    /// The services grouped by account (the home account's first): each group is a lane of
    /// the pool, with `concurrency` calls in flight of its own.
    struct Lanes {
        /// Service indexes of each lane.
        let members: [[Int]]
        /// The lane of each service.
        let lane: [Int]
        init(services: [any ModelHostingService]) {
            var order: [String?] = []
            var members: [[Int]] = []
            var lane: [Int] = []
            for (i, s) in services.enumerated() {
                let key = s.account?.name
                if let l = order.firstIndex(where: { $0 == key }) {
                    members[l].append(i)
                    lane.append(l)
                } else {
                    order.append(key)
                    members.append([i])
                    lane.append(members.count - 1)
                }
            }
            self.members = members
            self.lane = lane
        }
    }

    /// Runs once. Each model's decision goes to `report` as soon as it is decided (or, for a
    /// stop, done), and to the audit log; nothing per model is kept, so memory does not grow with
    /// the fleet. Listings and stops share one pool of `concurrency` calls in flight, stops first,
    /// so a project's hosted models are stopped while other projects are still listed. When the
    /// log fails, no further stop is sent, and the result says why (`logFailure`): every model
    /// still goes to `report`, so a stop that was sent but could not be logged is in the output.
    public func run(options: Options, report: (ModelDecision) -> Void = { _ in }) async throws -> Result {
        let started = now()
        // The clients may serve several runs (the demo's day): this run's calls are those counted from now.
        let mark = ledger?.mark()
        let writer = RecordWriter(sink: options.dryRun ? nil : sink, observer: options.dryRun ? nil : observer, options: options, now: now)
        do {
            try writer.write(.runStart(.init(rules_file: options.rulesFile, regions: regions, time_zones: options.timeZones)))
        } catch {
            // Nothing sent, nothing to report.
            return Result(runId: options.runId, regions: regions, counts: RunCounts(), discoveryFailures: [], calls: [:],
                          durationSeconds: now() - started, logFailure: "\(error)")
        }

        var counts = RunCounts()
        var failures: [DiscoveryFailure] = []
        var logError: (any Error)?
        // Write-ahead: each action's intent is on disk before its call is sent.
        let writeAhead = writer.sink == nil ? nil : WriteAhead(writer: writer)

        // 0. Actions of earlier runs whose outcome the log does not hold: their models' status
        //    read, and a settle record each, before anything is listed or sent.
        var settled: [IntentSettlement] = []
        if !options.dryRun {
            for pending in options.unsettled {
                let settlement = await settle(pending)
                counts.addOutcomeUnknown()
                settled.append(settlement)
                do { try writer.write(.settle(settlement)) } catch { logError = logError ?? error }
            }
        }
        func emit(_ m: ModelDecision) {
            counts.add(m)
            do {
                try writer.write(.decision(m))
            } catch {
                logError = logError ?? error
            }
            report(m)
        }
        func failed(_ f: DiscoveryFailure) {
            counts.addDiscoveryFailure()
            failures.append(f)
        }

        // 1. The projects to list: named by the rules, or found by ListProjects.
        //    Accounts whose role could not be assumed at setup come first: nothing of theirs is listed.
        for f in unreachable { failed(f) }
        var listings: [Listing] = []
        for (jobs, failure) in await projectsOfAllServices(concurrency: options.concurrency) {
            listings.append(contentsOf: jobs)
            if let failure { failed(failure) }
        }

        // 2. One pool per account: the models of each project listed; each model decided as its
        //    listing arrives; stops queued and run first. Each account has `concurrency` calls
        //    in flight of its own (its quotas are its own), and within an account the targets
        //    (service, region) take turns, so a call waiting for its target's rate limit never
        //    holds back another target's.
        var queues = Array(repeating: PendingWork(), count: services.count)
        for job in listings { queues[job.service].listings.append(job) }
        let lanes = Lanes(services: services)
        var running = Array(repeating: 0, count: lanes.members.count)
        // Stops in flight per lane: at most half the lane while listings wait, so a listing that
        // makes many calls of its own (SageMaker's describes) is not starved by a queue of stops.
        var runningStops = Array(repeating: 0, count: lanes.members.count)
        var cursor = Array(repeating: 0, count: lanes.members.count)
        let warnings = WarningList()
        var identity = AccountIdentity()
        await withTaskGroup(of: Done.self) { group in
            /// The next target of `lane`, in turn, with a stop pending (else with a listing pending).
            func nextTarget(in lane: Int) -> Int? {
                let members = lanes.members[lane]
                let stopsFirst = runningStops[lane] < max(1, options.concurrency / 2)
                for wantStop in stopsFirst ? [true, false] : [false, true] {
                    for k in 0..<members.count {
                        let index = members[(cursor[lane] + k) % members.count]
                        if wantStop ? queues[index].hasStop : queues[index].hasListing {
                            cursor[lane] = (cursor[lane] + k + 1) % members.count
                            return index
                        }
                    }
                }
                return nil
            }
            func launch() {
                for lane in lanes.members.indices {
                    while running[lane] < options.concurrency, let index = nextTarget(in: lane) {
                        if let m = queues[index].popStop() {
                            if logError != nil {
                                // No action that cannot be recorded.
                                var skipped = m
                                skipped.outcome = .skipped
                                skipped.reason = "not \(m.decision == .start ? "started" : "stopped"): the audit log could not be written; " + m.reason
                                emit(skipped)
                                continue
                            }
                            let service = self.services[index]
                            runningStops[lane] += 1
                            if m.decision == .start {
                                group.addTask {
                                    .stopped(service: index, await self.start(m, on: service, options: options, writeAhead: writeAhead))
                                }
                            } else {
                                group.addTask {
                                    .stopped(service: index, await self.stop(m, on: service, options: options, writeAhead: writeAhead,
                                                                            warnings: warnings))
                                }
                            }
                        } else if let job = queues[index].popListing() {
                            group.addTask { await self.listModels(job) }
                        }
                        running[lane] += 1
                    }
                }
            }
            launch()
            while let done = await group.next() {
                switch done {
                case let .listed(index, project, named, result):
                    running[lanes.lane[index]] -= 1
                    let service = services[index]
                    // An account that failed its identity check: nothing more of it is decided.
                    if identity.failedLanes.contains(lanes.lane[index]) { break }
                    switch result {
                    case .success(let models):
                        if let problem = identity.mismatch(in: models, of: service, project: project) {
                            failed(DiscoveryFailure(account: service.account?.name, service: service.kind, region: service.region,
                                                    operation: service.name(of: .listModels), project: project,
                                                    error_code: AWSErrorCode.accountMismatch.rawValue, error_message: problem))
                            identity.failedLanes.insert(lanes.lane[index])
                            for member in lanes.members[lanes.lane[index]] {
                                for m in queues[member].abandon() { emit(m.skipped(identityProblem: problem)) }
                            }
                            break
                        }
                        for model in models.sorted(by: { $0.version.compare($1.version, options: .numeric) == .orderedAscending }) {
                            let m = decide(model, in: service, at: options.evaluationInstant, options: options)
                            if m.decision == .stop || m.decision == .start { queues[index].stops.append(m) } else { emit(m) }
                        }
                    case .failure(let e) where e.code == AWSErrorCode.resourceNotFound && named:
                        break  // a project the rules name does not exist in this region: nothing to manage
                    case .failure(let e):
                        failed(DiscoveryFailure(account: service.account?.name, service: service.kind, region: service.region,
                                                operation: service.name(of: .listModels), project: project,
                                                error_code: e.code.rawValue, error_message: e.message))
                    }
                case let .stopped(index, m):
                    running[lanes.lane[index]] -= 1
                    runningStops[lanes.lane[index]] -= 1
                    // An intent that could not be written: no further action is sent.
                    if m.outcome == .skipped, logError == nil { logError = await writeAhead?.failure ?? AuditLogError(m.reason) }
                    // Not flushed here: the intent already is (write-ahead); the outcome reaches the
                    // disk with the next flush of intents, and at the run's end (an outcome lost to a
                    // power cut is "sent, outcome unknown", settled by the next run). The loop does
                    // not wait for the disk between calls.
                    emit(m)
                }
                launch()
            }
        }

        var result = Result(runId: options.runId, regions: regions, counts: counts, discoveryFailures: failures,
                            calls: [:], durationSeconds: now() - started, logFailure: logError.map { "\($0)" })
        result.warnings = warnings.all
        result.settled = settled
        result.nextEdge = ruleSet.nextEdge(after: options.evaluationInstant)
        if logError != nil {
            await finishEvents(&result, writer: writer, record: false)
            result.calls = calls(since: mark)
            return result
        }
        let end = RunEvent.RunEnd(counts: counts, duration_ms: Int(result.durationSeconds * 1000), exit_code: Int(result.exitCode),
                                  error_message: failures.isEmpty ? nil : failures.map(\.summary).joined(separator: "; "))
        do {
            try writer.write(.runEnd(end))
            try writer.sync()
        } catch {
            result.logFailure = "\(error)"
        }
        await finishEvents(&result, writer: writer, record: result.logFailure == nil)
        result.calls = calls(since: mark)
        return result
    }
}

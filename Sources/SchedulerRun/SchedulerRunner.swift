import AWSCore
import Foundation
import HostingSchedule
import LookoutVision

/// The run: find the models the rules cover, decide with the evaluator, stop the hosted ones
/// outside their windows, record everything.
public final class SchedulerRunner: Sendable {
    /// Tunables of one run.
    public struct Options: Sendable {
        /// Read-only: decide and report, send no mutating request, write no log.
        public var dryRun: Bool
        /// The instant decisions are made for (seconds since the epoch).
        public var evaluationInstant: Int
        /// Calls in flight at once.
        public var concurrency: Int
        /// With a value: poll each stopped model until TRAINED, for at most this many seconds.
        public var wait: Double?
        /// Seconds between polls with `wait`.
        public var pollInterval: Double
        /// Price per inference-unit hour, recorded for the savings estimate.
        public var pricePerInferenceUnitHour: Double
        /// The rule file, for the log.
        public var rulesFile: String
        /// Tool version, for the log.
        public var toolVersion: String
        /// Who runs it (`user@host`), for the log.
        public var actor: String?
        /// This run's id (in every record).
        public var runId: String

        public init(dryRun: Bool = false, evaluationInstant: Int, concurrency: Int = 8, wait: Double? = nil, pollInterval: Double = 5,
                    pricePerInferenceUnitHour: Double = 4, rulesFile: String = "", toolVersion: String = "0", actor: String? = nil,
                    runId: String = UUID().uuidString.lowercased()) {
            self.dryRun = dryRun
            self.evaluationInstant = evaluationInstant
            self.concurrency = max(1, concurrency)
            self.wait = wait
            self.pollInterval = pollInterval
            self.pricePerInferenceUnitHour = pricePerInferenceUnitHour
            self.rulesFile = rulesFile
            self.toolVersion = toolVersion
            self.actor = actor
            self.runId = runId
        }
    }

    /// A listing that failed (the models behind it could not be decided on).
    public struct DiscoveryFailure: Codable, Sendable, Equatable {
        public let region: String
        public let operation: String
        public let project: String?
        public let error_code: String
        public let error_message: String
    }

    /// What a run did, in sum (each model's report went to the `report` callback as it was done).
    public struct Result: Sendable {
        public let runId: String
        public let regions: [String]
        /// Counts: `considered`, one per decision and outcome, `unmanaged_hosted`, `discovery_failures`.
        public let counts: [String: Int]
        public let discoveryFailures: [DiscoveryFailure]
        /// Requests made, by API (retries included).
        public let calls: [String: Int]
        public let durationSeconds: Double
        /// 0 success, 1 some actions or listings failed.
        public var exitCode: Int32 {
            ((counts["failed"] ?? 0) + (counts["unconfirmed"] ?? 0) + discoveryFailures.count) > 0 ? 1 : 0
        }
    }

    /// Counts kept while reports stream by (memory does not grow with the fleet).
    struct Tally {
        var counts: [String: Int] = ["considered": 0]
        mutating func add(_ m: ModelReport) {
            counts["considered", default: 0] += 1
            counts[m.decision, default: 0] += 1
            if let o = m.outcome { counts[o, default: 0] += 1 }
            if m.decision == "unmanaged" && m.status_before == "HOSTED" { counts["unmanaged_hosted", default: 0] += 1 }
        }
    }

    let ruleSet: RuleSet
    let clientForRegion: @Sendable (String) throws -> LookoutVisionClient
    let sink: (any AuditSink)?
    let now: @Sendable () -> Double

    /// A runner. `clientForRegion` builds a client per region; `sink` receives audit records
    /// (nil: none, as for a dry run); `now` is the real clock (for records, not decisions).
    public init(ruleSet: RuleSet, clientForRegion: @escaping @Sendable (String) throws -> LookoutVisionClient,
                sink: (any AuditSink)?, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.ruleSet = ruleSet
        self.clientForRegion = clientForRegion
        self.sink = sink
        self.now = now
    }

    /// The regions a run covers: every rule's region, and `commandLineRegion` for rules that name
    /// none (nil when no rule needs it).
    public static func regions(of ruleSet: RuleSet, commandLineRegion: String?) -> (regions: [String], missing: Bool) {
        var set = Set<String>()
        var needsDefault = false
        for r in ruleSet.rules {
            if let region = r.region { set.insert(region) } else { needsDefault = true }
        }
        if needsDefault {
            if let c = commandLineRegion { set.insert(c) } else { return (set.sorted(), true) }
        }
        return (set.sorted(), false)
    }

    // MARK: - The run

    /// What the pipeline runs: a listing, or a stop.
    enum Job: Sendable {
        case list(region: String, project: String, named: Bool)
        case stop(ModelReport)
    }

    enum Done: Sendable {
        case listed(region: String, project: String, named: Bool, models: Swift.Result<[ModelMetadata], AWSError>, requests: Int)
        case stopped(ModelReport)
    }

    /// Runs once over `regions`. Each model's report goes to `report` as soon as it is decided
    /// (or, for a stop, done), and to the audit log; nothing per model is kept, so memory does not
    /// grow with the fleet. Listings and stops share one pool of `concurrency` calls in flight,
    /// stops first, so a project's hosted models are stopped while other projects are still listed.
    public func run(regions: [String], options: Options, report: (ModelReport) -> Void = { _ in }) async throws -> Result {
        let started = now()
        let calls = CallCounter()
        let writer = RecordWriter(sink: options.dryRun ? nil : sink, runId: options.runId, options: options, now: now)
        var start = writer.base(type: "run-start")
        start.rules_file = options.rulesFile
        start.regions = regions
        try writer.write(start)

        var tally = Tally()
        var failures: [DiscoveryFailure] = []
        var logError: (any Error)?
        func emit(_ m: ModelReport, sync: Bool = false) {
            tally.add(m)
            do {
                try writer.write(writer.decision(m))
                if sync { try writer.sync() }
            } catch {
                logError = logError ?? error
            }
            report(m)
        }

        // 1. The projects to list: named by the rules, or found by ListProjects.
        var listings: [Job] = []
        for region in regions {
            let (jobs, failure) = await projects(in: region, calls: calls)
            listings.append(contentsOf: jobs)
            if let failure { failures.append(failure) }
        }

        // 2. One pool: ListModels per project; each model decided as its listing arrives; stops
        //    queued and run first.
        var stops: [ModelReport] = []
        var nextStop = 0, nextListing = 0
        await withTaskGroup(of: Done.self) { group in
            var running = 0
            func launch() {
                while running < options.concurrency {
                    if nextStop < stops.count {
                        let m = stops[nextStop]
                        nextStop += 1
                        if nextStop >= 1024 {
                            stops.removeFirst(nextStop)
                            nextStop = 0
                        }
                        if logError != nil {
                            // No action that cannot be recorded.
                            var skipped = m
                            skipped.outcome = "skipped"
                            skipped.reason = "not stopped: the audit log could not be written; " + m.reason
                            emit(skipped)
                            continue
                        }
                        group.addTask { .stopped(await self.stop(m, options: options, calls: calls)) }
                    } else if nextListing < listings.count {
                        let job = listings[nextListing]
                        nextListing += 1
                        guard case let .list(region, project, named) = job else { continue }
                        group.addTask { await self.listModels(region: region, project: project, named: named) }
                    } else {
                        return
                    }
                    running += 1
                }
            }
            launch()
            while let done = await group.next() {
                running -= 1
                switch done {
                case let .listed(region, project, named, result, requests):
                    calls.add("ListModels", requests)
                    switch result {
                    case .success(let models):
                        for model in models.sorted(by: { (Int($0.modelVersion) ?? 0) < (Int($1.modelVersion) ?? 0) }) {
                            let m = decide(region: region, project: project, model: model, at: options.evaluationInstant)
                            if m.decision == "stop" { stops.append(m) } else { emit(m) }
                        }
                    case .failure(let e) where e.code == "ResourceNotFoundException" && named:
                        break  // a project the rules name does not exist in this region: nothing to manage
                    case .failure(let e):
                        failures.append(DiscoveryFailure(region: region, operation: "ListModels", project: project,
                                                         error_code: e.code, error_message: e.message))
                    }
                case .stopped(let m):
                    emit(m, sync: true)
                }
                launch()
            }
        }

        var counts = tally.counts
        counts["discovery_failures"] = failures.count
        let result = Result(runId: options.runId, regions: regions, counts: counts, discoveryFailures: failures,
                            calls: calls.snapshot, durationSeconds: now() - started)
        var end = writer.base(type: "run-end")
        end.counts = result.counts
        end.duration_ms = Int(result.durationSeconds * 1000)
        end.exit_code = Int(result.exitCode)
        if !failures.isEmpty {
            end.error_message = failures.map { "\($0.operation) \($0.region)\($0.project.map { "/\($0)" } ?? ""): \($0.error_code): \($0.error_message)" }.joined(separator: "; ")
        }
        if let logError { throw logError }
        try writer.write(end)
        try writer.sync()
        return result
    }

    // MARK: - Discovery

    /// The projects to list in a region: those the rules name when no rule of the region uses a
    /// pattern; otherwise every project ListProjects returns (so that a hosted model no rule
    /// covers is seen and reported).
    func projects(in region: String, calls: CallCounter) async -> ([Job], DiscoveryFailure?) {
        let rules = ruleSet.rules.filter { $0.region == nil || $0.region == region }
        guard !rules.isEmpty else { return ([], nil) }
        if rules.allSatisfy({ $0.project.isLiteral }) {
            return (Set(rules.map(\.project.pattern)).sorted().map { .list(region: region, project: $0, named: true) }, nil)
        }
        do {
            let listed = try await client(region).listProjects()
            calls.add("ListProjects", listed.requests)
            return (listed.value.map { .list(region: region, project: $0.projectName, named: false) }, nil)
        } catch {
            calls.add("ListProjects", max(1, error.attempts))
            return ([], DiscoveryFailure(region: region, operation: "ListProjects", project: nil, error_code: error.code, error_message: error.message))
        }
    }

    func listModels(region: String, project: String, named: Bool) async -> Done {
        do {
            let m = try await client(region).listModels(project: project)
            return .listed(region: region, project: project, named: named, models: .success(m.value), requests: m.requests)
        } catch {
            return .listed(region: region, project: project, named: named, models: .failure(error), requests: max(1, error.attempts))
        }
    }

    /// The region's client, or a configuration error as an `AWSError`.
    func client(_ region: String) throws(AWSError) -> LookoutVisionClient {
        do {
            return try clientForRegion(region)
        } catch {
            throw AWSError(code: "ConfigurationError", message: "\(error)", retryable: false, attempts: 0)
        }
    }

    // MARK: - Decisions

    func decide(region: String, project: String, model: ModelMetadata, at t: Int) -> ModelReport {
        let status = model.status ?? "UNKNOWN"
        let decision = ruleSet.decide(project: project, version: model.modelVersion, region: region, at: t)
        var r = ModelReport(region: region, project: project, version: model.modelVersion, status_before: status, decision: "none", reason: decision.reason)
        guard let rule = decision.rule else {
            r.decision = "unmanaged"
            if status == "HOSTED" { r.reason = "hosted, but no rule covers \(project) version \(model.modelVersion): left running (unmanaged)" }
            return r
        }
        r.rule = rule.number
        r.rule_line = rule.line
        r.schedule = rule.schedule.name
        r.timezone = rule.schedule.zoneName
        r.eval_local = InstantFormat.local(t, in: rule.schedule.clock)
        r.next_window = decision.nextTransition.map(InstantFormat.utc)
        if decision.hosted == true {
            r.decision = "keep"
            r.next_window = nil
            return r
        }
        switch status {
        case "HOSTED":
            r.decision = "stop"
        case "STARTING_HOSTING", "STOPPING_HOSTING", "SYSTEM_UPDATING":
            r.decision = "defer"
            r.reason = "\(status): not stopped now (StopModel is only sent to HOSTED models); \(decision.reason)"
        default:
            r.decision = "none"
            r.reason = "\(status): not hosted, nothing to stop; \(decision.reason)"
        }
        return r
    }

    // MARK: - Stopping

    func stop(_ report: ModelReport, options: Options, calls: CallCounter) async -> ModelReport {
        var r = report
        let token = LookoutVisionClient.newClientToken()
        r.client_token = token
        if options.dryRun {
            r.outcome = "would-stop"
            return r
        }
        let client: LookoutVisionClient
        do {
            client = try self.client(r.region)
        } catch {
            r.outcome = "failed"
            r.error_code = error.code
            r.error_message = error.message
            return r
        }
        do {
            let out = try await client.stopModel(project: r.project, version: r.version, clientToken: token)
            calls.add("StopModel", out.attempts)
            r.outcome = "stopped"
            r.status_after = out.value
            r.request_id = out.requestId
            r.attempts = out.attempts
        } catch {
            calls.add("StopModel", max(1, error.attempts))
            r.outcome = "failed"
            r.error_code = error.code
            r.error_message = error.message
            r.request_id = error.requestId
            r.attempts = error.attempts
            return r
        }
        if let wait = options.wait {
            let deadline = now() + wait
            var confirmed = false
            while now() < deadline {
                try? await Task.sleep(nanoseconds: UInt64(max(0.05, min(options.pollInterval, deadline - now())) * 1e9))
                if let d = try? await client.describeModel(project: r.project, version: r.version) {
                    calls.add("DescribeModel", d.attempts)
                    r.status_after = d.value.status
                    r.inference_units = d.value.minInferenceUnits
                    if d.value.status == "TRAINED" {
                        confirmed = true
                        break
                    }
                } else {
                    calls.add("DescribeModel", 1)
                }
            }
            r.outcome = confirmed ? "confirmed" : "unconfirmed"
        }
        return r
    }
}

/// Counts requests by API across concurrent tasks.
final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    func add(_ api: String, _ n: Int) { lock.withLock { counts[api, default: 0] += n } }
    var snapshot: [String: Int] { lock.withLock { counts } }
}

/// Builds and writes the run's audit records, numbering them.
final class RecordWriter: @unchecked Sendable {
    let sink: (any AuditSink)?
    let runId: String
    let options: SchedulerRunner.Options
    let now: @Sendable () -> Double
    private let lock = NSLock()
    private var seq = 0

    init(sink: (any AuditSink)?, runId: String, options: SchedulerRunner.Options, now: @escaping @Sendable () -> Double) {
        self.sink = sink
        self.runId = runId
        self.options = options
        self.now = now
    }

    func base(type: String) -> AuditRecord {
        var r = AuditRecord(type: type, run_id: runId, seq: 0, time: InstantFormat.utc(Int(now())),
                            eval_time: InstantFormat.utc(options.evaluationInstant), dry_run: options.dryRun, tool_version: options.toolVersion)
        r.actor = options.actor
        return r
    }

    func decision(_ m: ModelReport) -> AuditRecord {
        var r = base(type: "decision")
        r.region = m.region
        r.project = m.project
        r.version = m.version
        r.rule = m.rule
        r.rule_line = m.rule_line
        r.schedule = m.schedule
        r.timezone = m.timezone
        r.eval_local = m.eval_local
        r.status_before = m.status_before
        r.decision = m.decision
        r.reason = m.reason
        r.outcome = m.outcome
        r.client_token = m.client_token
        r.request_id = m.request_id
        r.attempts = m.attempts
        r.error_code = m.error_code
        r.error_message = m.error_message
        r.status_after = m.status_after
        r.next_window = m.next_window
        r.inference_units = m.inference_units
        if m.decision == "stop" { r.price_per_iu_hour = options.pricePerInferenceUnitHour }
        return r
    }

    func write(_ record: AuditRecord) throws {
        guard let sink else { return }
        try lock.withLock {
            var r = record
            r.seq = seq
            seq += 1
            try sink.append(r)
        }
    }

    func sync() throws { try sink?.sync() }
}

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

        public init(dryRun: Bool = false, evaluationInstant: Int, concurrency: Int = 8, wait: Double? = nil, pollInterval: Double = 5,
                    pricePerInferenceUnitHour: Double = 4, rulesFile: String = "", toolVersion: String = "0", actor: String? = nil) {
            self.dryRun = dryRun
            self.evaluationInstant = evaluationInstant
            self.concurrency = max(1, concurrency)
            self.wait = wait
            self.pollInterval = pollInterval
            self.pricePerInferenceUnitHour = pricePerInferenceUnitHour
            self.rulesFile = rulesFile
            self.toolVersion = toolVersion
            self.actor = actor
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

    /// Everything a run did.
    public struct Result: Sendable {
        public let runId: String
        public let regions: [String]
        public let models: [ModelReport]
        public let discoveryFailures: [DiscoveryFailure]
        /// Requests made, by API (retries included).
        public let calls: [String: Int]
        public let durationSeconds: Double
        /// 0 success, 1 some actions failed.
        public var exitCode: Int32 { (models.contains(where: \.failed) || !discoveryFailures.isEmpty) ? 1 : 0 }

        /// Counts by decision and outcome.
        public var counts: [String: Int] {
            var c: [String: Int] = ["considered": models.count]
            for m in models {
                c[m.decision, default: 0] += 1
                if let o = m.outcome { c[o, default: 0] += 1 }
                if m.decision == "unmanaged" && m.status_before == "HOSTED" { c["unmanaged_hosted", default: 0] += 1 }
            }
            c["discovery_failures"] = discoveryFailures.count
            return c
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

    /// Runs once over `regions`.
    public func run(regions: [String], options: Options) async throws -> Result {
        let started = now()
        let runId = UUID().uuidString.lowercased()
        let calls = CallCounter()
        let writer = RecordWriter(sink: options.dryRun ? nil : sink, runId: runId, options: options, now: now)
        var start = writer.base(type: "run-start")
        start.rules_file = options.rulesFile
        start.regions = regions
        try writer.write(start)

        // 1. Discover.
        var found: [(region: String, project: String, model: ModelMetadata)] = []
        var failures: [DiscoveryFailure] = []
        for region in regions {
            let d = await discover(region: region, options: options, calls: calls)
            found.append(contentsOf: d.models.map { (region, $0.0, $0.1) })
            failures.append(contentsOf: d.failures)
        }

        // 2. Decide.
        var reports: [ModelReport] = []
        var toStop: [Int] = []
        for f in found.sorted(by: { ($0.region, $0.project, Int($0.model.modelVersion) ?? 0) < ($1.region, $1.project, Int($1.model.modelVersion) ?? 0) }) {
            let report = decide(region: f.region, project: f.project, model: f.model, at: options.evaluationInstant)
            if report.decision == "stop" { toStop.append(reports.count) }
            reports.append(report)
        }

        // 3. Act: stops in parallel, bounded; each recorded as soon as it is done.
        let acted = await withTaskGroup(of: (Int, ModelReport).self) { group in
            var results: [Int: ModelReport] = [:]
            var next = 0
            func launch() {
                guard next < toStop.count else { return }
                let index = toStop[next]
                let report = reports[index]
                next += 1
                group.addTask { (index, await self.stop(report, options: options, calls: calls)) }
            }
            for _ in 0..<options.concurrency { launch() }
            while let (index, report) = await group.next() {
                results[index] = report
                try? writer.write(writer.decision(report))
                try? writer.sync()
                launch()
            }
            return results
        }
        for (i, r) in acted { reports[i] = r }
        for (i, r) in reports.enumerated() where acted[i] == nil { try writer.write(writer.decision(r)) }

        let result = Result(runId: runId, regions: regions, models: reports,
                            discoveryFailures: failures, calls: calls.snapshot, durationSeconds: now() - started)
        var end = writer.base(type: "run-end")
        end.counts = result.counts
        end.duration_ms = Int(result.durationSeconds * 1000)
        end.exit_code = Int(result.exitCode)
        if !failures.isEmpty {
            end.error_message = failures.map { "\($0.operation) \($0.region)\($0.project.map { "/\($0)" } ?? ""): \($0.error_code): \($0.error_message)" }.joined(separator: "; ")
        }
        try writer.write(end)
        try writer.sync()
        return result
    }

    // MARK: - Discovery

    struct Discovery {
        var models: [(String, ModelMetadata)] = []
        var failures: [DiscoveryFailure] = []
    }

    /// ListProjects only where a rule of the region uses a pattern (otherwise the rules name every
    /// project); ListModels once per project (statuses come with it).
    func discover(region: String, options: Options, calls: CallCounter) async -> Discovery {
        var d = Discovery()
        let rules = ruleSet.rules.filter { $0.region == nil || $0.region == region }
        guard !rules.isEmpty else { return d }
        let client: LookoutVisionClient
        do {
            client = try clientForRegion(region)
        } catch {
            d.failures.append(DiscoveryFailure(region: region, operation: "configure", project: nil, error_code: "ConfigurationError", error_message: "\(error)"))
            return d
        }
        var projects: [String]
        let literalOnly = rules.allSatisfy { $0.project.isLiteral }
        if literalOnly {
            projects = Array(Set(rules.map(\.project.pattern))).sorted()
        } else {
            do {
                let listed = try await client.listProjects()
                calls.add("ListProjects", listed.requests)
                // Every listed project's models are listed, covered or not, so that a hosted model
                // no rule covers is reported (nothing runs unseen).
                projects = listed.value.map(\.projectName)
            } catch {
                calls.add("ListProjects", max(1, error.attempts))
                d.failures.append(DiscoveryFailure(region: region, operation: "ListProjects", project: nil, error_code: error.code, error_message: error.message))
                return d
            }
        }
        // ListModels per project, bounded.
        let results = await withTaskGroup(of: (String, Swift.Result<[ModelMetadata], AWSError>, Int).self) { group in
            var out: [(String, Swift.Result<[ModelMetadata], AWSError>, Int)] = []
            var next = 0
            func launch() {
                guard next < projects.count else { return }
                let p = projects[next]
                next += 1
                group.addTask {
                    do throws(AWSError) {
                        let m = try await client.listModels(project: p)
                        return (p, .success(m.value), m.requests)
                    } catch {
                        return (p, .failure(error), max(1, error.attempts))
                    }
                }
            }
            for _ in 0..<options.concurrency { launch() }
            while let r = await group.next() {
                out.append(r)
                launch()
            }
            return out
        }
        for (project, result, requests) in results {
            calls.add("ListModels", requests)
            switch result {
            case .success(let models): d.models.append(contentsOf: models.map { (project, $0) })
            case .failure(let e) where e.code == "ResourceNotFoundException" && literalOnly:
                continue  // a project the rules name does not exist (in this region): nothing to manage
            case .failure(let e):
                d.failures.append(DiscoveryFailure(region: region, operation: "ListModels", project: project, error_code: e.code, error_message: e.message))
            }
        }
        return d
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
        r.timezone = rule.schedule.timeZone.identifier
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
            client = try clientForRegion(r.region)
        } catch {
            r.outcome = "failed"
            r.error_code = "ConfigurationError"
            r.error_message = "\(error)"
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

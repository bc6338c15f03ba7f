import AWSCore
import Foundation
import HostingSchedule
import ModelHosting
import Testing
@testable import AuditTrail
@testable import SchedulerRun

/// A sink that keeps records and counts flushes, and can refuse intents (a disk that fills).
final class CountingSink: AuditSink, @unchecked Sendable {
    private let lock = NSLock()
    private var _records: [RunEvent] = []
    private var _dataSyncs = 0
    let refuseIntents: Bool
    init(refuseIntents: Bool = false) { self.refuseIntents = refuseIntents }
    var records: [RunEvent] { lock.withLock { _records } }
    var dataSyncs: Int { lock.withLock { _dataSyncs } }
    func append(_ record: RunEvent) throws {
        if refuseIntents, record.header.type == .intent { throw AuditLogError("No space left on device") }
        lock.withLock { _records.append(record) }
    }
    func sync() throws {}
    func syncData() throws { lock.withLock { _dataSyncs += 1 } }
}

/// Write-ahead: an intent before every action, durable before the call; what `audit` and the next
/// run make of an intent without an outcome.
@Suite struct WriteAheadTests {
    let rules = RuleSet(rules: [Rule(number: 1, project: try! Glob("off*"), region: "eu-west-1", schedule: .never())], schedules: [:])
    let t = 1_796_032_800

    func fleet(_ n: Int) -> FakeHostingService {
        FakeHostingService(projects: ["offline": (1...n).map { (String($0), FakeHostingService.up) }])
    }

    @Test func everyStopIsPrecededByItsIntentWithItsClientToken() async throws {
        let service = fleet(6)
        let sink = CountingSink()
        let runner = SchedulerRunner(ruleSet: rules, services: [service], sink: sink)
        let result = try await runner.run(options: .init(evaluationInstant: t, concurrency: 3))
        #expect(result.counts.stopped == 6 && result.exitCode == 0)
        let records = sink.records
        for d in records.compactMap(\.decision) {
            let intentIndex = try #require(records.firstIndex { $0.intent?.version == d.version })
            let decisionIndex = try #require(records.firstIndex { $0.decision?.version == d.version })
            #expect(intentIndex < decisionIndex)
            #expect(records[intentIndex].intent?.client_token == d.client_token)
            #expect(records[intentIndex].intent?.client_token != nil)
            #expect(records[intentIndex].intent?.action == .stop)
        }
        #expect(records.filter { $0.header.type == .intent }.count == 6)
        // Intents are flushed (fdatasync) before their calls, shared by the intents of a wave: at
        // least one flush, at most one per intent; outcomes are not flushed one by one.
        #expect(sink.dataSyncs >= 1)
        #expect(sink.dataSyncs <= 6)
    }

    /// Group commit: the first flush is held until every intent of the wave is appended; the
    /// intents appended meanwhile share the second flush. Six stops, two flushes.
    @Test func theIntentsOfAWaveShareOneFlush() async throws {
        final class GatedSink: AuditSink, @unchecked Sendable {
            let inner = CountingSink()
            let wave: Int
            init(wave: Int) { self.wave = wave }
            func append(_ record: RunEvent) throws { try inner.append(record) }
            func sync() throws {}
            func syncData() throws {
                // Hold the first flush until the whole wave's intents are in (at most 10 s).
                for _ in 0..<1000 where inner.records.filter({ $0.header.type == .intent }).count < wave { usleep(10_000) }
                try inner.syncData()
            }
        }
        let service = fleet(6)
        let sink = GatedSink(wave: 6)
        let runner = SchedulerRunner(ruleSet: rules, services: [service], sink: sink)
        let result = try await runner.run(options: .init(evaluationInstant: t, concurrency: 6))
        #expect(result.counts.stopped == 6)
        #expect(sink.inner.dataSyncs == 2)
    }

    @Test func aStopWhoseIntentCannotBeWrittenIsNotSent() async throws {
        let service = fleet(4)
        let runner = SchedulerRunner(ruleSet: rules, services: [service], sink: CountingSink(refuseIntents: true))
        var reports: [ModelDecision] = []
        let result = try await runner.run(options: .init(evaluationInstant: t, concurrency: 2)) { reports.append($0) }
        #expect(service.calls.filter { $0.hasPrefix("stop ") }.isEmpty)
        #expect(reports.count == 4 && reports.allSatisfy { $0.outcome == .skipped })
        #expect(reports.contains { $0.reason.contains("its intent could not be written to the audit log") })
        #expect(result.exitCode == 1 && result.logFailure != nil)
    }

    @Test func theNextRunSettlesAnIntentByReadingTheStatusNotBySendingAgain() async throws {
        let service = FakeHostingService(projects: ["offline": [("1", FakeHostingService.down)], "other": [("1", FakeHostingService.up)]])
        var d = ModelDecision(service: .lookoutVision, region: "eu-west-1", project: "offline", version: "1", status_before: "UP", decision: .stop, reason: "x")
        d.account_name = nil
        let pending = UnsettledIntent(intent: ActionIntent(d, action: .stop, clientToken: "tok-1"), runId: "crashed")
        let sink = CountingSink()
        let runner = SchedulerRunner(ruleSet: rules, services: [service], sink: sink)
        var options = SchedulerRunner.Options(evaluationInstant: t)
        options.unsettled = [pending]
        let result = try await runner.run(options: options)
        #expect(service.calls.contains("describe offline/1"))
        #expect(!service.calls.contains { $0.hasPrefix("stop ") })
        #expect(result.counts.outcomeUnknown == 1)
        #expect(result.counts.stopped == 0 && result.exitCode == 0)
        let settle = try #require(sink.records.compactMap(\.settlement).first)
        #expect(settle.intent_run_id == "crashed" && settle.intent.client_token == "tok-1")
        #expect(settle.status_after == "DOWN" && settle.state_after == .stopped)
        #expect(settle.reason.contains("the stop took effect"))
        // The settle record comes before anything is listed, and the run-end counts it.
        #expect(sink.records[1].header.type == .settle)
        if case .runEnd(let end)? = sink.records.last?.body { #expect(end.counts.outcomeUnknown == 1) } else { Issue.record("no run-end") }
    }

    func header(_ run: String, _ seq: Int, _ type: RunEvent.Kind = .decision, at t: Int) -> RunEvent.Header {
        RunEvent.Header(type: type, run_id: run, seq: seq, time: InstantFormatForTests.utc(t), eval_time: InstantFormatForTests.utc(t),
                        dry_run: false, tool_version: "test")
    }

    func decision(_ version: String, outcome: Outcome?) -> ModelDecision {
        var d = ModelDecision(service: .lookoutVision, region: "eu-west-1", project: "offline", version: version, status_before: "HOSTED",
                              decision: .stop, reason: "test")
        d.outcome = outcome
        d.next_window = InstantFormatForTests.utc(t + 7200)
        d.price_per_iu_hour = 4
        return d
    }

    /// Run A: two intents, one outcome, killed. Run B: settles the other, ends.
    func crashedThenSettled() -> [RunEvent] {
        let d1 = decision("1", outcome: .stopped), d2 = decision("2", outcome: nil)
        var s = IntentSettlement(intent: ActionIntent(d2, action: .stop, clientToken: "b"), runId: "A", reason: "found")
        s.status_after = "TRAINED"
        return [
            RunEvent(header: header("A", 0, at: t), body: .runStart(.init(rules_file: "/r", regions: ["eu-west-1"]))),
            RunEvent(header: header("A", 1, at: t), body: .intent(ActionIntent(d1, action: .stop, clientToken: "a"))),
            RunEvent(header: header("A", 2, at: t), body: .intent(ActionIntent(d2, action: .stop, clientToken: "b"))),
            RunEvent(header: header("A", 3, at: t), body: .decision(d1)),
            RunEvent(header: header("B", 0, at: t + 600), body: .runStart(.init(rules_file: "/r", regions: ["eu-west-1"]))),
            RunEvent(header: header("B", 1, at: t + 600), body: .settle(s)),
            RunEvent(header: header("B", 2, at: t + 600), body: .runEnd(.init(counts: RunCounts(), duration_ms: 1, exit_code: 0))),
        ]
    }

    @Test func unsettledIntentsAreThoseWithoutOutcomeOrSettleSinceTheLastRunEnd() {
        let records = crashedThenSettled()
        // Before run B: A's second intent is unsettled.
        let beforeB = UnsettledIntent.reading(newestFirst: records.prefix(4).reversed())
        #expect(beforeB.map(\.intent.version) == ["2"] && beforeB.first?.runId == "A")
        // After B (which settled it and ended), nothing.
        #expect(UnsettledIntent.reading(newestFirst: records.reversed()).isEmpty)
        // A settle without a run-end (B killed after settling) still settles it.
        #expect(UnsettledIntent.reading(newestFirst: records.prefix(6).reversed()).isEmpty)
    }

    @Test func auditCountsAnIntentWithoutOutcomeOnceAndNeverAsASaving() throws {
        let path = temporaryLogPath()
        let log = try AuditLog(path: path)
        for r in crashedThenSettled() { try log.append(r) }
        try log.writeAnchor()
        for scanning in [true, false] {
            let s = try AuditSummary.read(path: path, filter: .init(), collect: false, scanning: scanning)
            #expect(s.counts.outcomeUnknown == 1)
            #expect(s.settled == 1)
            #expect(s.stops == 1 && s.decisions == 1)
            #expect(s.unknownOutcomes.map(\.model) == ["eu-west-1/offline/2"])
            // Only the recorded stop saves: two hours at one unit and 4 an hour.
            #expect(abs(s.savings.projectedMoney - 8) < 1e-9)
        }
        // The filters apply to intents as to decisions; an outcome filter leaves them out.
        #expect(try AuditSummary.read(path: path, filter: .init(version: "1")).counts.outcomeUnknown == 0)
        #expect(try AuditSummary.read(path: path, filter: .init(outcome: .outcome(.stopped))).counts.outcomeUnknown == 0)
        // The chain holds over the new record kinds.
        let v = try AuditReader.verify(path: path, anchor: try AuditAnchor.read(path: AuditAnchor.path(forLog: path)))
        #expect(v.ok && v.records == 7)
        // Text and JSON say the same.
        let report = AuditReport(summary: try AuditSummary.read(path: path), path: path)
        #expect(report.text().contains("sent, outcome unknown: 1"))
        let doc = try #require(JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(doc["outcome_unknown"] as? Int == 1 && doc["settled"] as? Int == 1)
    }

    @Test func theRunMemoryReadsIntentsAndSettlesAsNoDecision() throws {
        let path = temporaryLogPath()
        let log = try AuditLog(path: path)
        for r in crashedThenSettled() { try log.append(r) }
        let memory = try AuditTail.memory(path: path, now: t + 3600, clock: t + 3600, horizon: 86_400)
        // Only run A's recorded stop is remembered (the stop went through: no series outside the
        // windows); the intent without outcome and the settle change nothing.
        #expect(memory.outsideSince.isEmpty)
        #expect(memory.lastSeen.keys.sorted() == ["lookoutvision//eu-west-1/offline/1"])
        #expect(memory.previousEvalTime == t + 600)
        // And the log's tail names no unsettled intent: run B settled it and ended.
        #expect(try AuditTail.unsettledIntents(path: path).isEmpty)
    }

    @Test func anIntentOfTheRunStillBeingReadIsUnknownAtTheEnd() throws {
        let path = temporaryLogPath()
        let log = try AuditLog(path: path)
        for r in crashedThenSettled().prefix(3) { try log.append(r) }
        let s = try AuditSummary.read(path: path)
        #expect(s.counts.outcomeUnknown == 2 && s.stops == 0)
        // The next run would settle both, oldest first.
        #expect(try AuditTail.unsettledIntents(path: path).map(\.intent.client_token) == ["a", "b"])
    }

    @Test func thePerModelTablesHoldAtMostTheLimitAndTheTotalsStayWhole() throws {
        let path = temporaryLogPath()
        let log = try AuditLog(path: path)
        for run in 0..<3 {
            try log.append(RunEvent(header: header("R\(run)", 0, at: t + run * 3600), body: .runStart(.init(rules_file: "/r", regions: []))))
            for m in 0..<40 {
                try log.append(RunEvent(header: header("R\(run)", m + 1, at: t + run * 3600), body: .decision(decision("\(m)", outcome: .stopped))))
            }
        }
        for scanning in [true, false] {
            let s = try AuditSummary.read(path: path, filter: .init(), collect: false, scanning: scanning, modelLimit: 10)
            #expect(s.stopsPerModel.count == 10)
            #expect(s.runsStoppingModel.count == 10 && s.runsStoppingModel.values.allSatisfy { $0 == 3 })
            #expect(s.stops == 120 && s.untrackedStops == 90)
            // Every stop is projected to save up to its next window (t + 2 h): a tracked model's saving
            // is cut short by its next stop (1 h + 1 h + 0 h), an untracked one's is not (2 h + 1 h + 0 h).
            #expect(abs(s.savings.projectedHours - Double(10 * 2 + 30 * 3)) < 1e-9)
            // Realized: at most 10 untracked stops wait for the log to go on; the rest are settled
            // with the log read so far (said): in run 0, 20 at 0 h; in run 1, the 10 left of run 0
            // at 1 h and 20 of run 1 at 0 h; run 2 settles the 10 of run 1 waiting at 1 h, and its
            // own stops save nothing (their window opens then: each is settled by the next record,
            // so none waits). Tracked: 2 h each.
            #expect(abs(s.savings.realizedHours - Double(10 * 2 + 10 + 10)) < 1e-9)
            #expect(s.savingsCutAtLimit == 20 + 30)
        }
        let full = try AuditSummary.read(path: path)
        #expect(full.stopsPerModel.count == 40 && full.untrackedStops == 0)
        let text = AuditReport(summary: try AuditSummary.read(path: path, filter: .init(), collect: false, scanning: true, modelLimit: 10),
                               path: path).text()
        #expect(text.contains("90 stops of models beyond the first 10 distinct models"))
    }
}

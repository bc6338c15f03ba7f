import AWSCore
import Foundation
import HostingSchedule
import LookoutEmulator
import LookoutVision
import ModelHosting
import RunPresentation
import SigV4
import Testing
@testable import AuditTrail
@testable import SchedulerRun

/// A sink that accepts `limit` records, then fails like a full disk.
final class FailingSink: AuditSink, @unchecked Sendable {
    let limit: Int
    private let lock = NSLock()
    private var count = 0
    init(limit: Int) { self.limit = limit }
    func append(_ record: RunEvent) throws {
        try lock.withLock {
            count += 1
            if count > limit { throw AuditLogError("No space left on device") }
        }
    }
    func sync() throws {}
}

/// The runner through the real client and the emulator (HTTP on loopback, SigV4 verified).
@Suite struct SchedulerRunnerTests {
    /// The clients' ledger (one per test: Swift Testing makes a suite value per test).
    let ledger = CallLedger()

    func harness(models: Int) async throws -> (EmulatorServer, [any ModelHostingService]) {
        let fleet = Fleet(region: "eu-west-1", projects: [
            Fleet.Project(name: "lab", models: (1...models).map { Fleet.Model(version: String($0), status: "HOSTED") }),
        ])
        let service = EmulatorService(fleet: fleet, configuration: .init(credentials: ["AKIDRUN": ("run-secret", nil)], stopDelay: 60))
        let server = try await EmulatorServer(service: service)
        let client = LookoutVisionClient(service: AWSServiceClient(
            signingName: "lookoutvision", configuration: ServiceConfiguration(region: "eu-west-1", endpoint: server.endpoint),
            credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKIDRUN", secretAccessKey: "run-secret")),
            transport: CurlTransport(), options: .init(requestsPerSecond: 0, ledger: ledger)))
        return (server, [LookoutVisionService(client: client)])
    }

    let rules = RuleSet(rules: [Rule(number: 1, project: try! Glob("*"), region: "eu-west-1", schedule: .never())], schedules: [:])

    /// No action that cannot be recorded: once the log fails, no further StopModel is sent.
    @Test func stopsActingWhenTheLogCannotBeWritten() async throws {
        let (server, services) = try await harness(models: 5)
        defer { Task { await server.shutdown() } }
        // The run-start and the first intent are written; the first outcome record is not.
        let runner = SchedulerRunner(ruleSet: rules, services: services, sink: FailingSink(limit: 2))
        var reports: [ModelDecision] = []
        let result = try await runner.run(options: .init(evaluationInstant: 1_796_032_800, concurrency: 1)) { reports.append($0) }
        #expect(result.logFailure?.contains("No space left on device") == true)
        #expect(result.exitCode == 1)
        #expect(server.service.requests.filter { $0.operation == "StopModel" }.count == 1)
        #expect(reports.filter { $0.outcome == .skipped }.count == 4)
        #expect(reports.filter { $0.outcome == .stopped }.count == 1)
    }

    @Test func reportsEveryModelOnceAndKeepsOnlyCounts() async throws {
        let (server, services) = try await harness(models: 7)
        defer { Task { await server.shutdown() } }
        let sink = MemoryAuditSink()
        let runner = SchedulerRunner(ruleSet: rules, services: services, sink: sink, ledger: ledger)
        var reports: [ModelDecision] = []
        let result = try await runner.run(options: .init(evaluationInstant: 1_796_032_800, concurrency: 3)) { reports.append($0) }
        #expect(Set(reports.map(\.version)) == Set((1...7).map(String.init)))
        #expect(reports.count == 7)
        #expect(result.counts[.stopped] == 7)
        #expect(result.exitCode == 0)
        #expect(result.calls == ["ListProjects": 1, "ListModels": 1, "StopModel": 7])
        // Each stop's intent, then its outcome.
        let types = sink.records.map(\.header.type)
        #expect(types.first == .runStart && types.last == .runEnd)
        #expect(types.filter { $0 == .intent }.count == 7 && types.filter { $0 == .decision }.count == 7)
        #expect(sink.records.map(\.header.seq) == Array(0...15))
    }
}

/// The runner against an in-memory service: every decision and its consequence, both safety
/// directions, failures isolated to their model or listing.
@Suite struct SchedulerRunnerFakeServiceTests {
    /// Weekdays 08:00-18:00 UTC for `office`, never for `off`; 2026-11-30 is a Monday.
    let rules = RuleSet(rules: [
        Rule(number: 1, project: try! Glob("office"), region: "eu-west-1",
             schedule: Schedule(name: "office-hours", zone: .utc, kind: .windows([
                 HostingWindow(.weekly(days: WeekdaySet([.monday, .tuesday, .wednesday, .thursday, .friday]),
                                       from: TimeOfDay(parsing: "08:00")!, to: TimeOfDay(parsing: "18:00")!)),
             ]))),
        Rule(number: 2, project: try! Glob("off*"), region: "eu-west-1", schedule: .never()),
    ], schedules: [:])
    let monday10 = 1_795_996_800 + 10 * 3600  // 2026-11-30T10:00:00Z
    let monday22 = 1_795_996_800 + 22 * 3600

    func fleet() -> FakeHostingService {
        FakeHostingService(projects: [
            "office": [("1", FakeHostingService.up), ("2", FakeHostingService.moving), ("3", FakeHostingService.down)],
            "offline": [("1", FakeHostingService.up), ("2", FakeHostingService.broken)],
            "stray": [("1", FakeHostingService.up)],
        ])
    }

    func run(_ service: FakeHostingService, at t: Int, wait: Double? = nil) async throws -> (SchedulerRunner.Result, [String: ModelDecision]) {
        let runner = SchedulerRunner(ruleSet: rules, services: [service], sink: MemoryAuditSink())
        var seen: [String: ModelDecision] = [:]
        let result = try await runner.run(options: .init(evaluationInstant: t, concurrency: 2, wait: wait, pollInterval: 0.05)) {
            seen["\($0.project)/\($0.version)"] = $0
        }
        return (result, seen)
    }

    @Test func insideTheWindowNothingIsStopped() async throws {
        let service = fleet()
        let (result, seen) = try await run(service, at: monday10)
        #expect(seen["office/1"]?.decision == .keep)
        #expect(service.status("office", "1") == "UP")
        #expect(!service.calls.contains { $0.hasPrefix("stop office") })
        // The model under `never` is stopped regardless; the stray one is never touched.
        #expect(seen["offline/1"]?.outcome == .stopped)
        #expect(seen["stray/1"]?.decision == .unmanaged)
        #expect(service.status("stray", "1") == "UP")
        #expect(result.counts.unmanagedHosted == 1)
    }

    @Test func outsideTheWindowEveryHostedModelIsStoppedAndOnlyThose() async throws {
        let service = fleet()
        let (result, seen) = try await run(service, at: monday22)
        #expect(seen["office/1"]?.decision == .stop && seen["office/1"]?.outcome == .stopped)
        #expect(seen["office/1"]?.state_before == .hosted)
        #expect(seen["office/2"]?.decision == .defer)
        #expect(seen["office/2"]?.reason.hasPrefix("MOVING: not stopped now (stop is only sent to UP models)") == true)
        #expect(seen["office/3"]?.decision == .nothingToDo)
        #expect(seen["offline/2"]?.decision == .nothingToDo)
        #expect(service.calls.filter { $0.hasPrefix("stop ") }.sorted() == ["stop office/1", "stop offline/1"])
        #expect(result.counts.stopped == 2 && result.counts.failures == 0 && result.exitCode == 0)
        // No client, no request: `calls` are what the clients' ledger counted (the fake has none).
        #expect(result.calls.isEmpty)
    }

    @Test func aFailedStopIsRecordedAndTheOthersGoOn() async throws {
        let service = fleet()
        service.fail("office/1", with: .accessDenied)
        let (result, seen) = try await run(service, at: monday22)
        #expect(seen["office/1"]?.outcome == .failed)
        #expect(seen["office/1"]?.error_code == "AccessDeniedException")
        #expect(seen["offline/1"]?.outcome == .stopped)
        #expect(result.counts.stopFailures == 1 && result.counts.stopped == 1 && result.exitCode == 1)
    }

    @Test func aFailedListingIsIsolatedToItsProject() async throws {
        let service = fleet()
        service.fail("office", with: .accessDenied)
        let (result, seen) = try await run(service, at: monday22)
        #expect(seen["office/1"] == nil)
        #expect(seen["offline/1"]?.outcome == .stopped)
        #expect(result.discoveryFailures.map(\.project) == ["office"])
        #expect(result.counts.discoveryFailures == 1 && result.exitCode == 1)
    }

    @Test func waitConfirmsOrLeavesAStopUnconfirmed() async throws {
        let confirmed = fleet()
        let (ok, seenOK) = try await run(confirmed, at: monday22, wait: 1)
        #expect(seenOK["office/1"]?.outcome == .confirmed)
        #expect(seenOK["office/1"]?.inference_units == 3)
        #expect(ok.exitCode == 0)
        let stuck = fleet()
        stuck.statusAfterStop = FakeHostingService.moving
        let (late, seenLate) = try await run(stuck, at: monday22, wait: 0.3)
        #expect(seenLate["office/1"]?.outcome == .unconfirmed)
        // An unconfirmed stop is a stop, never a failure; it makes the run exit 1.
        #expect(late.counts.stopped == 2 && late.counts.unconfirmed == 2 && late.counts.failures == 0)
        #expect(late.exitCode == 1)
    }

    @Test func aDryRunSendsNothingThatChangesAnything() async throws {
        let service = fleet()
        let runner = SchedulerRunner(ruleSet: rules, services: [service], sink: nil)
        let result = try await runner.run(options: .init(dryRun: true, evaluationInstant: monday22))
        #expect(result.counts.wouldStop == 2 && result.counts.stopped == 0)
        #expect(!service.calls.contains { $0.hasPrefix("stop ") })
    }

    /// Without --now the decision is taken again, with the clock, just before each stop: a
    /// window that opened while the run was listing keeps its model.
    @Test func aWindowThatOpensWhileListingKeepsItsModel() async throws {
        let service = fleet()
        let runner = SchedulerRunner(ruleSet: rules, services: [service], sink: MemoryAuditSink())
        let opened = 1_795_996_800 + 8 * 3600  // 08:00, the window opens
        var seen: [String: ModelDecision] = [:]
        let result = try await runner.run(options: .init(evaluationInstant: opened - 1, concurrency: 2, redecideWithClock: { opened })) {
            seen["\($0.project)/\($0.version)"] = $0
        }
        #expect(seen["office/1"]?.decision == .keep)
        #expect(seen["office/1"]?.outcome == nil)
        #expect(seen["office/1"]?.reason.contains("window opened while the run was listing") == true)
        #expect(!service.calls.contains("stop office/1"))
        #expect(service.status("office", "1") == "UP")
        // A model that stays outside its windows is still stopped.
        #expect(seen["offline/1"]?.outcome == .stopped)
        #expect(result.counts[.keep] == 1 && result.counts.stopped == 1)
        // Still outside at the clock's instant: stopped as decided.
        let again = fleet()
        let (_, later) = try await run(again, at: monday22)
        #expect(later["office/1"]?.outcome == .stopped)
    }

    /// The log fails mid-run: the JSON document is still whole, says so, and lists every stop sent.
    @Test func aLogFailureMidRunLeavesTheJSONDocumentWhole() async throws {
        let service = FakeHostingService(projects: ["offline": (1...6).map { (String($0), FakeHostingService.up) }])
        let runner = SchedulerRunner(ruleSet: rules, services: [service], sink: FailingSink(limit: 3))
        let options = SchedulerRunner.Options(evaluationInstant: monday22, concurrency: 1)
        let report = RunReport(options: options, regions: ["eu-west-1"], logPath: "/tmp/audit.jsonl")
        var text = report.jsonHeader()
        var first = true
        let result = try await runner.run(options: options) {
            text += report.jsonModel($0, first: first)
            first = false
        }
        text += report.jsonFooter(result, anyModels: !first)
        let doc = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((doc["log_error"] as? String)?.contains("No space left on device") == true)
        #expect(doc["exit_code"] as? Int == 1)
        let models = try #require(doc["models"] as? [[String: Any]])
        #expect(models.count == 6)
        let sent = service.calls.filter { $0.hasPrefix("stop ") }.count
        #expect(sent >= 1)
        #expect(models.filter { $0["outcome"] as? String == "stopped" }.count == sent)
        #expect(models.filter { $0["outcome"] as? String == "skipped" }.count == 6 - sent)
    }
}

import AWSCore
import Foundation
import HostingSchedule
import LookoutEmulator
import LookoutVision
import SigV4
import Testing
@testable import SchedulerRun

/// A sink that accepts `limit` records, then fails like a full disk.
final class FailingSink: AuditSink, @unchecked Sendable {
    let limit: Int
    private let lock = NSLock()
    private var count = 0
    init(limit: Int) { self.limit = limit }
    func append(_ record: AuditRecord) throws {
        try lock.withLock {
            count += 1
            if count > limit { throw AuditLogError("No space left on device") }
        }
    }
    func sync() throws {}
}

@Suite struct SchedulerRunnerTests {
    func harness(models: Int) async throws -> (EmulatorServer, @Sendable (String) throws -> LookoutVisionClient) {
        let fleet = Fleet(region: "eu-west-1", projects: [
            Fleet.Project(name: "lab", models: (1...models).map { Fleet.Model(version: String($0), status: "HOSTED") }),
        ])
        let service = EmulatorService(fleet: fleet, configuration: .init(credentials: ["AKIDRUN": ("run-secret", nil)], stopDelay: 60))
        let server = try await EmulatorServer(service: service)
        let endpoint = server.endpoint
        let client: @Sendable (String) throws -> LookoutVisionClient = { region in
            LookoutVisionClient(service: AWSServiceClient(
                signingName: "lookoutvision", configuration: ServiceConfiguration(region: region, endpoint: endpoint),
                credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKIDRUN", secretAccessKey: "run-secret")),
                transport: CurlTransport(), options: .init(requestsPerSecond: 0)))
        }
        return (server, client)
    }

    let rules = RuleSet(rules: [Rule(number: 1, project: try! Glob("*"), region: "eu-west-1", schedule: .never())], schedules: [:])

    /// No action that cannot be recorded: once the log fails, no further StopModel is sent.
    @Test func stopsActingWhenTheLogCannotBeWritten() async throws {
        let (server, client) = try await harness(models: 5)
        defer { Task { await server.shutdown() } }
        let runner = SchedulerRunner(ruleSet: rules, clientForRegion: client, sink: FailingSink(limit: 1))
        var reports: [ModelReport] = []
        await #expect(throws: AuditLogError.self) {
            _ = try await runner.run(regions: ["eu-west-1"], options: .init(evaluationInstant: 1_796_032_800, concurrency: 1)) { reports.append($0) }
        }
        #expect(server.service.requests.filter { $0.operation == "StopModel" }.count == 1)
        #expect(reports.filter { $0.outcome == "skipped" }.count == 4)
        #expect(reports.filter { $0.outcome == "stopped" }.count == 1)
    }

    @Test func reportsEveryModelOnceAndKeepsOnlyCounts() async throws {
        let (server, client) = try await harness(models: 7)
        defer { Task { await server.shutdown() } }
        let sink = MemoryAuditSink()
        let runner = SchedulerRunner(ruleSet: rules, clientForRegion: client, sink: sink)
        var reports: [ModelReport] = []
        let result = try await runner.run(regions: ["eu-west-1"], options: .init(evaluationInstant: 1_796_032_800, concurrency: 3)) { reports.append($0) }
        #expect(Set(reports.map(\.version)) == Set((1...7).map(String.init)))
        #expect(reports.count == 7)
        #expect(result.counts["stopped"] == 7)
        #expect(result.exitCode == 0)
        #expect(result.calls == ["ListProjects": 1, "ListModels": 1, "StopModel": 7])
        #expect(sink.records.map(\.type) == ["run-start"] + Array(repeating: "decision", count: 7) + ["run-end"])
        #expect(sink.records.map(\.seq) == Array(0...8))
    }
}

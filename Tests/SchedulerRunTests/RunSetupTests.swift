import AWSCore
import Foundation
import LookoutEmulator
import RuleFile
import SigV4
import Testing
@testable import AuditTrail
@testable import SchedulerRun
@testable import SchedulerSetup

/// The one assembly of a run: the lock before the log, errors typed by what they mean.
@Suite struct RunSetupTests {
    func request(directory: String, endpoint: String, logPath: String?, dryRun: Bool = false) throws -> RunRequest {
        let rules = directory + "/rules.yaml"
        try """
            version: 1
            defaults: { timezone: UTC, region: eu-west-1 }
            rules:
              - { project: lab, schedule: never }
            """.write(toFile: rules, atomically: true, encoding: .utf8)
        return RunRequest(ruleFile: try RuleFile.load(path: rules), environment: ["AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"],
                          endpointURL: endpoint, serviceOptions: .init(requestsPerSecond: 0), dryRun: dryRun, logPath: logPath,
                          credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKIDSETUP", secretAccessKey: "setup-secret")))
    }

    func emulator() async throws -> EmulatorServer {
        let fleet = Fleet(region: "eu-west-1", projects: [Fleet.Project(name: "lab", models: [Fleet.Model(version: "1", status: "HOSTED")])])
        return try await EmulatorServer(service: EmulatorService(fleet: fleet, configuration: .init(credentials: ["AKIDSETUP": ("setup-secret", nil)])))
    }

    func directory() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("setup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// A run that loses the lock touches nothing: not even the repair of a torn last line.
    @Test func aRunThatLosesTheLockWritesNothing() async throws {
        let server = try await emulator()
        defer { Task { await server.shutdown() } }
        let dir = try directory()
        let log = dir + "/audit.jsonl"
        let torn = Data(#"{"v":1,"type":"decis"#.utf8)
        try torn.write(to: URL(fileURLWithPath: log))
        let holder = try RunLock(path: log + ".lock")
        let setup = try await RunSetup.resolve(try request(directory: dir, endpoint: server.endpoint, logPath: log))
        var started = false
        do {
            _ = try await setup.execute(at: 1_796_032_800, onStart: { _ in started = true })
            Issue.record("the run went ahead without the lock")
        } catch {
            guard case .lockHeld = error else { throw error }
        }
        #expect(!started)
        #expect(try Data(contentsOf: URL(fileURLWithPath: log)) == torn)
        #expect(server.service.requests.isEmpty)
        holder.release()
        // With the lock free, the run repairs the torn line, runs, and gives the lock back.
        let result = try await setup.execute(at: 1_796_032_800)
        #expect(result.counts.stopped == 1)
        #expect((try? RunLock(path: log + ".lock")) != nil)
        #expect(try AuditReader.verify(path: log).tornLines == [1])
    }

    @Test func aRegionIsRequiredBeforeAnythingIsSent() async throws {
        let dir = try directory()
        var r = try request(directory: dir, endpoint: "http://127.0.0.1:9", logPath: nil, dryRun: true)
        try "version: 1\nrules:\n  - { project: lab, schedule: never }\n".write(toFile: dir + "/no-region.yaml", atomically: true, encoding: .utf8)
        r.ruleFile = try RuleFile.load(path: dir + "/no-region.yaml")
        do {
            _ = try await RunSetup.resolve(r)
            Issue.record("resolved without a region")
        } catch {
            guard case .configuration(let m) = error else { throw error }
            #expect(m.contains("pass --region"))
        }
    }
}

import Foundation
import Testing

/// A fleet across three regions and four time zones, and the rules for it. At the test instant,
/// Mon 2026-11-30 10:00Z: Berlin 11:00, Chicago 04:00, Sydney 21:00.
enum RunFixture {
    static let now = "2026-11-30T10:00:00Z"
    static let rules = """
        version: 1
        defaults: { timezone: Europe/Berlin, region: eu-west-1 }
        schedules:
          office: { windows: [ { days: mon-fri, from: "07:00", to: "19:00" } ] }
          evening: { windows: [ { days: mon-fri, from: "18:00", to: "23:00" } ] }
          chicago-day: { timezone: America/Chicago, windows: [ { days: mon-fri, from: "08:00", to: "17:00" } ] }
          sydney-night: { timezone: Australia/Sydney, windows: [ { days: daily, from: "20:00", to: "23:00" } ] }
        rules:
          - { project: keep-berlin, schedule: office }
          - { project: stop-berlin, schedule: evening }
          - { project: "chi-*", schedule: chicago-day, region: us-east-1 }
          - { project: "syd-*", schedule: sydney-night, region: ap-northeast-1 }
          - { project: exempt, schedule: always }
          - { project: retired, schedule: never }
        """
    static func fleet(faults: String = "") -> String {
        """
        region: eu-west-1
        projects:
          - { name: keep-berlin, models: [ { version: 1, status: HOSTED }, { version: 2, status: TRAINED } ] }
          - { name: stop-berlin, models: [ { version: 1, status: HOSTED }, { version: 2, status: STARTING_HOSTING } ] }
          - { name: exempt, models: [ { version: 1, status: HOSTED } ] }
          - { name: retired, models: [ { version: 1, status: HOSTED } ] }
          - { name: chi-a, region: us-east-1, models: [ { version: 1, status: HOSTED } ] }
          - { name: chi-b, region: us-east-1, models: [ { version: 3, status: HOSTED }, { version: 2, status: TRAINED } ] }
          - { name: other-proj, region: us-east-1, models: [ { version: 1, status: HOSTED } ] }
          - { name: syd-a, region: ap-northeast-1, models: [ { version: 1, status: HOSTED } ] }
        faults:
        \(faults)
        """
    }
    /// The models that must be stopped, and only they.
    static let mustStop: Set<String> = ["eu-west-1/stop-berlin/1", "eu-west-1/retired/1", "us-east-1/chi-a/1", "us-east-1/chi-b/3"]
    static let mustKeepHosted: Set<String> = ["eu-west-1/keep-berlin/1", "eu-west-1/exempt/1", "ap-northeast-1/syd-a/1", "us-east-1/other-proj/1"]
}

/// A temporary directory with the fixture's files and a running emulator.
final class RunSetup: @unchecked Sendable {
    let dir = try! TemporaryDirectory()
    let emulator: EmulatorProcess
    let rules: String
    let log: String

    init(faults: String = "[]") throws {
        rules = try dir.write("rules.yaml", RunFixture.rules)
        let fleet = try dir.write("fleet.yaml", RunFixture.fleet(faults: "  " + faults))
        emulator = try EmulatorProcess(fleet: fleet)
        log = dir.url.appendingPathComponent("state/audit.jsonl").path
    }

    func run(_ extra: [String] = []) throws -> CommandResult {
        try CommandRunner.run(["run", "--rules", rules, "--now", RunFixture.now, "--endpoint-url", emulator.endpoint,
                               "--log", log, "--requests-per-second", "0"] + extra, environment: emulator.environment(home: dir.url.path))
    }

    func stopCalls() throws -> [String] {
        try emulator.requests().filter { $0["operation"] as? String == "StopModel" }
            .map { "\($0["region"]!)/\($0["project"]!)/\($0["version"]!)" }
    }

    func logLines() throws -> [[String: Any]] {
        try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }
}

@Suite(.serialized) struct RunCommandTests {
    @Test func stopsExactlyTheHostedModelsOutsideTheirWindows() throws {
        let s = try RunSetup()
        let r = try s.run(["--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        // Safety, both ways: every hosted model outside its window is stopped, and nothing else.
        let stops = try s.stopCalls()
        #expect(Set(stops) == RunFixture.mustStop)
        #expect(stops.count == RunFixture.mustStop.count)
        let statuses = try s.emulator.statuses()
        for m in RunFixture.mustKeepHosted { #expect(statuses[m] == "HOSTED", "\(m)") }
        #expect(statuses["eu-west-1/stop-berlin/2"] == "STARTING_HOSTING")
        // Only the calls needed: ListProjects only where a rule uses a pattern.
        let ops = try s.emulator.requests().map { "\($0["operation"]!) \($0["region"]!)" }
        #expect(ops.filter { $0.hasPrefix("ListProjects") }.sorted() == ["ListProjects ap-northeast-1", "ListProjects us-east-1"])
        #expect(ops.filter { $0.hasPrefix("DescribeModel") }.isEmpty)

        let doc = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["exit_code"] as? Int == 0)
        #expect(doc["regions"] as? [String] == ["ap-northeast-1", "eu-west-1", "us-east-1"])
        let models = try #require(doc["models"] as? [[String: Any]])
        let byKey = Dictionary(uniqueKeysWithValues: models.map { ("\($0["region"]!)/\($0["project"]!)/\($0["version"]!)", $0) })
        #expect(byKey["eu-west-1/stop-berlin/2"]?["decision"] as? String == "defer")
        #expect(byKey["us-east-1/other-proj/1"]?["decision"] as? String == "unmanaged")
        #expect(byKey["eu-west-1/exempt/1"]?["decision"] as? String == "keep")
        #expect(byKey["us-east-1/chi-a/1"]?["outcome"] as? String == "stopped")
        #expect(byKey["us-east-1/chi-a/1"]?["eval_local"] as? String == "2026-11-30T04:00:00-06:00")
        #expect(r.stderr.contains("warning: Lookout for Vision us-east-1 other-proj version 1 in account 123456789012 is hosted and no rule covers it"))

        // The log: one record per decision, one intent per stop (written before it), plus start
        // and end; tokens match the requests, in the intents and in the outcomes.
        let lines = try s.logLines()
        #expect(lines.first?["type"] as? String == "run-start")
        #expect(lines.last?["type"] as? String == "run-end")
        #expect(lines.count == models.count + 4 + 2)
        let tokens = Set(try s.emulator.requests().compactMap { $0["clientToken"] as? String })
        let logged = Set(lines.filter { $0["type"] as? String == "decision" }.compactMap { $0["client_token"] as? String })
        let intended = Set(lines.filter { $0["type"] as? String == "intent" }.compactMap { $0["client_token"] as? String })
        #expect(tokens == logged && tokens == intended && tokens.count == 4)
        let attributes = try FileManager.default.attributesOfItem(atPath: s.log)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let verify = try CommandRunner.run(["audit", "--log", s.log, "--verify"])
        #expect(verify.status == 0)
        #expect(verify.stdout.hasPrefix("\(s.log): OK: \(lines.count) records, hash chain intact"))
        // No secret anywhere.
        for text in [r.stdout, r.stderr, try String(contentsOfFile: s.log, encoding: .utf8)] {
            #expect(!text.contains(EmulatorProcess.secret))
        }
    }

    @Test func dryRunSendsNothingMutatingAndWritesNoLog() throws {
        let s = try RunSetup()
        let r = try s.run(["--dry-run"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try s.emulator.requests().allSatisfy { $0["method"] as? String == "GET" })
        #expect(!FileManager.default.fileExists(atPath: s.log))
        for m in RunFixture.mustStop {
            let parts = m.split(separator: "/")
            #expect(r.stdout.contains("WOULD STOP: lookoutvision \(parts[0]) \(parts[1]) version \(parts[2])"))
        }
        #expect(r.stdout.contains("summary: 11 models: 4 would be stopped"))
        #expect(try s.emulator.statuses().values.filter { $0 == "HOSTED" }.count == 8)
    }

    @Test func oneFailureNeverStopsTheOthers() throws {
        let s = try RunSetup(faults: "[ { operation: StopModel, project: retired, kind: error-500 } ]")
        let r = try s.run(["--output", "json", "--max-attempts", "2"])
        #expect(r.status == 1)
        #expect(Set(try s.stopCalls()) == RunFixture.mustStop)
        #expect(try s.stopCalls().filter { $0 == "eu-west-1/retired/1" }.count == 2)
        let failed = try s.logLines().first { $0["project"] as? String == "retired" && $0["type"] as? String == "decision" }
        #expect(failed?["outcome"] as? String == "failed")
        #expect(failed?["error_code"] as? String == "InternalServerException")
        #expect(failed?["attempts"] as? Int == 2)
        #expect(try s.logLines().last?["exit_code"] as? Int == 1)
        let tokens = try s.emulator.requests().filter { $0["project"] as? String == "retired" && $0["operation"] as? String == "StopModel" }
            .compactMap { $0["clientToken"] as? String }
        #expect(Set(tokens).count == 1)
    }

    @Test func aSecondRunWaitsForNothingAndExitsThree() async throws {
        // The first run holds the lock for at least 12 s: room for a loaded machine to start the second.
        let s = try RunSetup(faults: "[ { operation: ListModels, kind: latency, seconds: 12, times: 1 } ]")
        async let first = Task.detached { try s.run() }.value
        // Wait until the first run holds the lock (it writes its pid into the lock file).
        let lockFile = s.log + ".lock"
        for _ in 0..<500 {
            if let text = try? String(contentsOfFile: lockFile, encoding: .utf8), text.hasPrefix("pid ") { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        let second = try s.run()
        #expect(second.status == 3)
        #expect(second.stderr.contains("another lookout-scheduler run holds the lock \(s.log).lock (pid "))
        let r1 = try await first
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(Set(try s.stopCalls()) == RunFixture.mustStop)
    }

    @Test func aKilledRunLeavesAValidLogAndTheNextRunConverges() async throws {
        let s = try RunSetup(faults: "[ { operation: StopModel, kind: latency, seconds: 3, times: 2 } ]")
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("lookout-scheduler")
        process.arguments = ["run", "--rules", s.rules, "--now", RunFixture.now, "--endpoint-url", s.emulator.endpoint, "--log", s.log,
                             "--requests-per-second", "0", "--concurrency", "1"]
        process.environment = CommandRunner.childEnvironment(s.emulator.environment(home: s.dir.url.path))
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try await Task.sleep(nanoseconds: 4_000_000_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let verify = try CommandRunner.run(["audit", "--log", s.log, "--verify"])
        #expect(verify.status == 0, "\(verify.stdout)")
        let again = try s.run()
        #expect(again.status == 0, "\(again.stderr)")
        let statuses = try s.emulator.statuses()
        for m in RunFixture.mustStop { #expect(statuses[m] != "HOSTED", "\(m)") }
        for m in RunFixture.mustKeepHosted { #expect(statuses[m] == "HOSTED", "\(m)") }
        #expect(try CommandRunner.run(["audit", "--log", s.log, "--verify"]).status == 0)
    }

    @Test func anInvalidRuleFileTouchesNothing() throws {
        let s = try RunSetup()
        let bad = try s.dir.write("bad.yaml", RunFixture.rules.replacingOccurrences(of: "schedule: never", with: "schedule: nevr"))
        let r = try CommandRunner.run(["run", "--rules", bad, "--now", RunFixture.now, "--endpoint-url", s.emulator.endpoint, "--log", s.log],
                                      environment: s.emulator.environment(home: s.dir.url.path))
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.yaml:14:35: error: rule 6 uses unknown schedule 'nevr'; did you mean 'never'?"))
        #expect(try s.emulator.requests().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: s.log))
    }

    @Test func auditSummarisesAndVerifyCatchesAnEdit() throws {
        let s = try RunSetup()
        #expect(try s.run().status == 0)
        let summary = try CommandRunner.run(["audit", "--log", s.log, "--output", "json"])
        #expect(summary.status == 0)
        let doc = try #require(JSONSerialization.jsonObject(with: Data(summary.stdout.utf8)) as? [String: Any])
        #expect(doc["runs"] as? Int == 1)
        #expect(doc["stops"] as? Int == 4)
        #expect((doc["stops_per_model"] as? [String: Int])?["us-east-1/chi-b/3"] == 1)
        // Projected: stop-berlin until 18:00 Berlin (7 h); chi-a and chi-b until 08:00 Chicago (4 h
        // each); retired (never) has no next window: only up to the log's end, said. Realized: the
        // log ends with this run's records.
        #expect(doc["projected_inference_unit_hours"] as? Double == 15)
        #expect(doc["projected_money"] as? Double == 60)
        #expect(doc["stops_without_next_window"] as? Int == 1)
        #expect((doc["realized_inference_unit_hours"] as? Double ?? -1) < 0.01)
        let filtered = try CommandRunner.run(["audit", "--log", s.log, "--project", "chi-*", "--outcome", "stopped", "--list"])
        #expect(filtered.stdout.contains("decisions: 2, stops: 2"))

        var text = try String(contentsOfFile: s.log, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"outcome\":\"stopped\"", with: "\"outcome\":\"failed\"")
        try text.write(toFile: s.log, atomically: false, encoding: .utf8)
        let verify = try CommandRunner.run(["audit", "--log", s.log, "--verify"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("BROKEN at line "))
    }

    @Test func waitConfirmsStopsAndMetricsAreWritten() throws {
        let s = try RunSetup()
        let metrics = s.dir.url.appendingPathComponent("lookout.prom").path
        let r = try s.run(["--wait=10s", "--poll-interval", "0.2", "--metrics-file", metrics, "--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let models = try #require(doc["models"] as? [[String: Any]])
        let stopped = models.filter { $0["decision"] as? String == "stop" }
        #expect(stopped.count == 4)
        #expect(stopped.allSatisfy { $0["outcome"] as? String == "confirmed" && $0["status_after"] as? String == "TRAINED" })
        #expect(try s.emulator.requests().contains { $0["operation"] as? String == "DescribeModel" })
        let text = try String(contentsOfFile: metrics, encoding: .utf8)
        #expect(text.contains("\nlookout_scheduler_models_stopped 4.0\n"))
        #expect(text.contains("\nlookout_scheduler_stop_failures 0.0\n"))
        #expect(text.contains("\nlookout_scheduler_unmanaged_hosted_models 1.0\n"))
        #expect(text.contains("# TYPE lookout_scheduler_last_run_timestamp_seconds gauge"))
    }

    /// `--wait` alone (swift-argument-parser's `defaultAsFlag`) waits up to 10 minutes, whether
    /// another option follows it or it comes last; a value still reads as the value.
    @Test(arguments: [["--wait", "--poll-interval", "0.2"], ["--poll-interval", "0.2", "--wait"], ["--wait", "30s", "--poll-interval", "0.2"]])
    func waitAloneMeansTenMinutes(arguments: [String]) throws {
        let s = try RunSetup()
        let r = try s.run(arguments + ["--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let models = try #require(doc["models"] as? [[String: Any]])
        #expect(models.filter { $0["decision"] as? String == "stop" }.allSatisfy { $0["outcome"] as? String == "confirmed" })
        let bad = try s.run(["--wait", "soon"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--wait: 'soon' is not a duration"))
    }

    /// `run ... | head -1`: the reader goes away; the run still finishes its work and its log.
    @Test func aClosedOutputPipeDoesNotStopTheRun() throws {
        let s = try RunSetup()
        let process = Process()
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("lookout-scheduler")
        process.arguments = ["run", "--rules", s.rules, "--now", RunFixture.now, "--endpoint-url", s.emulator.endpoint, "--log", s.log,
                             "--requests-per-second", "0", "--verbose"]
        process.environment = CommandRunner.childEnvironment(s.emulator.environment(home: s.dir.url.path))
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try out.fileHandleForReading.close()
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(Set(try s.stopCalls()) == RunFixture.mustStop)
        #expect(try s.logLines().last?["type"] as? String == "run-end")
    }
}

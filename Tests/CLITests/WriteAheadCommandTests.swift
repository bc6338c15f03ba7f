import Foundation
import Testing

/// Write-ahead through the real binary and the emulator: every StopModel the service received is
/// in the log as an intent, when the disk fills mid-run and when the run is killed (SIGKILL) at
/// random moments; the next run settles what was left unknown; `audit` keeps its memory bound.
@Suite(.serialized) struct WriteAheadCommandTests {
    static let now = "2026-11-30T22:00:00Z"

    /// A directory with a rule file (`off-*` never hosted) and a fleet of `models` hosted models
    /// under `off-1`..., StopModel slowed by `stopLatency` seconds.
    final class Setup {
        let dir: TemporaryDirectory
        let rules: String
        let fleet: String
        init(models: Int, stopLatency: Double) throws {
            dir = try TemporaryDirectory()
            rules = try dir.write("rules.yaml", """
                version: 1
                defaults: { timezone: UTC, region: eu-west-1 }
                rules:
                  - { project: "off-*", schedule: never }
                """)
            var text = "region: eu-west-1\n"
            if stopLatency > 0 { text += "faults: [ { operation: StopModel, kind: latency, seconds: \(stopLatency) } ]\n" }
            text += "projects:\n"
            for p in 0..<(models / 4) {
                text += "  - { name: off-\(p), models: [ " + (1...4).map { "{ version: \($0), status: HOSTED }" }.joined(separator: ", ") + " ] }\n"
            }
            fleet = try dir.write("fleet.yaml", text)
        }
        func emulator() throws -> EmulatorProcess { try EmulatorProcess(fleet: fleet) }
        func arguments(_ emulator: EmulatorProcess, log: String) -> [String] {
            ["run", "--rules", rules, "--endpoint-url", emulator.endpoint, "--log", log, "--requests-per-second", "0", "--now", WriteAheadCommandTests.now]
        }
    }

    /// The JSON records of a log (torn lines left out).
    static func records(_ path: String) -> [[String: Any]] {
        let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The client tokens of every StopModel the emulator received.
    static func stopTokens(_ emulator: EmulatorProcess) throws -> Set<String> {
        Set(try emulator.requests().filter { $0["operation"] as? String == "StopModel" }.compactMap { $0["clientToken"] as? String })
    }

    static func intentTokens(_ records: [[String: Any]]) -> Set<String> {
        Set(records.filter { $0["type"] as? String == "intent" }.compactMap { $0["client_token"] as? String })
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    @Test func aLogOnAFilesystemThatFillsMidRunHoldsEveryStopTheServiceReceived() throws {
        let s = try Setup(models: 160, stopLatency: 0)
        let mountPoint = s.dir.url.appendingPathComponent("small").path
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        // A 48 KiB filesystem: room for a few dozen records of the 320 the run would write. The
        // test needs root (CI runs as root): a failed mount fails the test, it never skips it.
        let mounted = try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=48k,mode=0700", "tmpfs", mountPoint])
        try #require(mounted == 0, "mount -t tmpfs failed (status \(mounted)): this test needs root, as CI has")
        defer { _ = try? Self.run("/bin/umount", [mountPoint]) }
        let emulator = try s.emulator()
        let log = mountPoint + "/audit.jsonl"
        let r = try CommandRunner.run(s.arguments(emulator, log: log), environment: emulator.environment(home: s.dir.url.path))
        #expect(r.status == 1)
        #expect(r.stdout.contains("LOG FAILED"))
        #expect(r.stdout.contains("No space left on device"))
        let stops = try Self.stopTokens(emulator)
        let intents = Self.intentTokens(Self.records(log))
        // The disk filled mid-run: some stops were sent, not all.
        #expect(!stops.isEmpty)
        #expect(stops.count < 160)
        // Every StopModel the service received is in the log, written before it was sent.
        #expect(stops.subtracting(intents).isEmpty, "StopModel calls with no intent in the log: \(stops.subtracting(intents).count)")
        // A stop not recorded first was not sent: the models the run reported as not stopped are still hosted.
        let hosted = try emulator.statuses().values.filter { $0 == "HOSTED" }.count
        #expect(hosted == 160 - stops.count)
    }

    @Test func sigkillAtRandomMomentsNeverLeavesAStopOutOfTheLogAndTheNextRunSettlesIt() throws {
        let s = try Setup(models: 24, stopLatency: 0.25)
        let log = s.dir.url.appendingPathComponent("audit.jsonl").path
        let tool = CommandRunner.productsDirectory.appendingPathComponent("lookout-scheduler").path
        var generator = SystemRandomNumberGenerator()
        var unknownSeen = 0
        for i in 0..<20 {
            let emulator = try s.emulator()
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tool)
            p.arguments = s.arguments(emulator, log: log) + ["--concurrency", "4"]
            p.environment = CommandRunner.childEnvironment(emulator.environment(home: s.dir.url.path))
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32.random(in: 50_000...1_500_000, using: &generator))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let records = Self.records(log)
            let stops = try Self.stopTokens(emulator)
            let missing = stops.subtracting(Self.intentTokens(records))
            #expect(missing.isEmpty, "kill \(i): \(missing.count) StopModel calls the service received are not in the log")
            let verify = try CommandRunner.run(["audit", "--verify", "--log", log])
            #expect(verify.status == 0, "kill \(i): \(verify.stdout)")
            unknownSeen += Self.unsettled(records).count
        }
        // Some kill came between a StopModel and its outcome record (each stop takes 0.25 s).
        #expect(unknownSeen > 0)
        // A run that finishes settles every action left unknown, by reading the status, not by sending it again blindly.
        let emulator = try s.emulator()
        let before = Self.unsettled(Self.records(log))
        let metrics = s.dir.url.appendingPathComponent("metrics.prom").path
        let last = try CommandRunner.run(s.arguments(emulator, log: log) + ["--metrics-file", metrics],
                                         environment: emulator.environment(home: s.dir.url.path))
        #expect(last.status == 0, "\(last.stdout)\(last.stderr)")
        // The metrics count what the text says: the actions of unknown outcome this run settled.
        let prom = String(decoding: FileManager.default.contents(atPath: metrics) ?? Data(), as: UTF8.self)
        #expect(prom.contains("lookout_scheduler_actions_outcome_unknown \(Double(before.count))\n"))
        let records = Self.records(log)
        #expect(Self.unsettled(records).isEmpty)
        let settles = records.filter { $0["type"] as? String == "settle" }
        #expect(settles.count >= before.count)
        if !before.isEmpty {
            #expect(last.stdout.contains("SETTLED: stop lookoutvision eu-west-1 off-"))
            #expect(last.stdout.contains("sent by an earlier run with outcome unknown (settled)"))
            #expect(try emulator.requests().contains { $0["operation"] as? String == "DescribeModel" })
        }
        // `audit` counts each intent without an outcome once, and the settles.
        let audit = try CommandRunner.run(["audit", "--log", log, "--output", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])
        let unknown = Self.withoutOutcome(records).count
        #expect(doc["outcome_unknown"] as? Int == unknown)
        #expect(doc["settled"] as? Int == settles.count)
        #expect(unknownSeen >= unknown)
        #expect(try CommandRunner.run(["audit", "--verify", "--log", log]).status == 0)
    }

    /// Intents with no decision record of the same model in the same run.
    static func withoutOutcome(_ records: [[String: Any]]) -> [String] {
        func key(_ r: [String: Any], run: String?) -> String { "\(run ?? "")|\(r["project"] ?? "")|\(r["version"] ?? "")" }
        let outcomes = Set(records.filter { $0["type"] as? String == "decision" }.map { key($0, run: $0["run_id"] as? String) })
        return records.filter { $0["type"] as? String == "intent" }.map { key($0, run: $0["run_id"] as? String) }.filter { !outcomes.contains($0) }
    }

    /// Those of them no settle record names.
    static func unsettled(_ records: [[String: Any]]) -> [String] {
        func key(_ r: [String: Any], run: String?) -> String { "\(run ?? "")|\(r["project"] ?? "")|\(r["version"] ?? "")" }
        let settled = Set(records.filter { $0["type"] as? String == "settle" }.map { key($0, run: $0["intent_run_id"] as? String) })
        return withoutOutcome(records).filter { !settled.contains($0) }
    }

    @Test func auditOverManyDistinctModelsKeepsItsPerModelTablesWithinTheLimit() throws {
        let dir = try TemporaryDirectory()
        var text = #"{"type":"run-start","run_id":"r1","time":"2026-11-30T22:00:00Z","eval_time":"2026-11-30T22:00:00Z","regions":["eu-west-1"],"prev":"\#(String(repeating: "0", count: 64))"}"# + "\n"
        for m in 0..<3000 {
            text += #"{"type":"decision","run_id":"r1","time":"2026-11-30T22:00:00Z","eval_time":"2026-11-30T22:00:00Z","region":"eu-west-1","project":"p\#(m)","version":"1","status_before":"HOSTED","decision":"stop","reason":"x","outcome":"stopped","next_window":"2026-12-01T08:00:00Z","price_per_iu_hour":4,"prev":"\#(String(repeating: "0", count: 64))"}"# + "\n"
        }
        let log = try dir.write("audit.jsonl", text)
        let r = try CommandRunner.run(["audit", "--log", log, "--model-limit", "100", "--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["stops"] as? Int == 3000)
        #expect(doc["models_with_stops"] as? Int == 100)
        #expect(doc["untracked_stops"] as? Int == 2900)
        #expect((doc["stops_per_model"] as? [String: Int])?.count == 50)
        // Every stop is still projected to save its ten hours, tracked or not; none is realized (the
        // log ends at the stops). 100 untracked stops wait for the log to go on; the rest are settled
        // early, at the memory bound, and said.
        #expect(doc["projected_inference_unit_hours"] as? Double == 30_000)
        #expect(doc["realized_inference_unit_hours"] as? Double == 0)
        #expect(doc["savings_cut_at_model_limit"] as? Int == 2800)
        let t = try CommandRunner.run(["audit", "--log", log, "--model-limit", "100"])
        #expect(t.stdout.contains("stops per model (top 50 of 100 models):"))
        #expect(t.stdout.contains("and 50 more models"))
        #expect(t.stdout.contains("2900 stops of models beyond the first 100 distinct models"))
        let bad = try CommandRunner.run(["audit", "--log", log, "--model-limit", "0"])
        #expect(bad.status != 0 && bad.stderr.contains("--model-limit"))
    }
}

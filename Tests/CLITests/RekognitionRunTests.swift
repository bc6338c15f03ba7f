import Foundation
import Testing

/// One rule file over a mixed fleet: Lookout for Vision models and Rekognition Custom Labels
/// versions, through the real binary and the emulator (JSON 1.1, SigV4 for `rekognition`).
/// At Mon 2026-11-30 10:00Z (Berlin 11:00) office hours are open, evenings are not.
enum MixedFixture {
    static let now = "2026-11-30T10:00:00Z"
    static let rules = """
        version: 1
        defaults: { timezone: Europe/Berlin, region: eu-west-1, price_per_inference_unit_hour: { lookoutvision: 4.00, rekognition: 3.00 } }
        schedules:
          office: { windows: [ { days: mon-fri, from: "07:00", to: "19:00" } ] }
          evening: { windows: [ { days: mon-fri, from: "18:00", to: "23:00" } ] }
        rules:
          - { project: pcb, schedule: evening }
          - { service: rekognition, project: shelf, schedule: office }
          - { service: rekognition, project: "line-*", versions: ["*.2026-*"], schedule: evening }
        """
    static func fleet(faults: String = "[]") -> String {
        """
        region: eu-west-1
        projects:
          - { name: pcb, models: [ { version: 1, status: HOSTED }, { version: 2, status: STARTING_HOSTING } ] }
          - name: shelf
            service: rekognition
            models:
              - { version: shelf.2026-01-15T10.22.04, status: RUNNING, inference_units: 2 }
          - name: line-a
            service: rekognition
            models:
              - { version: line-a.2026-02-01T08.00.00, status: RUNNING, inference_units: 3 }
              - { version: line-a.2026-03-01T08.00.00, status: RUNNING, inference_units: 1 }
              - { version: line-a.2026-04-01T08.00.00, status: STARTING }
              - { version: line-a.2026-05-01T08.00.00, status: STOPPED }
              - { version: line-a.2025-12-01T08.00.00, status: RUNNING }
          - name: line-b
            service: rekognition
            models:
              - { version: line-b.2026-06-01T08.00.00, status: RUNNING }
              - { version: line-b.2026-06-02T08.00.00, status: STOPPING }
          - name: line-moderation
            service: rekognition
            feature: CONTENT_MODERATION
            models:
              - { version: line-moderation.2026-01-01T00.00.00, status: RUNNING }
          - name: pcb
            service: rekognition
            models:
              - { version: pcb.2026-01-01T00.00.00, status: RUNNING }
        faults: \(faults)
        """
    }
}

final class MixedRun: @unchecked Sendable {
    let dir = try! TemporaryDirectory()
    let emulator: EmulatorProcess
    let rules: String
    let log: String

    init(faults: String = "[]", pageSize: Int = 100, stopDelay: Double = 0.5) throws {
        rules = try dir.write("rules.yaml", MixedFixture.rules)
        let fleet = try dir.write("fleet.yaml", MixedFixture.fleet(faults: faults))
        emulator = try EmulatorProcess(fleet: fleet, extra: ["--page-size", String(pageSize), "--stop-delay", String(stopDelay)])
        log = dir.url.appendingPathComponent("audit.jsonl").path
    }

    func run(_ extra: [String] = []) throws -> CommandResult {
        try CommandRunner.run(["run", "--rules", rules, "--now", MixedFixture.now, "--endpoint-url", emulator.endpoint,
                               "--log", log, "--requests-per-second", "0"] + extra, environment: emulator.environment(home: dir.url.path))
    }

    func operations() throws -> [String] { try emulator.requests().compactMap { $0["operation"] as? String } }
}

@Suite(.serialized) struct RekognitionRunTests {
    /// Exactly the right models of both services are stopped; transitional ones deferred; the
    /// content-moderation adapter never listed; the Rekognition project named like a Lookout for
    /// Vision one is not covered by the Lookout for Vision rule.
    @Test(arguments: [100, 1])
    func oneRuleFileStopsTheRightModelsOfBothServices(pageSize: Int) throws {
        let s = try MixedRun(pageSize: pageSize, stopDelay: 60)
        let r = try s.run(["--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let models = try #require(doc["models"] as? [[String: Any]])
        var decided: [String: String] = [:]
        for m in models { decided["\(m["service"]!)/\(m["project"]!)/\(m["version"]!)"] = "\(m["decision"]!)/\(m["outcome"].map { "\($0)" } ?? "")" }
        #expect(decided["lookoutvision/pcb/1"] == "stop/stopped")
        #expect(decided["lookoutvision/pcb/2"] == "defer/<null>")
        #expect(decided["rekognition/shelf/shelf.2026-01-15T10.22.04"] == "keep/<null>")
        #expect(decided["rekognition/line-a/line-a.2026-02-01T08.00.00"] == "stop/stopped")
        #expect(decided["rekognition/line-a/line-a.2026-03-01T08.00.00"] == "stop/stopped")
        #expect(decided["rekognition/line-a/line-a.2026-04-01T08.00.00"] == "defer/<null>")
        #expect(decided["rekognition/line-a/line-a.2026-05-01T08.00.00"] == "none/<null>")
        #expect(decided["rekognition/line-a/line-a.2025-12-01T08.00.00"] == "unmanaged/<null>")
        #expect(decided["rekognition/line-b/line-b.2026-06-01T08.00.00"] == "stop/stopped")
        #expect(decided["rekognition/line-b/line-b.2026-06-02T08.00.00"] == "defer/<null>")
        #expect(decided["rekognition/pcb/pcb.2026-01-01T00.00.00"] == "unmanaged/<null>")
        #expect(!decided.keys.contains { $0.contains("moderation") })
        let statuses = try s.emulator.statuses()
        #expect(statuses["eu-west-1/line-a/line-a.2025-12-01T08.00.00"] == "RUNNING")
        #expect(statuses["eu-west-1/shelf/shelf.2026-01-15T10.22.04"] == "RUNNING")
        #expect(statuses["eu-west-1/line-b/line-b.2026-06-01T08.00.00"] == "STOPPING")
        // Every Rekognition request was JSON 1.1, signed for `rekognition` and accepted.
        let rekognition = try s.emulator.requests().filter { ($0["operation"] as? String ?? "").contains("Project") }
        #expect(!rekognition.isEmpty && rekognition.allSatisfy { $0["status"] as? Int == 200 })
        let ops = try s.operations()
        #expect(ops.filter { $0 == "StopProjectVersion" }.count == 3)
        #expect(ops.filter { $0 == "StopModel" }.count == 1)
        if pageSize == 1 {
            // Paging in both services: one page per project and per version.
            #expect(ops.filter { $0 == "DescribeProjects" }.count >= 4)
            #expect(ops.filter { $0 == "DescribeProjectVersions" }.count >= 9)
        }
        // The log names the service, and the savings use the versions' own inference units.
        let records = try String(contentsOfFile: s.log, encoding: .utf8).split(separator: "\n")
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let stop = try #require(records.first { $0["version"] as? String == "line-a.2026-02-01T08.00.00" && $0["type"] as? String == "decision" })
        #expect(stop["service"] as? String == "rekognition")
        #expect(stop["inference_units"] as? Int == 3)
        #expect(stop["price_per_iu_hour"] as? Double == 3.0)
        #expect(stop["arn"] as? String == nil || (stop["arn"] as? String)?.contains(":project/line-a/version/line-a.2026-02-01T08.00.00/") == true)
        let audit = try CommandRunner.run(["audit", "--log", s.log, "--output", "json"])
        let summary = try #require(JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])
        // Projected until the evening window opens at 18:00 Berlin (7 h): Rekognition 3 + 1 + 1 IU
        // at 3.00, Lookout for Vision 1 IU at 4.00. Realized: nothing yet, the log ends with this run.
        #expect(summary["projected_inference_unit_hours"] as? Double == 7.0 * (3 + 1 + 1 + 1))
        #expect(summary["projected_money"] as? Double == 7.0 * (5 * 3.0 + 1 * 4.0))
        #expect(summary["realized_inference_unit_hours"] as? Double == 0)
        let perService = try #require(summary["savings_per_service"] as? [String: [String: Double]])
        #expect(perService["rekognition"]?["projected_inference_unit_hours"] == 35 && perService["rekognition"]?["projected_money"] == 105)
        #expect(perService["lookoutvision"]?["projected_inference_unit_hours"] == 7 && perService["lookoutvision"]?["projected_money"] == 28)
        // --service filters: only Rekognition's stops, named with their service.
        let only = try CommandRunner.run(["audit", "--log", s.log, "--service", "rekognition", "--output", "json"])
        let o = try #require(JSONSerialization.jsonObject(with: Data(only.stdout.utf8)) as? [String: Any])
        #expect(o["stops"] as? Int == 3)
        #expect((o["stops_per_model"] as? [String: Int])?.keys.sorted()
            == ["rekognition/eu-west-1/line-a/line-a.2026-02-01T08.00.00", "rekognition/eu-west-1/line-a/line-a.2026-03-01T08.00.00",
                "rekognition/eu-west-1/line-b/line-b.2026-06-01T08.00.00"])
        let bad = try CommandRunner.run(["audit", "--log", s.log, "--service", "bogus"])
        #expect(bad.status == 64)
    }

    /// StopProjectVersion has no client token: when its first answer is lost, the retry meets
    /// ResourceInUseException; the run reads the status and records the stop as done.
    @Test func aLostStopAnswerIsRecognisedByTheVersionsStatus() throws {
        let s = try MixedRun(faults: #"[ { operation: StopProjectVersion, project: line-b, kind: lose-answer, times: 1 } ]"#, stopDelay: 120)
        let r = try s.run(["--output", "json", "--max-attempts", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let models = try #require(doc["models"] as? [[String: Any]])
        let lineB = try #require(models.first { $0["version"] as? String == "line-b.2026-06-01T08.00.00" })
        #expect(lineB["outcome"] as? String == "stopped")
        #expect(lineB["status_after"] as? String == "STOPPING")
        let served = try s.emulator.requests().filter { $0["project"] as? String == "line-b" }
        #expect(served.filter { $0["operation"] as? String == "StopProjectVersion" }.map { $0["status"] as? Int } == [200, 400])
        // The follow-up read is counted with the calls.
        let calls = try #require(doc["calls"] as? [String: Int])
        #expect((calls["DescribeProjectVersions"] ?? 0) >= 4)
    }

    /// `models --service rekognition` lists Custom Labels versions (never adapters) through the
    /// endpoint variable of that service alone.
    @Test func modelsListsCustomLabelsVersions() throws {
        let s = try MixedRun()
        var env = s.emulator.environment(home: s.dir.url.path)
        env["AWS_ENDPOINT_URL_REKOGNITION"] = s.emulator.endpoint
        let r = try CommandRunner.run(["models", "--service", "rekognition", "--region", "eu-west-1", "--output", "json"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: String]])
        #expect(rows.count == 9 && rows.allSatisfy { $0["service"] == "rekognition" })
        #expect(!rows.contains { $0["project"] == "line-moderation" })
        #expect(try s.operations().allSatisfy { $0 == "DescribeProjects" || $0 == "DescribeProjectVersions" })
    }
}

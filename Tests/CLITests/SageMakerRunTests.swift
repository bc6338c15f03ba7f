import Foundation
import Testing

/// One rule file over a fleet of all three services: Lookout for Vision, Rekognition Custom Labels
/// and SageMaker inference components, through the real binary and the emulator (JSON 1.1, SigV4
/// for `sagemaker` and `application-autoscaling`). At Mon 2026-11-30 10:00Z (Berlin 11:00) office
/// hours are open, evenings are not.
enum SageMakerFixture {
    static let now = "2026-11-30T10:00:00Z"
    static let rules = """
        version: 1
        defaults: { timezone: Europe/Berlin, region: eu-west-1, price_per_copy_hour: 1.50 }
        schedules:
          office: { windows: [ { days: mon-fri, from: "07:00", to: "19:00" } ] }
          evening: { windows: [ { days: mon-fri, from: "18:00", to: "23:00" } ] }
        rules:
          - { project: pcb, schedule: evening }
          - { service: rekognition, project: shelf, schedule: evening }
          - { service: sagemaker, project: llm, versions: [chat], schedule: office }
          - { service: sagemaker, project: llm, versions: ["batch-*"], schedule: evening }
          - { service: sagemaker, project: "vision-*", schedule: evening }
        """
    static func fleet(faults: String = "[]") -> String {
        """
        region: eu-west-1
        projects:
          - { name: pcb, models: [ { version: 1, status: HOSTED } ] }
          - { name: shelf, service: rekognition, models: [ { version: shelf.2026-01-15T10.22.04, status: RUNNING } ] }
          - name: llm
            service: sagemaker
            min_instance_count: 0
            models:
              - { version: chat, status: InService, copies: 2 }
              - { version: batch-a, status: InService, copies: 3 }
              - { version: batch-b, status: InService, copies: 0 }
              - { version: batch-c, status: Updating, copies: 1 }
              - { version: batch-d, status: Failed, copies: 0 }
              - { version: other, status: InService, copies: 1 }
          - name: vision-kept
            service: sagemaker
            models:
              - { version: det, status: InService, copies: 2 }
              - { version: det-two, status: InService, copies: 1 }
          - name: vision-auto
            service: sagemaker
            min_instance_count: 0
            models:
              - { version: scaled, status: InService, copies: 2, autoscaling_min: 1 }
              - { version: creating, status: Creating, copies: 0 }
              - { version: deleting, status: Deleting, copies: 1 }
        faults: \(faults)
        """
    }
}

final class SageMakerRun: @unchecked Sendable {
    let dir = try! TemporaryDirectory()
    let emulator: EmulatorProcess
    let rules: String
    let log: String

    init(rules: String = SageMakerFixture.rules, fleet: String = SageMakerFixture.fleet(), pageSize: Int = 100, stopDelay: Double = 60) throws {
        self.rules = try dir.write("rules.yaml", rules)
        let fleet = try dir.write("fleet.yaml", fleet)
        emulator = try EmulatorProcess(fleet: fleet, extra: ["--page-size", String(pageSize), "--stop-delay", String(stopDelay),
                                                             "--start-delay", String(stopDelay)])
        log = dir.url.appendingPathComponent("audit.jsonl").path
    }

    func run(_ extra: [String] = [], now: String = SageMakerFixture.now) throws -> CommandResult {
        try CommandRunner.run(["run", "--rules", rules, "--now", now, "--endpoint-url", emulator.endpoint,
                               "--log", log, "--requests-per-second", "0"] + extra, environment: emulator.environment(home: dir.url.path))
    }

    func json(_ r: CommandResult) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// "endpoint/component" to (status, copies, desired copies), from the emulator.
    func components() throws -> [String: (String, String, String)] {
        let data = try emulator.admin("/_emulator/models")
        let rows = try JSONSerialization.jsonObject(with: data) as? [[String: String]] ?? []
        var out: [String: (String, String, String)] = [:]
        for r in rows where r["service"] == "sagemaker" { out["\(r["project"]!)/\(r["version"]!)"] = (r["status"]!, r["copies"]!, r["desired_copies"]!) }
        return out
    }

    func operations() throws -> [String] { try emulator.requests().compactMap { $0["operation"] as? String } }
}

@Suite(.serialized) struct SageMakerRunTests {
    /// Exactly the right components are scaled to zero, in one run with the other two services;
    /// the rest are left alone: kept, deferred (transitional, or auto scaling would undo it),
    /// unmanaged, or not hosted. Only covered components are described.
    @Test(arguments: [100, 1])
    func oneRuleFileScalesExactlyTheRightComponentsToZero(pageSize: Int) throws {
        let s = try SageMakerRun(pageSize: pageSize)
        let r = try s.run(["--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try s.json(r)
        let models = try #require(doc["models"] as? [[String: Any]])
        var decided: [String: String] = [:]
        for m in models { decided["\(m["service"]!)/\(m["project"]!)/\(m["version"]!)"] = "\(m["decision"]!)/\(m["outcome"].map { "\($0)" } ?? "")" }
        #expect(decided["lookoutvision/pcb/1"] == "stop/stopped")
        #expect(decided["rekognition/shelf/shelf.2026-01-15T10.22.04"] == "stop/stopped")
        #expect(decided["sagemaker/llm/chat"] == "keep/<null>")
        #expect(decided["sagemaker/llm/batch-a"] == "stop/stopped")
        #expect(decided["sagemaker/llm/batch-b"] == "none/<null>")
        #expect(decided["sagemaker/llm/batch-c"] == "defer/<null>")
        #expect(decided["sagemaker/llm/batch-d"] == "none/<null>")
        #expect(decided["sagemaker/llm/other"] == "unmanaged/<null>")
        #expect(decided["sagemaker/vision-kept/det"] == "stop/stopped")
        #expect(decided["sagemaker/vision-kept/det-two"] == "stop/stopped")
        #expect(decided["sagemaker/vision-auto/scaled"] == "defer/<null>")
        #expect(decided["sagemaker/vision-auto/creating"] == "defer/<null>")
        #expect(decided["sagemaker/vision-auto/deleting"] == "defer/<null>")
        // In the emulator: exactly three components asked for zero copies.
        let c = try s.components()
        #expect(c["llm/batch-a"]! == ("Updating", "3", "0"))
        #expect(c["vision-kept/det"]!.2 == "0" && c["vision-kept/det-two"]!.2 == "0")
        for untouched in ["llm/chat", "llm/other", "vision-auto/scaled", "llm/batch-c"] { #expect(c[untouched]!.2 == c[untouched]!.1 || untouched == "llm/batch-c") }
        #expect(c["vision-auto/scaled"]! == ("InService", "2", "2"))
        // The fewest calls: only covered components described, each endpoint once, one scalable-target read.
        let ops = try s.operations()
        #expect(ops.filter { $0 == "UpdateInferenceComponentRuntimeConfig" }.count == 3)
        #expect(ops.filter { $0 == "DescribeInferenceComponent" }.count == 10)
        #expect(ops.filter { $0 == "DescribeEndpoint" }.count == 3)
        #expect(ops.filter { $0 == "DescribeScalableTargets" }.count == 1)
        #expect(ops.filter { $0 == "ListInferenceComponents" }.count == (pageSize == 1 ? 11 : 1))  // 11 components
        #expect(!(try s.emulator.requests()).contains { $0["operation"] as? String == "DescribeInferenceComponent" && $0["version"] as? String == "other" })
        let calls = try #require(doc["calls"] as? [String: Int])
        #expect(calls["DescribeInferenceComponent"] == 10 && calls["UpdateInferenceComponentRuntimeConfig"] == 3 && calls["DescribeScalableTargets"] == 1)
        // The records: service, copies before and after, the zero-saving reason, the price.
        let stop = try #require(models.first { $0["version"] as? String == "batch-a" })
        #expect(stop["copies_before"] as? Int == 3 && stop["copies_after"] as? Int == 0)
        #expect(stop["inference_units"] as? Int == 3 && stop["price_per_iu_hour"] as? Double == 1.5)
        #expect(stop["no_saving_reason"] is NSNull)
        let kept = try #require(models.first { $0["version"] as? String == "det" })
        #expect(kept["inference_units"] as? Int == 0 && kept["copies_before"] as? Int == 2)
        #expect((kept["no_saving_reason"] as? String)?.contains("keeps its instances") == true)
        let scaled = try #require(models.first { $0["version"] as? String == "scaled" })
        #expect((scaled["reason"] as? String)?.contains("MinCapacity 1") == true)
        // One warning per endpoint without scale-to-zero; one for the auto-scaled component.
        #expect(r.stderr.components(separatedBy: "endpoint vision-kept: variant").count == 2, "\(r.stderr)")
        #expect(r.stderr.contains("component scaled: its scalable target has MinCapacity 1"))
        // The audit: savings per service, SageMaker in copy-hours: projected 3 copies until 18:00 Berlin,
        // 7 h, at 1.50; nothing realized yet (the log ends with this run's stop).
        let audit = try CommandRunner.run(["audit", "--log", s.log, "--output", "json"])
        let summary = try #require(JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])
        let perService = try #require(summary["savings_per_service"] as? [String: [String: Double]])
        #expect(perService["sagemaker"]?["projected_inference_unit_hours"] == 21 && perService["sagemaker"]?["projected_money"] == 31.5)
        #expect(perService["sagemaker"]?["realized_inference_unit_hours"] == 0 && perService["sagemaker"]?["realized_money"] == 0)
        let only = try CommandRunner.run(["audit", "--log", s.log, "--service", "sagemaker", "--output", "json"])
        let o = try #require(JSONSerialization.jsonObject(with: Data(only.stdout.utf8)) as? [String: Any])
        #expect(o["stops"] as? Int == 3)
        let text = try CommandRunner.run(["audit", "--log", s.log])
        #expect(text.stdout.contains("sagemaker: 0.0 copy-hours, 0.00 (projected: 21.0, 31.50)"), "\(text.stdout)")
    }

    /// A dry run checks the same things and sends no update.
    @Test func aDryRunSendsNoUpdate() throws {
        let s = try SageMakerRun()
        let r = try s.run(["--dry-run"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("WOULD STOP: sagemaker eu-west-1 llm component batch-a [InService, 3 copies]"), "\(r.stdout)")
        #expect(!(try s.operations()).contains("UpdateInferenceComponentRuntimeConfig"))
    }

    /// The update takes no token: its first answer lost, the retry is refused (the component is
    /// Updating), and the run reads DesiredCopyCount 0 and records the stop as done.
    @Test func aLostAnswerIsJudgedByTheDesiredCopyCount() throws {
        let s = try SageMakerRun(fleet: SageMakerFixture.fleet(faults: #"[ { operation: UpdateInferenceComponentRuntimeConfig, version: batch-a, kind: lose-answer, times: 1 } ]"#))
        let r = try s.run(["--output", "json", "--max-attempts", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        let models = try #require(try s.json(r)["models"] as? [[String: Any]])
        let a = try #require(models.first { $0["version"] as? String == "batch-a" })
        #expect(a["outcome"] as? String == "stopped" && a["copies_after"] as? Int == 0)
        let served = try s.emulator.requests().filter { $0["version"] as? String == "batch-a" && $0["operation"] as? String == "UpdateInferenceComponentRuntimeConfig" }
        #expect(served.map { $0["status"] as? Int } == [200, 400])
        #expect(try s.components()["llm/batch-a"]!.2 == "0")
    }

    /// One covered component's describe denied: its endpoint's other component is still scaled to
    /// zero, and the denied one is decided on the listing's status (InService: its update is made
    /// and recorded, copies unknown); every describe attempt is counted.
    @Test func oneComponentsFailedDescribeHoldsBackNoOther() throws {
        let s = try SageMakerRun(fleet: SageMakerFixture.fleet(faults: #"[ { operation: DescribeInferenceComponent, version: det, kind: access-denied } ]"#))
        let r = try s.run(["--output", "json"])
        let doc = try s.json(r)
        let models = try #require(doc["models"] as? [[String: Any]])
        let two = try #require(models.first { $0["version"] as? String == "det-two" })
        #expect(two["decision"] as? String == "stop" && two["outcome"] as? String == "stopped")
        let det = try #require(models.first { $0["version"] as? String == "det" })
        #expect(det["decision"] as? String == "stop" && det["outcome"] as? String == "stopped")
        #expect(det["copies_before"] is NSNull || det["copies_before"] == nil)
        #expect(try s.components()["vision-kept/det"]!.2 == "0" && s.components()["vision-kept/det-two"]!.2 == "0")
        let denied = try s.emulator.requests().filter { $0["operation"] as? String == "DescribeInferenceComponent" && $0["version"] as? String == "det" }
        #expect(denied.count == 1 && denied.first?["status"] as? Int == 403)
        let calls = try #require(doc["calls"] as? [String: Int])
        #expect(calls["DescribeInferenceComponent"] == (try s.operations()).filter { $0 == "DescribeInferenceComponent" }.count)
    }

    /// With --wait, each scaled-down component is read until it has 0 copies (confirmed); its saving
    /// stays the copies the stop freed, not the 0 left.
    @Test func aWaitedStopIsConfirmedAndKeepsItsSaving() throws {
        let s = try SageMakerRun(stopDelay: 0.3)
        let r = try s.run(["--output", "json", "--wait", "20s", "--poll-interval", "0.2"])
        #expect(r.status == 0, "\(r.stderr)")
        let models = try #require(try s.json(r)["models"] as? [[String: Any]])
        let a = try #require(models.first { $0["version"] as? String == "batch-a" })
        #expect(a["outcome"] as? String == "confirmed" && a["status_after"] as? String == "InService")
        #expect(a["inference_units"] as? Int == 3 && a["copies_after"] as? Int == 0)
        #expect(try s.components()["llm/batch-a"]! == ("InService", "0", "0"))
    }

    /// Stopped at night, started at the window's opening: `start: {}` restores the copies of the
    /// last stop (from the log); `start: { copies: 4 }` brings 4.
    @Test func aStartAtTheOpeningRestoresTheRecordedCopies() throws {
        let rules = """
            version: 1
            defaults: { timezone: Europe/Berlin, region: eu-west-1 }
            schedules:
              evening: { windows: [ { days: mon-fri, from: "18:00", to: "23:00" } ] }
            rules:
              - { service: sagemaker, project: llm, versions: [batch-a], schedule: evening, start: {} }
              - { service: sagemaker, project: llm, versions: [batch-b], schedule: evening, start: { copies: 4 } }
            """
        let fleet = """
            region: eu-west-1
            projects:
              - name: llm
                service: sagemaker
                min_instance_count: 0
                models:
                  - { version: batch-a, status: InService, copies: 3 }
                  - { version: batch-b, status: InService, copies: 2 }
            """
        let s = try SageMakerRun(rules: rules, fleet: fleet, stopDelay: 0.3)
        let night = try s.run(now: "2026-11-30T22:30:00Z")
        #expect(night.status == 0, "\(night.stderr)")
        Thread.sleep(forTimeInterval: 1)
        #expect(try s.components()["llm/batch-a"]! == ("InService", "0", "0"))
        let opening = try s.run(["--output", "json"], now: "2026-12-01T17:05:00Z")
        #expect(opening.status == 0, "\(opening.stderr)")
        let models = try #require(try s.json(opening)["models"] as? [[String: Any]])
        let a = try #require(models.first { $0["version"] as? String == "batch-a" })
        #expect(a["decision"] as? String == "start" && a["outcome"] as? String == "started")
        #expect(a["copies_before"] as? Int == 0 && a["copies_after"] as? Int == 3)
        #expect((a["reason"] as? String)?.contains("3 copies (as at its last stop)") == true)
        let b = try #require(models.first { $0["version"] as? String == "batch-b" })
        #expect(b["copies_after"] as? Int == 4)
        let c = try s.components()
        #expect(c["llm/batch-a"]!.2 == "3" && c["llm/batch-b"]!.2 == "4")
        // Started: never counted as savings.
        let audit = try CommandRunner.run(["audit", "--log", s.log, "--output", "json"])
        let summary = try #require(JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])
        #expect(summary["starts"] as? Int == 2)
    }

    /// Without --endpoint-url, each client follows its own service's variable: SageMaker's
    /// AWS_ENDPOINT_URL_SAGEMAKER, Application Auto Scaling's AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING.
    @Test func eachClientFollowsItsOwnEndpointVariable() throws {
        let rules = """
            version: 1
            defaults: { timezone: UTC, region: eu-west-1, service: sagemaker }
            rules:
              - { project: "llm", schedule: never }
            """
        let s = try SageMakerRun(rules: rules)
        var env = s.emulator.environment(home: s.dir.url.path)
        env["AWS_ENDPOINT_URL_SAGEMAKER"] = s.emulator.endpoint
        // Application Auto Scaling's variable pointing nowhere: its read fails, so nothing is
        // stopped (each stop deferred, a failure): SageMaker's variable did not stand in for it.
        env["AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING"] = "http://127.0.0.1:1"
        let refused = try CommandRunner.run(["run", "--rules", s.rules, "--log", s.log, "--requests-per-second", "0", "--max-attempts", "1"],
                                            environment: env)
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stdout.contains("what the stop would do could not be read"), "\(refused.stdout)")
        #expect(!(try s.operations()).contains("UpdateInferenceComponentRuntimeConfig"))
        env["AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING"] = s.emulator.endpoint
        let r = try CommandRunner.run(["run", "--rules", s.rules, "--log", s.log, "--requests-per-second", "0"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("STOPPED: sagemaker eu-west-1 llm component batch-a [InService, 3 -> 0 copies]"), "\(r.stdout)")
    }

    /// `models --service sagemaker` lists endpoints, components, status and copies, through the
    /// endpoint variable of that service alone.
    @Test func modelsListsComponentsWithTheirCopies() throws {
        let s = try SageMakerRun()
        var env = s.emulator.environment(home: s.dir.url.path)
        env["AWS_ENDPOINT_URL_SAGEMAKER"] = s.emulator.endpoint
        let r = try CommandRunner.run(["models", "--service", "sagemaker", "--region", "eu-west-1", "--output", "json"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 11 && rows.allSatisfy { $0["service"] as? String == "sagemaker" })
        let a = try #require(rows.first { $0["version"] as? String == "batch-a" })
        #expect(a["project"] as? String == "llm" && a["status"] as? String == "InService" && a["copies"] as? Int == 3)
        let text = try CommandRunner.run(["models", "--service", "sagemaker", "--region", "eu-west-1"], environment: env)
        #expect(text.stdout.contains("endpoint llm component batch-a: InService, 3 copies"), "\(text.stdout)")
    }

    /// A rule's price_per_copy_hour, else its schedule's, else the file's default prices a stop;
    /// a Lookout for Vision rule with one is an error.
    @Test func aRuleOrScheduleMayPriceItsCopies() throws {
        let rules = """
            version: 1
            defaults: { timezone: UTC, region: eu-west-1, service: sagemaker, price_per_copy_hour: 1.00 }
            schedules:
              nights: { windows: [ { days: sat, from: "00:00", to: "01:00" } ], price_per_copy_hour: 3.00 }
            rules:
              - { project: llm, versions: [batch-a], schedule: nights, price_per_copy_hour: 2.00 }
              - { project: llm, versions: [chat], schedule: nights }
              - { project: vision-kept, schedule: never }
            """
        let s = try SageMakerRun(rules: rules)
        let r = try s.run(["--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let models = try #require(try s.json(r)["models"] as? [[String: Any]])
        func price(_ v: String) -> Double? { models.first { $0["version"] as? String == v }?["price_per_iu_hour"] as? Double }
        #expect(price("batch-a") == 2.0 && price("chat") == 3.0 && price("det") == 1.0)
        let dir = try TemporaryDirectory()
        let bad = try dir.write("bad.yaml", """
            version: 1
            defaults: { timezone: UTC }
            rules:
              - { project: pcb, schedule: always, price_per_copy_hour: 2 }
            """)
        let refused = try CommandRunner.run(["validate", "--rules", bad])
        #expect(refused.status == 2 && refused.stderr.contains("bad.yaml:4:") && refused.stderr.contains("price_per_copy_hour is for SageMaker rules"),
                "\(refused.stderr)")
    }

    /// `validate` says what a SageMaker start brings back.
    @Test func validateSaysWhatAStartBringsBack() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("rules.yaml", """
            version: 1
            defaults: { timezone: UTC, service: sagemaker, price_per_copy_hour: { sagemaker: 2.5 } }
            rules:
              - { project: llm, versions: [chat], schedule: always, start: { copies: 2 } }
              - { project: llm, schedule: always, start: {} }
            """)
        let r = try CommandRunner.run(["validate", "--rules", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("starts with 2 copies") && r.stdout.contains("starts with the copies of its last stop (else 1)"), "\(r.stdout)")
        let priced = try dir.write("priced.yaml", """
            version: 1
            defaults: { timezone: UTC, price_per_inference_unit_hour: { sagemaker: 2.5 } }
            rules:
              - { project: llm, schedule: always }
            """)
        let refused = try CommandRunner.run(["validate", "--rules", priced])
        #expect(refused.status == 2 && refused.stderr.contains("priced.yaml:2:") && refused.stderr.contains("price_per_copy_hour"), "\(refused.stderr)")
    }

    /// A broken SageMaker rule is rejected with file:line:column before any request.
    @Test func aBrokenSageMakerRuleIsRejectedWhereItIs() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("rules.yaml", """
            version: 1
            defaults: { timezone: UTC }
            rules:
              - { service: sagemaker, project: llm, schedule: always, start: { min_inference_units: 1 } }
              - { service: sagemaker, project: "bad_name", schedule: always }
            """)
        let r = try CommandRunner.run(["validate", "--rules", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("rules.yaml:4:"), "\(r.stderr)")
        #expect(r.stderr.contains("min_inference_units is not for SageMaker"))
        #expect(r.stderr.contains("rules.yaml:5:") && r.stderr.contains("SageMaker endpoint names"))
    }
}

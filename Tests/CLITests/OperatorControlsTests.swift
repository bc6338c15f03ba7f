import AWSCore
import Foundation
import SigV4
import Testing

/// Overrides, tag overrides, grace and starts, through the real binary against the emulator.
/// Mon 2026-11-30 in Berlin (UTC+1): office hours 07:00-19:00 are 06:00-18:00Z.
final class OperatorRun: @unchecked Sendable {
    let dir = try! TemporaryDirectory()
    let emulator: EmulatorProcess
    let rules: String
    let log: String

    init(rules text: String, fleet: String) throws {
        rules = try dir.write("rules.yaml", text)
        emulator = try EmulatorProcess(fleet: try dir.write("fleet.yaml", fleet), extra: ["--stop-delay", "0.2", "--start-delay", "0.2"])
        log = dir.url.appendingPathComponent("audit.jsonl").path
    }

    func run(at now: String, _ extra: [String] = []) throws -> CommandResult {
        try CommandRunner.run(["run", "--rules", rules, "--now", now, "--endpoint-url", emulator.endpoint, "--log", log,
                               "--requests-per-second", "0", "--output", "json"] + extra, environment: emulator.environment(home: dir.url.path))
    }

    /// `project/version` to (decision, outcome, the whole entry).
    func models(_ r: CommandResult) throws -> [String: [String: Any]] {
        let doc = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)\n\(r.stderr)")
        let list = try #require(doc["models"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ("\($0["project"]!)/\($0["version"]!)", $0) })
    }

    func calls(_ operation: String) throws -> [String] {
        try emulator.requests().filter { $0["operation"] as? String == operation }.map { "\($0["project"]!)/\($0["version"]!)" }
    }

    func settle() { Thread.sleep(forTimeInterval: 0.4) }

    /// A person stops a model by hand (a signed StopModel, as the console would send).
    func stopByHand(_ project: String, _ version: String) async throws {
        let client = AWSServiceClient(
            signingName: "lookoutvision", configuration: ServiceConfiguration(region: "eu-west-1", endpoint: emulator.endpoint),
            credentials: StaticCredentialProvider(Credentials(accessKeyId: EmulatorProcess.accessKeyId, secretAccessKey: EmulatorProcess.secret)),
            transport: CurlTransport(), options: .init(requestsPerSecond: 0))
        _ = try await client.send(api: "StopModel", method: "POST", path: "/2020-11-20/projects/\(project)/models/\(version)/stop",
                                  headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
    }
}

@Suite(.serialized) struct OperatorControlsTests {
    static let header = """
        version: 1
        defaults: { timezone: Europe/Berlin, region: eu-west-1, keep_until_tag: "lookout-scheduler:keep-until", keep_until_max: 2d }
        schedules:
          office: { windows: [ { days: mon-fri, from: "07:00", to: "19:00" } ] }
        """

    @Test func overridesKeepExpireAndForce() throws {
        let s = try OperatorRun(rules: OperatorControlsTests.header + """

            rules:
              - { project: "*", schedule: office }
            overrides:
              - { project: trial, versions: ["3"], schedule: always, until: 2026-12-04T18:00:00+01:00, reason: "line trial OPS-123" }
              - { project: old, schedule: always, until: 2026-11-20T18:00:00+01:00, reason: "expired trial" }
              - { project: broken, schedule: never, until: 2026-12-01T00:00:00Z, reason: "faulty model OPS-9" }
            """, fleet: """
            region: eu-west-1
            projects:
              - { name: trial, models: [ { version: 3, status: HOSTED }, { version: 4, status: HOSTED } ] }
              - { name: old, models: [ { version: 1, status: HOSTED } ] }
              - { name: broken, models: [ { version: 1, status: HOSTED } ] }
            """)
        // 22:00 Berlin: outside office hours.
        let night = try s.run(at: "2026-11-30T21:00:00Z")
        #expect(night.status == 0, "\(night.stderr)")
        let m = try s.models(night)
        #expect(m["trial/3"]?["decision"] as? String == "keep")
        #expect(m["trial/3"]?["override_reason"] as? String == "line trial OPS-123")
        #expect(m["trial/3"]?["override_until"] as? String == "2026-12-04T17:00:00Z")
        #expect((m["trial/3"]?["reason"] as? String)?.hasPrefix("override 1 (line ") == true)
        #expect(m["trial/4"]?["outcome"] as? String == "stopped")
        #expect(m["old/1"]?["outcome"] as? String == "stopped")  // expired: ignored
        #expect(m["old/1"]?["override_line"] is NSNull)
        #expect(night.stderr.contains("warning: override 2 expired"))
        #expect(night.stderr.components(separatedBy: "override 2 expired").count == 2)  // once
        // 11:00 Berlin: inside office hours; the `never` override stops `broken` anyway.
        let day = try OperatorRun(rules: try String(contentsOfFile: s.rules, encoding: .utf8), fleet: """
            region: eu-west-1
            projects:
              - { name: broken, models: [ { version: 1, status: HOSTED } ] }
              - { name: trial, models: [ { version: 4, status: HOSTED } ] }
            """)
        let d = try day.models(try day.run(at: "2026-11-30T10:00:00Z"))
        #expect(d["broken/1"]?["outcome"] as? String == "stopped")
        #expect(d["trial/4"]?["decision"] as? String == "keep")
        #expect(try day.calls("StopModel") == ["broken/1"])
        // validate says how long ago the expired one expired; explain shows the override.
        let v = try CommandRunner.run(["validate", "--rules", s.rules])
        #expect(v.status == 0 && v.stderr.contains("override 2 expired"))
        let e = try CommandRunner.run(["explain", "--rules", s.rules, "--project", "trial", "--version", "3", "--at", "2026-11-30T21:00:00Z"])
        #expect(e.stdout.contains("Override: override 1 (project trial, versions 3, region eu-west-1 -> always, until 2026-12-04T17:00:00Z: line trial OPS-123), line 8"))
        #expect(e.stdout.contains("Until:    2026-12-04T19:00:00+01:00 (2026-12-04T18:00:00Z)"))
    }

    @Test func keepUntilTagsKeepCapOrAreIgnored() throws {
        let s = try OperatorRun(rules: OperatorControlsTests.header + """

            rules:
              - { project: "*", schedule: office }
            """, fleet: """
            region: eu-west-1
            projects:
              - name: lab
                models:
                  - { version: 1, status: HOSTED, tags: { "lookout-scheduler:keep-until": "2026-12-01T09:00:00+01:00" } }
                  - { version: 2, status: HOSTED, tags: { "lookout-scheduler:keep-until": "2027-06-01T00:00:00Z" } }
                  - { version: 3, status: HOSTED, tags: { "lookout-scheduler:keep-until": "next friday" } }
                  - { version: 4, status: HOSTED, tags: { "lookout-scheduler:keep-until": "2026-11-01T00:00:00Z" } }
                  - { version: 5, status: TRAINED, tags: { "lookout-scheduler:keep-until": "2026-12-01T09:00:00+01:00" } }
              - name: sealed
                models:
                  - { version: 1, status: HOSTED }
            faults:
              - { operation: ListTagsForResource, project: sealed, kind: access-denied }
            """)
        let r = try s.run(at: "2026-11-30T21:00:00Z")
        #expect(r.status == 1, "tags that cannot be read are a failure")
        let m = try s.models(r)
        #expect(m["lab/1"]?["decision"] as? String == "keep" && m["lab/1"]?["keep_until"] as? String == "2026-12-01T08:00:00Z")
        #expect(m["lab/2"]?["decision"] as? String == "keep" && m["lab/2"]?["keep_until"] as? String == "2026-12-02T21:00:00Z")
        #expect(r.stderr.contains("warning: lookoutvision eu-west-1 lab version 2: tag lookout-scheduler:keep-until asks to keep it until 2027-06-01T00:00:00Z; capped"))
        #expect(m["lab/3"]?["outcome"] as? String == "stopped")
        #expect(r.stderr.contains("lab version 3: tag lookout-scheduler:keep-until is not an ISO 8601 instant"))
        #expect(m["lab/4"]?["outcome"] as? String == "stopped")  // a past instant keeps nothing
        #expect(m["sealed/1"]?["decision"] as? String == "defer" && m["sealed/1"]?["outcome"] as? String == "failed")
        #expect(m["sealed/1"]?["error_code"] as? String == "AccessDeniedException")
        #expect(Set(try s.calls("StopModel")) == ["lab/3", "lab/4"])
        // One ListTagsForResource per model about to be stopped, none for the others.
        #expect(Set(try s.calls("ListTagsForResource")) == ["lab/1", "lab/2", "lab/3", "lab/4", "sealed/1"])
        // keep_until_max counts from the first run that kept it by its tag: after 2 days it runs out.
        let dayAfter = try s.models(try s.run(at: "2026-12-01T21:00:00Z"))
        #expect(dayAfter["lab/2"]?["keep_until"] as? String == "2026-12-02T21:00:00Z")
        let threeDaysOn = try s.models(try s.run(at: "2026-12-02T22:00:00Z"))
        #expect(threeDaysOn["lab/2"]?["outcome"] as? String == "stopped")
        #expect((threeDaysOn["lab/2"]?["reason"] as? String)?.contains("keep_until_max 2d has run out") == true)
    }

    /// Grace: the first sighting is remembered in the log; the model is stopped once grace has run.
    @Test func graceAcrossThreeRuns() throws {
        let s = try OperatorRun(rules: """
            version: 1
            defaults: { timezone: Europe/Berlin, region: eu-west-1 }
            schedules:
              office: { grace: 2h, windows: [ { days: mon-fri, from: "07:00", to: "19:00" } ] }
            rules:
              - { project: lab, schedule: office }
              - { project: strict, schedule: office, grace: 30m }
            """, fleet: """
            region: eu-west-1
            projects:
              - { name: lab, models: [ { version: 1, status: HOSTED } ] }
              - { name: strict, models: [ { version: 1, status: HOSTED } ] }
            """)
        let first = try s.models(try s.run(at: "2026-11-30T20:00:00Z"))
        #expect(first["lab/1"]?["decision"] as? String == "defer")
        #expect(first["lab/1"]?["grace_until"] as? String == "2026-11-30T22:00:00Z")
        #expect(first["strict/1"]?["grace_until"] as? String == "2026-11-30T20:30:00Z")
        let second = try s.models(try s.run(at: "2026-11-30T21:00:00Z"))
        #expect(second["lab/1"]?["decision"] as? String == "defer")
        #expect(second["lab/1"]?["grace_until"] as? String == "2026-11-30T22:00:00Z")  // from the first sighting
        #expect(second["strict/1"]?["outcome"] as? String == "stopped")
        let third = try s.models(try s.run(at: "2026-11-30T22:00:00Z"))
        #expect(third["lab/1"]?["outcome"] as? String == "stopped")
        #expect(try s.calls("StopModel") == ["strict/1", "lab/1"])
    }

    /// Starts: at window opening; not after a manual stop; always with `enforce`; never with
    /// --no-start or --dry-run.
    @Test func startsAtWindowOpening() async throws {
        let s = try OperatorRun(rules: OperatorControlsTests.header + """

            rules:
              - { project: line, schedule: office, start: { min_inference_units: 2, max_inference_units: 3 } }
              - { project: press, schedule: office, start: { min_inference_units: 1, enforce: true } }
            """, fleet: """
            region: eu-west-1
            projects:
              - { name: line, models: [ { version: 1, status: TRAINED }, { version: 2, status: HOSTING_FAILED } ] }
              - { name: press, models: [ { version: 1, status: TRAINED } ] }
            """)
        // 06:30 Berlin: before the window; nothing to start.
        let early = try s.models(try s.run(at: "2026-11-30T05:30:00Z"))
        #expect(early["line/1"]?["decision"] as? String == "none")
        // A dry run at 07:10 would start; nothing is sent.
        let dry = try s.models(try s.run(at: "2026-11-30T06:10:00Z", ["--dry-run"]))
        #expect(dry["line/1"]?["outcome"] as? String == "would-start")
        #expect(try s.calls("StartModel").isEmpty)
        // --no-start at 07:05: nothing started, and the opening is left for the next run.
        let off = try s.models(try s.run(at: "2026-11-30T06:05:00Z", ["--no-start"]))
        #expect(off["line/1"]?["decision"] as? String == "keep" && off["line/1"]?["no_start"] as? Bool == true)
        #expect(try s.calls("StartModel").isEmpty)
        // 07:10: `line` is started now (the --no-start run did not use the opening up); `press` enforces.
        let after = try s.models(try s.run(at: "2026-11-30T06:10:00Z"))
        #expect(after["line/1"]?["outcome"] as? String == "started")
        #expect(after["press/1"]?["outcome"] as? String == "started")
        s.settle()
        #expect(Set(try s.calls("StartModel")) == ["line/1", "press/1"])
        // Both are stopped by hand during the window: at 09:00 only the enforced one is started again.
        try await s.stopByHand("line", "1")
        try await s.stopByHand("press", "1")
        s.settle()
        let later = try s.models(try s.run(at: "2026-11-30T08:00:00Z"))
        #expect(later["line/1"]?["decision"] as? String == "keep")
        #expect(later["press/1"]?["outcome"] as? String == "started")
    }

    @Test func aStartFollowsTheOpeningSeenByTheLog() throws {
        let s = try OperatorRun(rules: OperatorControlsTests.header + """

            rules:
              - { project: line, schedule: office, start: { min_inference_units: 2, max_inference_units: 3 } }
            """, fleet: """
            region: eu-west-1
            projects:
              - { name: line, models: [ { version: 1, status: TRAINED }, { version: 2, status: HOSTING_FAILED } ] }
            """)
        _ = try s.run(at: "2026-11-30T05:30:00Z")  // 06:30 Berlin: the window is closed
        let opened = try s.run(at: "2026-11-30T06:10:00Z")  // 07:10: it opened after the previous run
        #expect(opened.status == 0, "\(opened.stderr)")
        let m = try s.models(opened)
        #expect(m["line/1"]?["outcome"] as? String == "started")
        #expect(m["line/1"]?["inference_units"] as? Int == 2)
        #expect((m["line/2"]?["reason"] as? String)?.hasPrefix("HOSTING_FAILED: not started") == true)
        s.settle()
        // A person stops it during the window: the next run leaves it stopped.
        let stopped = try s.run(at: "2026-11-30T09:00:00Z")
        let again = try s.models(stopped)
        #expect(again["line/1"]?["status_before"] as? String == "HOSTED")
        #expect(try s.calls("StartModel") == ["line/1"])
        let counts = try #require(JSONSerialization.jsonObject(with: Data(opened.stdout.utf8)) as? [String: Any])["counts"] as? [String: Int]
        #expect(counts?["started"] == 1 && counts?["start"] == 1)
        // audit counts the start and the hosting it began (07:10 to 19:00 Berlin, 2 units), never as savings.
        let audit = try CommandRunner.run(["audit", "--log", s.log, "--output", "json"])
        let a = try #require(JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])
        #expect(a["starts"] as? Int == 1)
        #expect(a["started_inference_unit_hours"] as? Double == 23.67)
        #expect(a["realized_inference_unit_hours"] as? Double == 0 && a["projected_inference_unit_hours"] as? Double == 0)
    }
}

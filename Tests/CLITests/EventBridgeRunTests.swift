import Foundation
import Testing

/// Events on Amazon EventBridge through the real binary and the emulator's PutEvents (SigV4 for
/// `events`): the right DetailTypes, batches of at most 10, a rejected entry and a failing bus
/// recorded (log, metrics, exit 1) while every stop stands, a dry run that sends nothing, and a
/// malformed bus or region rejected with file:line:column before any request.
/// At Mon 2026-11-30 10:00Z the `evening` window is closed: every hosted model is stopped.
enum EventsFixture {
    static let now = "2026-11-30T10:00:00Z"
    static let stoppable = 12
    static func rules(events: String = "{ bus: ops-alerts, region: eu-west-1 }") -> String {
        """
        version: 1
        defaults:
          events: \(events)
          timezone: Europe/Berlin
          region: eu-west-1
        schedules:
          evening: { windows: [ { days: mon-fri, from: "18:00", to: "23:00" } ] }
        rules:
          - { project: line, schedule: evening }
          - { project: broken, schedule: evening }
        """
    }
    static func fleet(faults: String = "[]", broken: Bool = false) -> String {
        let versions = (1...stoppable).map { "{ version: \($0), status: HOSTED }" }.joined(separator: ", ")
        return """
        region: eu-west-1
        projects:
          - { name: line, models: [ \(versions) ] }
        \(broken ? "  - { name: broken, models: [ { version: 1, status: HOSTED } ] }" : "")
        faults: \(faults)
        """
    }
}

final class EventsRun: @unchecked Sendable {
    let dir = try! TemporaryDirectory()
    let emulator: EmulatorProcess
    let rules: String
    let log: String
    let metrics: String

    init(rules: String = EventsFixture.rules(), faults: String = "[]", broken: Bool = false) throws {
        self.rules = try dir.write("rules.yaml", rules)
        let fleet = try dir.write("fleet.yaml", EventsFixture.fleet(faults: faults, broken: broken))
        emulator = try EmulatorProcess(fleet: fleet, extra: ["--stop-delay", "60"])
        log = dir.url.appendingPathComponent("audit.jsonl").path
        metrics = dir.url.appendingPathComponent("lookout.prom").path
    }

    func run(_ extra: [String] = []) throws -> CommandResult {
        try CommandRunner.run(["run", "--rules", rules, "--now", EventsFixture.now, "--endpoint-url", emulator.endpoint,
                               "--log", log, "--requests-per-second", "0", "--metrics-file", metrics] + extra,
                              environment: emulator.environment(home: dir.url.path))
    }

    func events() throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: emulator.admin("/_emulator/events")) as? [[String: Any]] ?? []
    }

    func records() throws -> [[String: Any]] {
        try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    func putEventsRequests() throws -> [[String: Any]] {
        try emulator.requests().filter { $0["operation"] as? String == "PutEvents" }
    }
}

@Suite(.serialized) struct EventBridgeRunTests {
    /// 12 stops, one failed stop and the run's end: 14 events of the right types, each Detail the
    /// record as logged (no client token), Resources the model's ARN, Time the record's time, in
    /// calls of at most 10 entries, signed for `events` in the bus's region.
    @Test func eachRecordedActionReachesTheBusInBatchesOfAtMostTen() throws {
        let s = try EventsRun(faults: "[ { operation: StopModel, project: broken, kind: access-denied } ]", broken: true)
        let r = try s.run(["--output", "json"])
        #expect(r.status == 1, "\(r.stderr)")  // the failed stop
        let events = try s.events()
        let types = events.map { $0["detailType"] as? String ?? "" }
        #expect(types.filter { $0 == "Model Stopped" }.count == EventsFixture.stoppable)
        #expect(types.filter { $0 == "Action Failed" }.count == 1)
        #expect(types.filter { $0 == "Run Completed" }.count == 1)
        #expect(events.count == EventsFixture.stoppable + 2)
        #expect(events.allSatisfy { $0["source"] as? String == "lookout-scheduler" && $0["bus"] as? String == "ops-alerts" })
        // Batches: no call above 10 entries, so at least two calls for 14 events.
        var perCall: [Int: Int] = [:]
        for e in events { perCall[e["call"] as! Int, default: 0] += 1 }
        #expect(perCall.count >= 2 && perCall.values.allSatisfy { $0 <= 10 }, "\(perCall)")
        let calls = try s.putEventsRequests()
        #expect(calls.count == perCall.count && calls.allSatisfy { $0["status"] as? Int == 200 && $0["region"] as? String == "eu-west-1" })
        // Each Detail is the decision record as logged, less its client token; Time is the record's.
        let records = try s.records()
        for e in events where e["detailType"] as? String != "Run Completed" {
            let detail = try #require(JSONSerialization.jsonObject(with: Data((e["detail"] as! String).utf8)) as? [String: Any])
            #expect(detail["client_token"] == nil && detail["type"] as? String == "decision")
            let logged = try #require(records.first { $0["type"] as? String == "decision" && $0["seq"] as? Int == detail["seq"] as? Int })
            #expect(logged["version"] as? String == detail["version"] as? String && logged["outcome"] as? String == detail["outcome"] as? String)
            #expect((e["resources"] as? [String]) == [logged["arn"] as! String])
            let time = try #require(ISO8601DateFormatter().date(from: logged["time"] as! String))
            #expect(e["time"] as? Double == time.timeIntervalSince1970)
        }
        let failed = try #require(events.first { $0["detailType"] as? String == "Action Failed" })
        #expect((failed["detail"] as! String).contains("AccessDeniedException"))
        let completed = try #require(events.first { $0["detailType"] as? String == "Run Completed" })
        let end = try #require(JSONSerialization.jsonObject(with: Data((completed["detail"] as! String).utf8)) as? [String: Any])
        #expect((end["counts"] as? [String: Int])?["stopped"] == EventsFixture.stoppable && end["type"] as? String == "run-end")
        // No secret anywhere the events went.
        #expect(!events.contains { ($0["detail"] as! String).contains(EmulatorProcess.secret) })
        // The log's `events` record, after run-end; JSON and metrics say the same.
        let delivery = try #require(records.last)
        #expect(delivery["type"] as? String == "events" && delivery["sent"] as? Int == 14 && delivery["failed"] as? Int == 0)
        #expect(records[records.count - 2]["type"] as? String == "run-end")
        let doc = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((doc["events"] as? [String: Any])?["sent"] as? Int == 14)
        #expect((doc["calls"] as? [String: Int])?["PutEvents"] == calls.count)
        #expect(try String(contentsOfFile: s.metrics, encoding: .utf8).contains("lookout_scheduler_event_failures 0.0"))
        // The log with its new record still verifies and summarises.
        let verify = try CommandRunner.run(["audit", "--log", s.log, "--verify"], environment: s.emulator.environment(home: s.dir.url.path))
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let audit = try CommandRunner.run(["audit", "--log", s.log], environment: s.emulator.environment(home: s.dir.url.path))
        #expect(audit.status == 0 && audit.stdout.contains("12"), "\(audit.stderr)")
    }

    /// The bus rejects the entry about line/3: the log, the text, the metrics say so, the run
    /// exits 1, and line/3 is stopped all the same.
    @Test func aRejectedEntryIsRecordedAndTheStopStands() throws {
        let s = try EventsRun(faults: "[ { operation: PutEvents, project: line, version: 3, kind: reject-entry } ]")
        let r = try s.run()
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(try s.emulator.statuses()["eu-west-1/line/3"] == "STOPPING_HOSTING")
        #expect(r.stdout.contains("EVENT FAILED: Model Stopped for arn:aws:lookoutvision:eu-west-1:"), "\(r.stdout)")
        #expect(r.stdout.contains("events: 12 sent to ops-alerts (eu-west-1), 1 failed"), "\(r.stdout)")
        let delivery = try #require(try s.records().last)
        #expect(delivery["type"] as? String == "events" && delivery["failed"] as? Int == 1 && delivery["sent"] as? Int == 12)
        let failure = try #require((delivery["failures"] as? [[String: Any]])?.first)
        #expect(failure["error_code"] as? String == "InternalFailure" && (failure["resource"] as? String ?? "").hasSuffix("model/line/3"))
        #expect(try String(contentsOfFile: s.metrics, encoding: .utf8).contains("lookout_scheduler_event_failures 1.0"))
        #expect(try s.events().count == 12)
        // `audit` counts it as the run did, in text and JSON (a model filter leaves it out).
        let env = s.emulator.environment(home: s.dir.url.path)
        let text = try CommandRunner.run(["audit", "--log", s.log], environment: env)
        #expect(text.stdout.contains("events not delivered to EventBridge: 1\n"), "\(text.stdout)")
        let json = try CommandRunner.run(["audit", "--log", s.log, "--output", "json"], environment: env)
        let summary = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(summary["event_failures"] as? Int == 1)
        let filtered = try CommandRunner.run(["audit", "--log", s.log, "--project", "line", "--output", "json"], environment: env)
        #expect((try JSONSerialization.jsonObject(with: Data(filtered.stdout.utf8)) as? [String: Any])?["event_failures"] as? Int == 0)
    }

    /// The bus answers 500 to every call: each call is retried (3 attempts), every entry is a
    /// failure in the log, and every stop was sent and stands.
    @Test func aFailingBusIsRecordedWithoutBlockingAStop() throws {
        let s = try EventsRun(faults: "[ { operation: PutEvents, kind: error-500 } ]")
        let r = try s.run(["--max-attempts", "3"])
        #expect(r.status == 1)
        let statuses = try s.emulator.statuses()
        #expect((1...EventsFixture.stoppable).allSatisfy { statuses["eu-west-1/line/\($0)"] == "STOPPING_HOSTING" })
        let delivery = try #require(try s.records().last)
        #expect(delivery["failed"] as? Int == EventsFixture.stoppable + 1 && delivery["sent"] as? Int == 0)
        let calls = try s.putEventsRequests()
        // Every call was tried 3 times (`--max-attempts 3`), and `calls` counts every request.
        #expect(calls.count == delivery["calls"] as! Int && calls.count % 3 == 0 && calls.allSatisfy { $0["status"] as? Int == 500 })
        #expect((delivery["failures"] as? [[String: Any]] ?? []).allSatisfy { ($0["error_message"] as? String ?? "").hasSuffix("(3 attempts)") })
        #expect(try s.records().filter { $0["type"] as? String == "decision" && $0["outcome"] as? String == "stopped" }.count == EventsFixture.stoppable)
        #expect(try String(contentsOfFile: s.metrics, encoding: .utf8).contains("lookout_scheduler_event_failures 13.0"))
    }

    /// A bus that answers 3 s late does not hold back one stop: every StopModel arrives before the
    /// first PutEvents is answered.
    @Test func aSlowBusNeverDelaysAStop() throws {
        let s = try EventsRun(faults: "[ { operation: PutEvents, kind: latency, seconds: 3 } ]")
        let r = try s.run()
        #expect(r.status == 0, "\(r.stderr)")
        let requests = try s.emulator.requests()
        let firstEvent = try #require(requests.first { $0["operation"] as? String == "PutEvents" }?["time"] as? Double)
        let stops = requests.filter { $0["operation"] as? String == "StopModel" }.compactMap { $0["time"] as? Double }
        #expect(stops.count == EventsFixture.stoppable)
        #expect(stops.allSatisfy { $0 < firstEvent + 3 }, "stops at \(stops.map { $0 - firstEvent }) s after the first PutEvents")
        #expect(try s.events().count == EventsFixture.stoppable + 1)
    }

    /// `AWS_ENDPOINT_URL_EVENTBRIDGE` sends the events elsewhere than the models' calls; set but
    /// empty, it is an error before any request.
    @Test func theEventsEndpointIsItsOwn() throws {
        let s = try EventsRun()
        let bus = try EmulatorProcess(fleet: try s.dir.write("empty.yaml", "region: eu-west-1\nprojects: []\n"))
        var environment = s.emulator.environment(home: s.dir.url.path)
        environment["AWS_ENDPOINT_URL_LOOKOUTVISION"] = s.emulator.endpoint
        environment["AWS_ENDPOINT_URL_EVENTBRIDGE"] = bus.endpoint
        let arguments = ["run", "--rules", s.rules, "--now", EventsFixture.now, "--log", s.log, "--requests-per-second", "0"]
        let r = try CommandRunner.run(arguments, environment: environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try s.putEventsRequests().isEmpty && s.events().isEmpty)
        let received = try JSONSerialization.jsonObject(with: bus.admin("/_emulator/events")) as? [[String: Any]] ?? []
        #expect(received.count == EventsFixture.stoppable + 1)
        #expect(try bus.requests().allSatisfy { $0["operation"] as? String == "PutEvents" })

        environment["AWS_ENDPOINT_URL_EVENTBRIDGE"] = ""
        let before = try s.emulator.requests().count
        let refused = try CommandRunner.run(arguments, environment: environment)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("events: AWS_ENDPOINT_URL_EVENTBRIDGE is set but empty"), "\(refused.stderr)")
        #expect(try s.emulator.requests().count == before)
    }

    /// `validate` names the bus the events go to.
    @Test func validateNamesTheBus() throws {
        let s = try EventsRun(rules: EventsFixture.rules(events: "{ bus: \"arn:aws:events:eu-west-1:123456789012:event-bus/ops.alerts_1\" }"))
        let r = try CommandRunner.run(["validate", "--rules", s.rules])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("  events: EventBridge bus arn:aws:events:eu-west-1:123456789012:event-bus/ops.alerts_1 in eu-west-1 (PutEvents after each action recorded)"))
    }

    /// A dry run sends no event, and its output has none.
    @Test func aDryRunSendsNothing() throws {
        let s = try EventsRun()
        let r = try s.run(["--dry-run", "--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try s.putEventsRequests().isEmpty)
        #expect(try s.events().isEmpty)
        let doc = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["events"] is NSNull)
    }

    /// A malformed bus, a region that is not one, an ARN of another region: each is an error at
    /// its line and column, for `validate` and for `run`, before any request.
    @Test(arguments: [
        ("{ bus: \"ops alerts!\", region: eu-west-1 }", "3:18: error: events.bus 'ops alerts!' is not an event bus name"),
        ("{ bus: ops-alerts, region: EU-WEST }", "3:38: error: 'EU-WEST' is not an AWS region name"),
        ("{ bus: \"arn:aws:events:us-east-1:123456789012:event-bus/ops\", region: eu-west-1 }", "3:81: error: events.region 'eu-west-1' is not the region of the bus ARN (us-east-1)"),
        ("{ bus: \"arn:aws:events:eu-west-1:12345:event-bus/ops\" }", "3:18: error: events.bus 'arn:aws:events:eu-west-1:12345:event-bus/ops' is not an event bus ARN"),
        ("{ bus: ops-alerts }", "3:11: error: defaults.events needs 'region'"),
    ])
    func aMalformedBusOrRegionIsRejectedWhereItIs(events: String, expected: String) throws {
        let s = try EventsRun(rules: EventsFixture.rules(events: events))
        let validate = try CommandRunner.run(["validate", "--rules", s.rules])
        #expect(validate.status == 2)
        #expect(validate.stderr.contains("rules.yaml:" + expected), "\(validate.stderr)")
        let r = try s.run()
        #expect(r.status == 2)
        #expect(r.stderr.contains("rules.yaml:" + expected), "\(r.stderr)")
        #expect(try s.emulator.requests().isEmpty)
    }
}

import AWSCore
import Foundation
import LookoutEmulator
import AuditTrail
import SchedulerRun
import SigV4
import Testing
@testable import EventDelivery

/// The PutEvents client against the emulator over loopback, with real SigV4 for `events`; the
/// publisher as the run's observer; and which records become which events.
@Suite struct EventBridgeClientTests {
    func harness(secret: String = "ev-secret", signingName: String = EventBridgeClient.signingName, faults: [FaultRule] = [])
        async throws -> (EmulatorServer, EmulatorService, EventBridgeClient) {
        var fleet = Fleet(region: "eu-west-1", projects: [])
        fleet.faults = faults
        let service = EmulatorService(fleet: fleet, configuration: .init(credentials: ["AKIDEV": ("ev-secret", nil)]))
        let server = try await EmulatorServer(service: service)
        let client = EventBridgeClient(service: AWSServiceClient(
            signingName: signingName, configuration: ServiceConfiguration(region: "eu-west-1", endpoint: server.endpoint),
            credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKIDEV", secretAccessKey: secret)),
            transport: CurlTransport(), options: .init(retry: RetryPolicy(maxAttempts: 2), requestsPerSecond: 0),
            sleep: { _ in }))
        return (server, service, client)
    }

    func entry(_ n: Int, detail: String? = nil) -> EventEntry {
        EventEntry(detailType: .modelStopped, detail: detail ?? "{\"n\":\(n)}",
                   resources: ["arn:aws:lookoutvision:eu-west-1:123456789012:model/line/\(n)"], time: 1_800_000_000 + n, seq: n)
    }

    @Test func entriesArriveSignedForEventsWithEveryField() async throws {
        let (server, service, client) = try await harness()
        defer { Task { await server.shutdown() } }
        let answer = try await client.putEvents([entry(1), entry(2)], bus: "ops-alerts")
        #expect(answer.value.count == 2 && answer.value.allSatisfy { $0.EventId != nil && $0.ErrorCode == nil })
        let got = service.receivedEvents
        #expect(got.map(\.detail) == ["{\"n\":1}", "{\"n\":2}"])
        #expect(got.allSatisfy { $0.source == "lookout-scheduler" && $0.detailType == "Model Stopped" && $0.bus == "ops-alerts" && $0.region == "eu-west-1" })
        #expect(got.map(\.time) == [1_800_000_001, 1_800_000_002])
        #expect(service.requests.last?.operation == "PutEvents" && service.requests.last?.status == 200)
    }

    /// A signature for another service, or with the wrong secret, is refused as AWS refuses it, and never retried.
    @Test(arguments: [("ev-secret", "lookoutvision"), ("wrong", EventBridgeClient.signingName)])
    func aBadSignatureIsRefused(secret: String, signingName: String) async throws {
        let (server, service, client) = try await harness(secret: secret, signingName: signingName)
        defer { Task { await server.shutdown() } }
        await #expect(throws: AWSError.self) { try await client.putEvents([entry(1)], bus: "default") }
        #expect(service.receivedEvents.isEmpty && service.requests.count == 1 && service.requests[0].status == 403)
    }

    /// Per-entry answers: a Detail that is not a JSON object, and a reject-entry fault, fail alone.
    @Test func entriesAreAnsweredOneByOne() async throws {
        let (server, service, client) = try await harness(faults: [FaultRule(operation: "PutEvents", project: "line", version: "3", kind: .rejectEntry)])
        defer { Task { await server.shutdown() } }
        let answer = try await client.putEvents([entry(1), entry(2, detail: "not json"), entry(3), entry(4)], bus: "default")
        #expect(answer.value.map { $0.ErrorCode } == [nil, "MalformedDetail", "InternalFailure", nil])
        #expect(service.receivedEvents.count == 2)
    }

    /// The emulator holds the service's own limit: one byte over 256 KiB in a call is refused.
    @Test func theEmulatorRefusesACallOver256KiBAsTheServiceCountsIt() async throws {
        let (server, _, client) = try await harness()
        defer { Task { await server.shutdown() } }
        let fixed = entry(0, detail: "{}").size - 2
        let half = EventEntry.maximumSize / 2 - fixed
        let body = "{\"x\":\"" + String(repeating: "a", count: half - 8) + "\"}"
        let two = [entry(1, detail: body), entry(2, detail: body)]
        #expect(two.reduce(0) { $0 + $1.size } <= EventEntry.maximumSize)
        _ = try await client.putEvents(two, bus: "default")
        let over = [entry(1, detail: body), entry(2, detail: body + " ")]
        #expect(over.reduce(0) { $0 + $1.size } > EventEntry.maximumSize)
        await #expect(throws: AWSError.self) { try await client.putEvents(over, bus: "default") }
        #expect(EventBatches.split(over).count == 2)
    }

    /// The publisher: `recorded` returns at once, 25 stops go in calls of at most 10, and a call
    /// that fails after its retries counts every entry in it as failed.
    @Test func thePublisherBatchesAndCountsFailures() async throws {
        let (server, service, client) = try await harness()
        defer { Task { await server.shutdown() } }
        let publisher = EventPublisher(client: client, bus: "ops", region: "eu-west-1")
        for n in 1...25 { publisher.recorded(record(n, outcome: .stopped)) }
        publisher.recorded(record(26, outcome: nil))  // a keep: no event
        let delivered = await publisher.finish()
        #expect(delivered.sent == 25 && delivered.failed == 0)
        #expect(Dictionary(grouping: service.receivedEvents, by: \.call).values.allSatisfy { $0.count <= 10 })
        // Recorded at once, they wait for full batches: 10, 10, and the last 5 at the finish.
        #expect(delivered.calls == 3 && Dictionary(grouping: service.receivedEvents, by: \.call).values.map(\.count).sorted() == [5, 10, 10])

        service.inject(FaultRule(operation: "PutEvents", kind: .error500))
        let failing = EventPublisher(client: client, bus: "ops", region: "eu-west-1")
        for n in 1...3 { failing.recorded(record(n, outcome: .failed)) }
        let lost = await failing.finish()
        // Requests, retries included: each call tried twice (`maxAttempts: 2`).
        #expect(lost.calls == service.requests.filter { $0.fault == "error-500" }.count && lost.calls % 2 == 0)
        #expect(lost.sent == 0 && lost.failed == 3 && lost.failures.allSatisfy { $0.error_code == "InternalServerException" && $0.detail_type == "Action Failed" })
    }

    /// A bus slower than the run's patience: once the actions are done, `finish` waits at most its
    /// deadline; what is still queued or unanswered then counts as failed (`EventsDeadline`), and
    /// nothing more is sent.
    @Test func finishWaitsNoLongerThanItsDeadline() async throws {
        let (server, service, client) = try await harness(faults: [FaultRule(operation: "PutEvents", kind: .latency, seconds: 3)])
        defer { Task { await server.shutdown() } }
        let publisher = EventPublisher(client: client, bus: "ops", region: "eu-west-1", maximumCallsInFlight: 1, finishDeadline: 0.5)
        for n in 1...25 { publisher.recorded(record(n, outcome: .stopped)) }
        let started = Date()
        let delivered = await publisher.finish()
        let waited = Date().timeIntervalSince(started)
        #expect(waited >= 0.5 && waited < 2.5, "finish waited \(waited) s")
        #expect(delivered.sent == 0 && delivered.failed == 25)
        #expect(delivered.failures.allSatisfy { $0.error_code == "EventsDeadline" } && delivered.failures.count == 25)
        // The call that was in flight reaches the bus later: counted failed (unanswered in time),
        // as the run could not know; no other call was started after the deadline.
        try await Task.sleep(nanoseconds: 3_500_000_000)
        #expect(service.receivedEvents.count == 10)
    }

    /// A quiet run: one event is sent within the linger, before the run finishes.
    @Test func aLoneEventIsSentWithinTheLinger() async throws {
        let (server, service, client) = try await harness()
        defer { Task { await server.shutdown() } }
        let publisher = EventPublisher(client: client, bus: "ops", region: "eu-west-1", linger: 0.1)
        publisher.recorded(record(1, outcome: .started))
        var waited = 0.0
        while service.receivedEvents.isEmpty && waited < 5 {
            try await Task.sleep(nanoseconds: 50_000_000)
            waited += 0.05
        }
        #expect(service.receivedEvents.map(\.detailType) == ["Model Started"] && waited >= 0.05 && waited < 2)
        #expect(await publisher.finish().sent == 1)
    }

    func record(_ n: Int, outcome: Outcome?) -> RunEvent {
        var d = ModelDecision(region: "eu-west-1", project: "line", version: "\(n)", status_before: "HOSTED", decision: outcome == nil ? .keep : .stop, reason: "r")
        d.outcome = outcome
        d.arn = "arn:aws:lookoutvision:eu-west-1:123456789012:model/line/\(n)"
        d.client_token = "token-\(n)"
        return RunEvent(header: .init(run_id: "run", seq: n, time: "2026-11-30T10:00:0\(n % 10)Z", eval_time: "2026-11-30T10:00:00Z",
                                      dry_run: false, tool_version: "t"), body: .decision(d))
    }

    /// Which records are told, with which type; Detail is the logged record without its client token.
    @Test func recordsBecomeEventsOfTheRightType() throws {
        let cases: [(Outcome?, EventDetailType?)] = [(.stopped, .modelStopped), (.confirmed, .modelStopped), (.unconfirmed, .modelStopped),
                                                     (.started, .modelStarted), (.failed, .actionFailed), (.skipped, .actionFailed),
                                                     (.wouldStop, nil), (nil, nil)]
        for (outcome, type) in cases {
            let e = RecordEvents.entry(for: record(3, outcome: outcome))
            #expect(e?.detailType == type, "\(String(describing: outcome))")
            if let e {
                #expect(!e.detail.contains("client_token") && !e.detail.contains("token-3") && e.detail.contains("\"version\":\"3\""))
                #expect(e.resources == ["arn:aws:lookoutvision:eu-west-1:123456789012:model/line/3"] && e.time == 1_796_032_803 && e.seq == 3)
            }
        }
        let end = RunEvent(header: .init(run_id: "run", seq: 9, time: "2026-11-30T10:00:09Z", eval_time: "2026-11-30T10:00:00Z", dry_run: false, tool_version: "t"),
                           body: .runEnd(.init(counts: RunCounts(), duration_ms: 1, exit_code: 0)))
        #expect(RecordEvents.entry(for: end)?.detailType == .runCompleted && RecordEvents.entry(for: end)?.resources == [])
    }
}

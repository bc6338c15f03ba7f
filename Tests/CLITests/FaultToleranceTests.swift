import Foundation
import Testing

/// Faults injected through the emulator into a real run of the binary. Whatever goes wrong, the
/// run ends within its deadline, every model it saw has its outcome in the log, the exit code says
/// whether anything failed, no model inside its window is stopped, and the log verifies.
@Suite(.serialized) struct FaultToleranceTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let faults: String
        let expectFailure: Bool
        var attempts = 3
        /// Connections the emulator drops, per operation: libcurl sends such a request again on a
        /// new connection by itself when the dropped one was a reused connection, and the client
        /// never sees that resend, so the run may count up to this many fewer than were received.
        var dropped: [String: Int] = [:]
        var description: String { name }
    }

    static let cases: [Case] = [
        // Four throttled answers in a row (Retry-After: 1): five attempts per call absorb them.
        Case(name: "throttling storm with Retry-After", faults: "[ { operation: '*', kind: throttle, times: 4, seconds: 1 } ]", expectFailure: false, attempts: 5),
        // A storm longer than the retries: the first listing fails, and is reported; the rest go on.
        Case(name: "throttling storm outlasting the retries", faults: "[ { operation: '*', kind: throttle, times: 6, seconds: 1 } ]", expectFailure: true, attempts: 3),
        Case(name: "500s", faults: "[ { operation: StopModel, kind: error-500, times: 3 }, { operation: ListModels, kind: error-500, times: 2 } ]", expectFailure: false),
        Case(name: "dropped connections", faults: "[ { operation: StopModel, kind: drop, times: 2 }, { operation: ListProjects, kind: drop, times: 1 } ]", expectFailure: false,
             dropped: ["StopModel": 2, "ListProjects": 1]),
        Case(name: "hangs past the timeout", faults: "[ { operation: StopModel, project: chi-a, kind: hang } ]", expectFailure: true),
        Case(name: "non-JSON bodies", faults: "[ { operation: ListProjects, kind: non-json } ]", expectFailure: true),
        Case(name: "access denied on one stop", faults: "[ { operation: StopModel, project: retired, kind: access-denied } ]", expectFailure: true),
    ]

    @Test(arguments: cases)
    func aFaultyServiceNeverBreaksTheRules(c: Case) throws {
        let s = try RunSetup(faults: c.faults)
        let started = Date()
        let r = try s.run(["--request-timeout", "1", "--max-attempts", String(c.attempts), "--output", "json"])
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(r.status == (c.expectFailure ? 1 : 0), "\(r.stderr)")
        try checkInvariants(s, status: r.status)
        // `calls` is every request sent, retries and failed attempts included: exactly what the
        // emulator received, operation by operation, whatever the faults made of them.
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let calls = try #require(doc["calls"] as? [String: Int])
        var received: [String: Int] = [:]
        for request in try s.emulator.requests() {
            if let operation = request["operation"] as? String { received[operation, default: 0] += 1 }
        }
        #expect(Set(calls.keys) == Set(received.keys), "\(c.name): the run counted \(calls), the emulator received \(received)")
        for (operation, n) in received {
            let counted = calls[operation] ?? 0
            #expect(counted <= n && n - counted <= c.dropped[operation, default: 0],
                    "\(c.name): \(operation): the run counted \(counted), the emulator received \(n)")
        }
    }

    @Test func theServerGoingAwayMidRun() async throws {
        let s = try RunSetup(faults: "[ { operation: StopModel, kind: latency, seconds: 1 } ]")
        let run = Task.detached { try s.run(["--request-timeout", "2", "--max-attempts", "2", "--concurrency", "2"]) }
        // Once the stops have begun (each takes a second to answer), the service goes away.
        for _ in 0..<500 {
            if (try? s.emulator.requests().contains { $0["operation"] as? String == "StopModel" }) == true { break }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        s.emulator.process.terminate()
        let r = try await run.value
        #expect(r.status == 1)
        let lines = try s.logLines()
        #expect(lines.last?["type"] as? String == "run-end")
        #expect(lines.contains { $0["error_code"] as? String == "ConnectionError" })
        #expect(try CommandRunner.run(["audit", "--log", s.log, "--verify"]).status == 0)
    }

    func checkInvariants(_ s: RunSetup, status: Int32) throws {
        let requests = try s.emulator.requests()
        // Never a StopModel for a model inside its window (or exempt, or unmanaged).
        for m in RunFixture.mustKeepHosted {
            let parts = m.split(separator: "/").map(String.init)
            #expect(!requests.contains { $0["operation"] as? String == "StopModel" && $0["project"] as? String == parts[1] }, "\(m)")
        }
        let lines = try s.logLines()
        #expect(lines.first?["type"] as? String == "run-start")
        let end = try #require(lines.last)
        #expect(end["type"] as? String == "run-end")
        #expect(end["exit_code"] as? Int == Int(status))
        // Every model that must stop either was stopped, or its failure is on record with a code,
        // or the listing that would have found it failed (and the run-end record says so).
        let decisions = lines.filter { $0["type"] as? String == "decision" }
        for m in RunFixture.mustStop {
            let parts = m.split(separator: "/").map(String.init)
            let record = decisions.first { $0["region"] as? String == parts[0] && $0["project"] as? String == parts[1] && $0["version"] as? String == parts[2] }
            if let record {
                let outcome = record["outcome"] as? String
                #expect(outcome == "stopped" || (outcome == "failed" && record["error_code"] != nil), "\(m): \(record)")
            } else {
                #expect((end["error_message"] as? String)?.contains(parts[0]) == true, "\(m) has no record and no listing failure")
            }
        }
        #expect(try CommandRunner.run(["audit", "--log", s.log, "--verify"]).status == 0)
    }
}

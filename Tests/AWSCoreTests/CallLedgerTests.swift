import AWSCore
import Foundation
import SigV4
import Testing

/// The ledger counts every request that left `AWSServiceClient.send`, retries included, in one
/// place, shared by every client it is given to.
@Suite struct CallLedgerTests {
    /// Answers the scripted statuses in turn (the last one for ever); or refuses every URL.
    struct ScriptedTransport: HTTPTransport {
        let statuses: [Int]
        var refuseURL = false
        let sent = Sent()
        func send(_ request: HTTPRequest, timeout: Double) async throws -> HTTPResponse {
            if refuseURL { throw TransportError.invalidURL(request.url) }
            let n = sent.next()
            return HTTPResponse(status: statuses[min(n, statuses.count) - 1], body: Array("{}".utf8))
        }
    }

    /// Requests the transport answered.
    final class Sent: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func next() -> Int { lock.withLock { n += 1; return n } }
        var count: Int { lock.withLock { n } }
    }

    func client(_ transport: ScriptedTransport, ledger: CallLedger) -> AWSServiceClient {
        AWSServiceClient(signingName: "lookoutvision", configuration: ServiceConfiguration(region: "eu-west-1", endpoint: "https://x.invalid"),
                         credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKID", secretAccessKey: "s")),
                         transport: transport, options: .init(retry: RetryPolicy(maxAttempts: 3), requestsPerSecond: 0, ledger: ledger),
                         sleep: { _ in })
    }

    @Test func everyAttemptIsOneRequestRetriesIncluded() async throws {
        let ledger = CallLedger()
        let transport = ScriptedTransport(statuses: [503, 503, 200])
        let reply = try await client(transport, ledger: ledger).send(LookoutVisionOperation.listProjects, method: .get, path: "/2020-11-20/projects")
        #expect(reply.attempts == 3 && transport.sent.count == 3)
        #expect(ledger.requests(of: LookoutVisionOperation.listProjects) == 3)
        #expect(ledger.totals == ["ListProjects": 3])
    }

    @Test func aFailedCallCountsEveryRequestItSent() async throws {
        let ledger = CallLedger()
        let transport = ScriptedTransport(statuses: [503])
        let error = await #expect(throws: AWSError.self) {
            try await client(transport, ledger: ledger).send(LookoutVisionOperation.stopModel, method: .post, path: "/stop")
        }
        #expect(error?.attempts == 3)
        #expect(ledger.requests(of: LookoutVisionOperation.stopModel) == 3)
    }

    @Test func aRequestNeverSentCountsNothing() async throws {
        let ledger = CallLedger()
        let transport = ScriptedTransport(statuses: [200], refuseURL: true)
        let error = await #expect(throws: AWSError.self) {
            try await client(transport, ledger: ledger).send(LookoutVisionOperation.describeModel, method: .get, path: "/m")
        }
        #expect(error?.attempts == 0)
        #expect(ledger.totals.isEmpty)
    }

    @Test func clientsShareOneLedgerAndARunCountsFromItsMark() async throws {
        let ledger = CallLedger()
        let one = client(ScriptedTransport(statuses: [200]), ledger: ledger)
        let two = client(ScriptedTransport(statuses: [200]), ledger: ledger)
        _ = try await one.send(LookoutVisionOperation.listModels, method: .get, path: "/a")
        let mark = ledger.mark()
        _ = try await one.send(LookoutVisionOperation.listModels, method: .get, path: "/a")
        _ = try await two.send(LookoutVisionOperation.stopModel, method: .post, path: "/b")
        #expect(ledger.totals == ["ListModels": 2, "StopModel": 1])
        #expect(ledger.totals(since: mark) == ["ListModels": 1, "StopModel": 1])
    }
}

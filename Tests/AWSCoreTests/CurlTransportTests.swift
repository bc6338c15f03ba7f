import Foundation
import LookoutEmulator
import SigV4
import Testing
@testable import AWSCore

/// A loopback server answering with `handler`, and the requests it saw.
final class Loopback: @unchecked Sendable {
    let server: EmulatorServer
    private let seen = NSLock()
    private var _requests: [EmulatorRequest] = []
    var requests: [EmulatorRequest] { seen.withLock { _requests } }

    init(_ handler: @escaping @Sendable (EmulatorRequest) -> EmulatorAction) async throws {
        let box = RequestBox()
        server = try await EmulatorServer(handler: { request in
            box.append(request)
            return handler(request)
        })
        box.owner = self
    }

    fileprivate func append(_ r: EmulatorRequest) { seen.withLock { _requests.append(r) } }
    var url: String { server.endpoint }
}

private final class RequestBox: @unchecked Sendable {
    weak var owner: Loopback?
    func append(_ r: EmulatorRequest) { owner?.append(r) }
}

func ok(_ body: String = "{}", headers: [String: String] = [:], delay: Double = 0) -> EmulatorAction {
    .respond(status: 200, headers: headers, body: Array(body.utf8), delay: delay)
}

func elapsed(_ body: () async throws -> Void) async rethrows -> Double {
    let start = Date()
    try await body()
    return Date().timeIntervalSince(start)
}

@Suite struct CurlTransportTests {
    @Test func sendsMethodHeadersAndBodyAndReadsTheResponse() async throws {
        let loop = try await Loopback { r in
            ok("{\"echo\": \"\(r.method) \(r.uri) \(String(decoding: r.body, as: UTF8.self))\"}", headers: ["x-amzn-RequestId": "req-1"])
        }
        let transport = CurlTransport()
        let response = try await transport.send(HTTPRequest(method: "POST", url: loop.url + "/a/b%2Fc?x=1",
                                                            headers: [("Host", "ignored"), ("X-Amz-Date", "20261129T000000Z"),
                                                                      ("Content-Type", "application/json")],
                                                            body: Array("{\"k\":1}".utf8)), timeout: 5)
        #expect(response.status == 200)
        #expect(response.header("X-AMZN-REQUESTID") == "req-1")
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"echo\": \"POST /a/b%2Fc?x=1 {\"k\":1}\"}")
        let seen = try #require(loop.requests.first)
        #expect(seen.header("x-amz-date") == "20261129T000000Z")
        #expect(seen.header("host") == String(loop.url.dropFirst("http://".count)))  // from the URL, once
        #expect(seen.headers.filter { $0.name.lowercased() == "host" }.count == 1)
        #expect(seen.header("expect") == nil)
        #expect(seen.header("content-length") == "7")

        // PUT with no body (the IMDSv2 token call): Content-Length 0, no form content type.
        _ = try await transport.send(HTTPRequest(method: "PUT", url: loop.url + "/latest/api/token"), timeout: 5)
        let put = loop.requests[1]
        #expect(put.method == "PUT" && put.header("content-length") == "0" && put.header("content-type") == nil)
        _ = try await transport.send(HTTPRequest(method: "DELETE", url: loop.url + "/x"), timeout: 5)
        #expect(loop.requests[2].method == "DELETE")
    }

    @Test func connectionsAreKeptAliveAndReused() async throws {
        let loop = try await Loopback { _ in ok() }
        let transport = CurlTransport()
        for _ in 0..<20 { _ = try await transport.send(HTTPRequest(method: "GET", url: loop.url + "/"), timeout: 5) }
        #expect(loop.server.connectionsAccepted == 1)
        #expect(Set(loop.requests.map(\.connection)) == [1])
        // 40 concurrent calls over at most 8 connections.
        let limited = CurlTransport(options: .init(maximumConnectionsPerHost: 8))
        let slow = try await Loopback { _ in ok(delay: 0.05) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 { group.addTask { _ = try await limited.send(HTTPRequest(method: "GET", url: slow.url + "/"), timeout: 10) } }
            try await group.waitForAll()
        }
        #expect(slow.requests.count == 40)
        #expect(slow.server.connectionsAccepted <= 8)
    }

    @Test func theTotalTimeoutIsExact() async throws {
        let loop = try await Loopback { _ in .hang }
        let transport = CurlTransport()
        var caught: (any Error)?
        let seconds = await elapsed {
            do { _ = try await transport.send(HTTPRequest(method: "GET", url: loop.url + "/"), timeout: 0.4) } catch { caught = error }
        }
        #expect(caught as? TransportError == .timedOut)
        // Not before the timeout; the upper bound is loose: on a busy 2-core machine the waiting
        // task may wait for a cooperative thread (the CLI tests block theirs on child processes).
        #expect(seconds >= 0.39 && seconds < 5, "took \(seconds) s")
    }

    @Test func cancellationAbortsTheTransfer() async throws {
        let loop = try await Loopback { r in r.uri == "/hang" ? .hang : ok() }
        // One connection to the host at most: the next call can only go once the aborted one is gone.
        let transport = CurlTransport(options: .init(maximumConnectionsPerHost: 1))
        let task = Task { try await transport.send(HTTPRequest(method: "GET", url: loop.url + "/hang"), timeout: 60) }
        try await Task.sleep(nanoseconds: 300_000_000)
        let seconds = await elapsed {
            task.cancel()
            let result = await task.result
            #expect(throws: TransportError.cancelled) { try result.get() }
        }
        #expect(seconds < 10, "took \(seconds) s")  // far from the 60 s timeout (see theTotalTimeoutIsExact)
        let after = try await transport.send(HTTPRequest(method: "GET", url: loop.url + "/ok"), timeout: 5)
        #expect(after.status == 200)
        // The aborted transfer's connection was closed, not reused: the next call opened another.
        #expect(loop.requests.map(\.connection) == [1, 2])
        let next = try await Loopback { _ in ok() }
        // Cancelled before it started: no request at all.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await transport.send(HTTPRequest(method: "GET", url: next.url + "/early"), timeout: 5)
        }
        await #expect(throws: TransportError.cancelled) { try await early.value }
        #expect(!next.requests.contains { $0.uri == "/early" })
    }

    @Test func refusedAndDroppedConnectionsAreConnectionFailures() async throws {
        let closed = try await Loopback { _ in ok() }
        let url = closed.url
        await closed.server.shutdown()
        await #expect {
            _ = try await CurlTransport().send(HTTPRequest(method: "GET", url: url + "/"), timeout: 5)
        } throws: { error in
            guard case .connectionFailed(let why) = error as? TransportError else { return false }
            return why.contains("refused") || why.contains("Failed to connect") || why.contains("reset")
        }
        let dropping = try await Loopback { _ in .drop }
        await #expect {
            _ = try await CurlTransport().send(HTTPRequest(method: "GET", url: dropping.url + "/"), timeout: 5)
        } throws: { error in
            guard case .connectionFailed = error as? TransportError else { return false }
            return true
        }
    }

    @Test func redirectsAreAnswersNeverFollowed() async throws {
        let loop = try await Loopback { r in
            r.uri == "/elsewhere" ? ok() : .respond(status: 307, headers: ["Location": "/elsewhere"], body: [], delay: 0)
        }
        let response = try await CurlTransport().send(HTTPRequest(method: "GET", url: loop.url + "/"), timeout: 5)
        #expect(response.status == 307)
        #expect(response.header("location") == "/elsewhere")
        #expect(loop.requests.map(\.uri) == ["/"])
    }

    @Test func aResponseBodyOverTheLimitAbortsTheTransfer() async throws {
        let big = Array(repeating: UInt8(ascii: "x"), count: 9 << 20)
        let loop = try await Loopback { _ in .respond(status: 200, headers: [:], body: big, delay: 0) }
        await #expect(throws: TransportError.responseTooLarge(limit: 8 << 20)) {
            _ = try await CurlTransport().send(HTTPRequest(method: "GET", url: loop.url + "/"), timeout: 10)
        }
        let small = CurlTransport(options: .init(maximumResponseBytes: 1000))
        let fits = try await small.send(HTTPRequest(method: "GET", url: (try await Loopback { _ in ok(String(repeating: "y", count: 1000)) }).url), timeout: 5)
        #expect(fits.body.count == 1000)
    }

    @Test func anInvalidURLIsRejected() async throws {
        await #expect(throws: TransportError.invalidURL("ftp://example.invalid/")) {
            _ = try await CurlTransport().send(HTTPRequest(method: "GET", url: "ftp://example.invalid/"), timeout: 1)
        }
    }

    @Test func aMissingCABundleFileIsRejectedBeforeAnyRequest() throws {
        let home = try TemporaryHome()
        let ca = try home.write("ca.pem", "-----BEGIN CERTIFICATE-----\n")
        let files = SharedConfigFiles(config: "[default]\nca_bundle = ~/ca.pem\n[profile other]\nca_bundle = /nonexistent/other.pem\n", credentials: nil)
        #expect(try CurlTransport.caBundle(environment: env(home), files: files) == ca)
        #expect(try CurlTransport.caBundle(environment: env(home, ["AWS_CA_BUNDLE": ca]), profile: "other", files: files) == ca)
        #expect(try CurlTransport.caBundle(environment: env(home), files: SharedConfigFiles(config: nil, credentials: nil)) == nil)
        #expect(throws: ServiceConfiguration.ResolutionError.self) {
            _ = try CurlTransport.caBundle(environment: env(home), profile: "other", files: files)
        }
        do {
            _ = try CurlTransport.fromEnvironment(env(home, ["AWS_CA_BUNDLE": home.path + "/missing.pem"]), files: files)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "AWS_CA_BUNDLE: the CA bundle \(home.path)/missing.pem cannot be used: no such file")
        }
    }

    @Test func libcurlFailuresMapToTheRetryPolicysClasses() {
        let cases: [(Int32, String, TransportError)] = [
            (28, "Operation timed out after 400 milliseconds", .timedOut),
            (7, "Failed to connect to 127.0.0.1 port 1: Connection refused", .connectionFailed("Failed to connect to 127.0.0.1 port 1: Connection refused")),
            (56, "Recv failure: Connection reset by peer", .connectionFailed("Recv failure: Connection reset by peer")),
            (52, "Empty reply from server", .connectionFailed("Empty reply from server")),
            (60, "SSL certificate problem: self-signed certificate in certificate chain", .tlsFailure("SSL certificate problem: self-signed certificate in certificate chain")),
            (77, "error setting certificate file: /x.pem", .tlsFailure("error setting certificate file: /x.pem")),
            (35, "OpenSSL SSL_connect: Connection reset by peer in connection to x:443", .connectionFailed("OpenSSL SSL_connect: Connection reset by peer in connection to x:443")),
            (35, "error:0A00042E:SSL routines::tlsv1 alert protocol version", .tlsFailure("error:0A00042E:SSL routines::tlsv1 alert protocol version")),
            (63, "Maximum file size exceeded", .responseTooLarge(limit: 8)),
            (3, "URL using bad/illegal format", .invalidURL("URL using bad/illegal format")),
        ]
        for (code, message, expected) in cases {
            #expect(CurlTransfer.classify(.init(UInt32(code)), message: message, bodyTooLarge: false, limit: 8) == expected, "code \(code)")
        }
    }

    @Test func aTLSFailureIsNeverRetried() async throws {
        struct FailingTLS: HTTPTransport {
            let calls = Calls()
            func send(_ request: HTTPRequest, timeout: Double) async throws -> HTTPResponse {
                calls.increment()
                throw TransportError.tlsFailure("SSL certificate problem: unable to get local issuer certificate")
            }
        }
        final class Calls: @unchecked Sendable {
            private let lock = NSLock()
            private var n = 0
            func increment() { lock.withLock { n += 1 } }
            var count: Int { lock.withLock { n } }
        }
        let transport = FailingTLS()
        let client = AWSServiceClient(signingName: "lookoutvision", configuration: ServiceConfiguration(region: "eu-west-1", endpoint: "https://x.invalid"),
                                      credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKID", secretAccessKey: "s")),
                                      transport: transport, options: .init(retry: RetryPolicy(maxAttempts: 5), requestsPerSecond: 0))
        do {
            _ = try await client.send(api: "ListProjects", method: "GET", path: "/2020-11-20/projects")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "TLSError" && !error.retryable && error.attempts == 1)
            #expect(error.description == "TLSError: SSL certificate problem: unable to get local issuer certificate")
        }
        #expect(transport.calls.count == 1)
    }
}

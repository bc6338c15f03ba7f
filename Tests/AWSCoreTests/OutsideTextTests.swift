import Foundation
import Rendering
import Testing
@testable import AWSCore

/// The one sanitizer and the container endpoints the SDKs allow, case by case.
@Suite struct OutsideTextTests {
    @Test(arguments: [
        ("plain text", "plain text"),
        ("\u{1B}[31mred", "\\u{1B}[31mred"),
        ("a\r\nFORGED", "a\\u{D}\\u{A}FORGED"),
        ("x\u{202E}y\u{2066}z\u{2069}", "x\\u{202E}y\\u{2066}z\\u{2069}"),
        ("nul\u{0}", "nul\\u{0}"),
        ("https://user:pw@proxy.example:3128/x", "https://<redacted>@proxy.example:3128/x"),
        ("connect to http://a:b@h and https://c@d/e?u=v@w", "connect to http://<redacted>@h and https://<redacted>@d/e?u=v@w"),
        ("mail me@example.com, not a URL", "mail me@example.com, not a URL"),
        ("http://host/path@not-userinfo", "http://host/path@not-userinfo"),
    ])
    func printableLineEscapesAndRedacts(input: String, expected: String) {
        #expect(Printable.line(input) == expected)
        // Idempotent: sanitizing twice changes nothing more.
        #expect(Printable.line(Printable.line(input)) == expected)
    }

    @Test func breaksLinesSeesCRLFAndNUL() {
        #expect(Printable.breaksLines("a\rb") && Printable.breaksLines("a\nb") && Printable.breaksLines("a\u{0}b"))
        #expect(!Printable.breaksLines("a\tb"))
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.1.2.3", true), ("[::1]", true), ("::1", true), ("localhost", true), ("LOCALHOST", true),
        ("169.254.170.2", true), ("169.254.170.23", true), ("[fd00:ec2::23]", true), ("[fd00:0ec2:0:0::23]", true),
        ("128.0.0.1", false), ("169.254.170.3", false), ("169.254.169.254", false), ("[fd00:ec2::24]", false),
        ("example.com", false), ("127.0.0.1.example.com", false), ("10.0.0.1", false), ("[::ffff:10.0.0.1]", false),
    ])
    func containerHostsAllowedOverPlainHTTP(host: String, allowed: Bool) {
        #expect(ContainerEndpoint.isAllowedOverHTTP(host) == allowed)
    }

    @Test func containerURIsAreCheckedBeforeAnyRequest() throws {
        #expect(try ContainerEndpoint.full("https://creds.example.com/v1") == "https://creds.example.com/v1")
        #expect(try ContainerEndpoint.full("http://127.0.0.1:51679/v2") == "http://127.0.0.1:51679/v2")
        #expect(try ContainerEndpoint.relative("/v2/credentials/abc") == "http://169.254.170.2/v2/credentials/abc")
        for bad in ["http://10.0.0.1/x", "file:///etc/passwd", "http:///x", "http://127.0.0.1/x\r\nHost: evil"] {
            #expect(throws: CredentialError.self) { try ContainerEndpoint.full(bad) }
        }
        for bad in ["v2/creds", "@evil.example/creds", "/v2\ncreds"] {
            #expect(throws: CredentialError.self) { try ContainerEndpoint.relative(bad) }
        }
    }

    @Test func errorsCarryNoControlCharacterAndNoURLCredentials() {
        let e = AWSError(code: AWSErrorCode("Bad\u{1B}Code"), message: "via http://u:p@proxy \u{202E}", requestId: "r\r\n1")
        #expect(e.description == "Bad\\u{1B}Code: via http://<redacted>@proxy \\u{202E} [request r\\u{D}\\u{A}1]")
        #expect(CredentialError("line\nbreak").message == "line\\u{A}break")
    }

    /// libcurl's thread held (as by a resolver that ignores its timeout): the caller is answered
    /// `timedOut` by the watchdog, not left waiting for the thread.
    @Test(.timeLimit(.minutes(1))) func aHeldTransportThreadCannotHoldTheCaller() async throws {
        let transport = CurlTransport()
        let hold = DispatchSemaphore(value: 0)
        transport.driver.hold(hold)
        defer { hold.signal() }
        // Let the thread reach the hold before the request is handed over.
        try await Task.sleep(nanoseconds: 100_000_000)
        await #expect(throws: TransportError.timedOut) {
            _ = try await transport.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:9/"), timeout: 0.2)
        }
    }

    @Test func aHeaderWithALineBreakIsNeverSent() async {
        let transport = CurlTransport()
        await #expect(throws: TransportError.invalidHeader("X-Token")) {
            _ = try await transport.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:9/", headers: [("X-Token", "a\r\nInjected: 1")]), timeout: 1)
        }
    }
}

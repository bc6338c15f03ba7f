import AWSCore
import SigV4
import Testing

/// Issue 18's input checks as tables: ports, region names, access key ids.
@Suite struct StrictInputTests {
    @Test(arguments: [
        ("http://127.0.0.1:4566", true), ("https://host", true), ("http://host/path:99999", true), ("http://[::1]:8080/x", true),
        ("http://[::1]/x", true), ("proxy.corp:3128", true), ("http://user:pa:ss@proxy:3128", true), ("http://h:65535", true), ("http://h:1", true),
        ("http://h:0", false), ("http://h:65536", false), ("http://h:", false), ("http://h:-1", false), ("http://h:+80", false),
        ("http://h:080000", false), ("http://[::1]:70000", false), ("proxy.corp:99999", false), ("http://h:8O80", false),
        ("http://h:\u{FF18}\u{FF10}", false),
    ])
    func portsAreOneTo65535(url: String, ok: Bool) {
        #expect((URLPort.problem(in: url) == nil) == ok, "\(url)")
    }

    @Test func aProxyPortProblemNeverQuotesTheURL() throws {
        let problem = try #require(URLPort.problem(in: "http://ops:s3cr3tpass@proxy:123456"))
        #expect(problem == "its port '123456' is not a port (1-65535)")
        #expect(throws: ServiceConfiguration.ResolutionError.self) {
            try CurlTransport.checkProxies(["ALL_PROXY": "http://ops:s3cr3tpass@proxy:0"])
        }
        try CurlTransport.checkProxies(["https_proxy": "http://proxy:3128", "http_proxy": ""])
    }

    @Test(arguments: [
        ("eu-west-1", true), ("us-gov-west-1", true), ("cn-north-1", true), ("local", true),
        ("eu-west-\u{FF11}", false), ("eu-w\u{E9}st-1", false), ("EU-WEST-1", false), ("eu_west_1", false), ("-eu-west-1", false),
        ("eu-west-1-", false), ("", false), (String(repeating: "a", count: 65), false), ("us-east-\u{0661}", false),
    ])
    func regionNamesAreASCII(name: String, ok: Bool) {
        #expect(ServiceConfiguration.isRegionName(name) == ok, "\(name)")
    }

    @Test(arguments: [
        ("AKIDEXAMPLE", true), ("ASIAIOSFODNN7EXAMPLE", true), ("AKID", true), (String(repeating: "A", count: 128), true), ("test_key", true),
        ("AKI", false), (String(repeating: "A", count: 129), false), ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", false),
        ("AKID EXAMPLE", false), ("AKID\u{1B}[2J", false), ("AKID\u{00C9}XAMPLE", false),
    ])
    func accessKeyIdsHaveASaneShape(id: String, ok: Bool) {
        #expect(Credentials.isSaneAccessKeyId(id) == ok, "\(id)")
    }
}

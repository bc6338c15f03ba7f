import Hashing
import Testing
@testable import SigV4

/// The credentials of the AWS documentation and the aws-sig-v4 test suite.
let example = Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
/// 2015-08-30T12:36:00Z.
let suiteDate = 1_440_938_160

struct Vector: Sendable, CustomStringConvertible {
    let name: String
    let method: String
    let path: String
    let query: String
    let headers: [(name: String, value: String)]
    let token: String?
    let authorization: String
    var description: String { name }
}

/// Cases from the aws-sig-v4 test suite (awslabs/aws-c-auth, tests/aws-signing-test-suite/v4) that
/// apply to header signing. Each: the request as given there, and its signed Authorization header.
let suite: [Vector] = [
    Vector(name: "get-vanilla", method: "GET", path: "/", query: "", headers: [("Host", "example.amazonaws.com")], token: nil,
           authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
    Vector(name: "get-vanilla-query-order-key-case", method: "GET", path: "/", query: "Param2=value2&Param1=value1",
           headers: [("Host", "example.amazonaws.com")], token: nil,
           authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
    Vector(name: "get-vanilla-query-unreserved", method: "GET", path: "/",
           query: "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
           headers: [("Host", "example.amazonaws.com")], token: nil,
           authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
    Vector(name: "get-vanilla-utf8-query", method: "GET", path: "/", query: "ሴ=bar", headers: [("Host", "example.amazonaws.com")], token: nil,
           authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
    Vector(name: "get-unreserved", method: "GET", path: "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", query: "",
           headers: [("Host", "example.amazonaws.com")], token: nil,
           authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
    Vector(name: "get-utf8", method: "GET", path: "/ሴ", query: "", headers: [("Host", "example.amazonaws.com")], token: nil,
           authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
    Vector(name: "get-header-value-trim", method: "GET", path: "/", query: "",
           headers: [("Host", "example.amazonaws.com"), ("My-Header1", " value1"), ("My-Header2", " \"a   b   c\"")], token: nil,
           authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;my-header1;my-header2;x-amz-date, Signature=acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
    Vector(name: "get-vanilla-with-session-token", method: "GET", path: "/", query: "", headers: [("Host", "example.amazonaws.com")],
           token: "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267",
           authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"),
]

@Suite struct SigV4SignerTests {
    @Test(arguments: suite)
    func matchesTheTestSuite(vector: Vector) {
        let signer = SigV4Signer(service: "service", region: "us-east-1")
        let credentials = Credentials(accessKeyId: example.accessKeyId, secretAccessKey: example.secretAccessKey, sessionToken: vector.token)
        let request = SigV4Signer.Request(method: vector.method, path: vector.path, query: vector.query, headers: vector.headers)
        let added = signer.sign(request, credentials: credentials, date: suiteDate)
        #expect(added.first { $0.name == "Authorization" }?.value == vector.authorization)
        #expect(added.first { $0.name == "X-Amz-Date" }?.value == "20150830T123600Z")
        #expect(added.first { $0.name == "X-Amz-Security-Token" }?.value == vector.token)
    }

    /// The worked example of the AWS documentation (IAM ListUsers, "Create a signed AWS API request").
    @Test func matchesTheDocumentationExample() {
        let signer = SigV4Signer(service: "iam", region: "us-east-1")
        let request = SigV4Signer.Request(
            method: "GET", path: "/", query: "Action=ListUsers&Version=2010-05-08",
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Host", "iam.amazonaws.com"),
                      ("X-Amz-Date", "20150830T123600Z")])
        let canonical = signer.canonicalRequest(request, signedHeaders: ["content-type", "host", "x-amz-date"])
        #expect(canonical == """
            GET
            /
            Action=ListUsers&Version=2010-05-08
            content-type:application/x-www-form-urlencoded; charset=utf-8
            host:iam.amazonaws.com
            x-amz-date:20150830T123600Z

            content-type;host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        #expect(Digest.hex(Digest.sha256(Array(canonical.utf8))) == "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59")
        let toSign = signer.stringToSign(canonicalRequest: canonical, amzDate: "20150830T123600Z")
        #expect(toSign == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59")
        let key = signer.signingKey(secretAccessKey: example.secretAccessKey, date: "20150830")
        #expect(Digest.hex(key) == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
        let added = signer.sign(request, credentials: example, date: suiteDate)
        #expect(added.last?.value == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
    }

    @Test(arguments: [
        ("/2020-11-20/projects/my-project/models", "/2020-11-20/projects/my-project/models"),
        // An ARN as one label: `:` and `/` are encoded on the wire, then encoded again.
        ("/2020-11-20/tags/arn%3Aaws%3Alookoutvision%3Aus-east-1%3A123456789012%3Amodel%2Fp%2F1",
         "/2020-11-20/tags/arn%253Aaws%253Alookoutvision%253Aus-east-1%253A123456789012%253Amodel%252Fp%252F1"),
        ("", "/"),
    ])
    func doubleEncodesWirePaths(wire: String, canonical: String) {
        #expect(SigV4Signer.canonicalPath(wire) == canonical)
    }

    @Test(arguments: [
        ("maxResults=100&nextToken=a%2Bb%3D", "maxResults=100&nextToken=a%2Bb%3D"),
        ("b=2&a=3&a=1", "a=1&a=3&b=2"),
        ("q=a%20b", "q=a%20b"),
        ("flag", "flag="),
    ])
    func canonicalizesQueries(raw: String, canonical: String) {
        #expect(SigV4Signer.canonicalQuery(raw) == canonical)
    }

    @Test func printsNoSecrets() {
        let c = Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "TOKEN123")
        for text in [c.description, c.debugDescription, "\(c)", String(reflecting: c)] {
            #expect(!text.contains("wJalrXUtnFEMI"))
            #expect(!text.contains("TOKEN123"))
            #expect(text.contains("AKIDEXAMPLE"))
        }
    }

    @Test(arguments: [(0, "19700101T000000Z"), (1_440_938_160, "20150830T123600Z"), (1_798_113_600, "20261224T120000Z")])
    func formatsAndParsesDates(t: Int, text: String) {
        #expect(SigV4Signer.amzDate(t) == text)
        #expect(SigV4Signer.parseAmzDate(text) == t)
    }
}

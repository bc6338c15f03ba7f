#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Hashing

/// AWS Signature Version 4, as the AWS SDKs compute it for REST-JSON services (not S3).
///
/// The signer is pure: no clock, no credential lookup, no HTTP. It takes the request as it will go
/// on the wire (method, path, raw query, headers, body), the credentials and the date, and returns
/// the headers to add. The steps are named as in the specification: canonical request, string to
/// sign, signing key, signature.
public struct SigV4Signer: Sendable {
    /// The signing name of the service (`lookoutvision`).
    public let service: String
    /// The region (`eu-west-1`).
    public let region: String

    /// A signer for one service and region.
    public init(service: String, region: String) {
        self.service = service
        self.region = region
    }

    /// A request to sign or verify.
    public struct Request: Sendable {
        /// `GET`, `POST`, ...
        public var method: String
        /// The path as sent on the wire (labels already percent-encoded), or raw text.
        public var path: String
        /// The query string as sent, without `?` (may be empty).
        public var query: String
        /// Header names and values; names are case-insensitive, repeated names are combined.
        public var headers: [(name: String, value: String)]
        /// The payload.
        public var body: [UInt8]

        /// A request.
        public init(method: String, path: String, query: String = "", headers: [(name: String, value: String)], body: [UInt8] = []) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
        }
    }

    /// The algorithm name.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// Hex SHA-256 of the empty payload.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Signs a request: returns the headers to add (`X-Amz-Date`, `X-Amz-Security-Token` when a
    /// session token is used, and `Authorization`). `date` is seconds since the epoch.
    /// `signedHeaderNames` limits which of the request's headers are signed (lower-case names);
    /// `host` and `x-amz-date` (and the token) are always signed.
    public func sign(_ request: Request, credentials: Credentials, date: Int,
                     signedHeaderNames: Set<String>? = nil) -> [(name: String, value: String)] {
        let amzDate = SigV4Signer.amzDate(date)
        var added: [(name: String, value: String)] = [("X-Amz-Date", amzDate)]
        if let token = credentials.sessionToken { added.append(("X-Amz-Security-Token", token)) }
        var all = request
        all.headers = request.headers.filter { $0.name.lowercased() != "authorization" && $0.name.lowercased() != "x-amz-date" } + added
        let always: Set<String> = ["host", "x-amz-date", "x-amz-security-token"]
        let names = Set(all.headers.map { $0.name.lowercased() }).filter { signedHeaderNames == nil || signedHeaderNames!.contains($0) || always.contains($0) }
        let signature = self.signature(all, signedHeaders: names, credentials: credentials, amzDate: amzDate)
        added.append(("Authorization", authorization(credentials: credentials, amzDate: amzDate, signedHeaders: names, signature: signature)))
        return added
    }

    /// The `Authorization` header value.
    public func authorization(credentials: Credentials, amzDate: String, signedHeaders: Set<String>, signature: String) -> String {
        "\(SigV4Signer.algorithm) Credential=\(credentials.accessKeyId)/\(scope(amzDate: amzDate)), "
            + "SignedHeaders=\(signedHeaders.sorted().joined(separator: ";")), Signature=\(signature)"
    }

    /// The hex signature of `request` over the named headers, at `amzDate` (`20150830T123600Z`).
    public func signature(_ request: Request, signedHeaders: Set<String>, credentials: Credentials, amzDate: String) -> String {
        let canonical = canonicalRequest(request, signedHeaders: signedHeaders)
        let toSign = stringToSign(canonicalRequest: canonical, amzDate: amzDate)
        let key = signingKey(secretAccessKey: credentials.secretAccessKey, date: String(amzDate.prefix(8)))
        return Digest.hex(Digest.hmacSHA256(key: key, data: Array(toSign.utf8)))
    }

    // MARK: - The steps

    /// Task 1: the canonical request.
    public func canonicalRequest(_ request: Request, signedHeaders: Set<String>) -> String {
        let headers = SigV4Signer.canonicalHeaders(request.headers, signed: signedHeaders)
        return [
            request.method.uppercased(),
            SigV4Signer.canonicalPath(request.path),
            SigV4Signer.canonicalQuery(request.query),
            headers.map { "\($0.0):\($0.1)\n" }.joined(),
            headers.map(\.0).joined(separator: ";"),
            Digest.hex(Digest.sha256(request.body)),
        ].joined(separator: "\n")
    }

    /// Task 2: the string to sign.
    public func stringToSign(canonicalRequest: String, amzDate: String) -> String {
        [SigV4Signer.algorithm, amzDate, scope(amzDate: amzDate), Digest.hex(Digest.sha256(Array(canonicalRequest.utf8)))]
            .joined(separator: "\n")
    }

    /// Task 3: the signing key, `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    public func signingKey(secretAccessKey: String, date: String) -> [UInt8] {
        let kDate = Digest.hmacSHA256(key: Array(("AWS4" + secretAccessKey).utf8), data: Array(date.utf8))
        let kRegion = Digest.hmacSHA256(key: kDate, data: Array(region.utf8))
        let kService = Digest.hmacSHA256(key: kRegion, data: Array(service.utf8))
        return Digest.hmacSHA256(key: kService, data: Array("aws4_request".utf8))
    }

    /// `20150830/us-east-1/service/aws4_request`.
    public func scope(amzDate: String) -> String { "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request" }

    // MARK: - Canonical forms

    /// The canonical path: every segment encoded once more, as the SDKs do for every service but
    /// S3 (a wire path `/a%3Ab` becomes `/a%253Ab`; a raw `/ሴ` becomes `/%E1%88%B4`). Empty is `/`.
    public static func canonicalPath(_ path: String) -> String {
        if path.isEmpty { return "/" }
        return uriEncode(path, keepSlash: true)
    }

    /// The canonical query: pairs decoded from the raw query, encoded the SigV4 way (space is
    /// `%20`), sorted by key then value.
    public static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        var pairs: [(String, String)] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = percentDecode(String(kv[0]))
            let value = kv.count > 1 ? percentDecode(String(kv[1])) : ""
            pairs.append((uriEncode(key, keepSlash: false), uriEncode(value, keepSlash: false)))
        }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Lower-case names with trimmed values (inner runs of spaces collapsed), repeated names
    /// joined with commas, sorted by name; only the signed ones.
    public static func canonicalHeaders(_ headers: [(name: String, value: String)], signed: Set<String>) -> [(String, String)] {
        var merged: [String: [String]] = [:]
        for h in headers {
            let name = h.name.lowercased()
            guard signed.contains(name) else { continue }
            merged[name, default: []].append(trimAll(h.value))
        }
        return merged.keys.sorted().map { ($0, merged[$0]!.joined(separator: ",")) }
    }

    static func trimAll(_ value: String) -> String {
        var out: [UInt8] = []
        var lastSpace = false
        for b in value.utf8 {
            let isSpace = b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
            if isSpace {
                if !out.isEmpty && !lastSpace { out.append(0x20) }
                lastSpace = true
            } else {
                out.append(b)
                lastSpace = false
            }
        }
        if out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-encodes every byte but `A-Za-z0-9-._~` (and `/` when `keepSlash`), upper-case hex.
    public static func uriEncode(_ text: String, keepSlash: Bool) -> String {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(b)
            case UInt8(ascii: "/") where keepSlash:
                out.append(b)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes (a `+` stays a `+`, as in AWS query strings).
    public static func percentDecode(_ text: String) -> String {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let v = UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                out.append(v)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `20150830T123600Z` for seconds since the epoch (UTC, via the C library's `gmtime_r`).
    public static func amzDate(_ t: Int) -> String {
        var time = time_t(t)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }

    /// Parses `20150830T123600Z` into seconds since the epoch (via `timegm`).
    public static func parseAmzDate(_ text: String) -> Int? {
        let c = Array(text.utf8)
        guard c.count == 16, c[8] == UInt8(ascii: "T"), c[15] == UInt8(ascii: "Z") else { return nil }
        func num(_ r: Range<Int>) -> Int32? { Int32(String(decoding: c[r], as: UTF8.self)) }
        guard let y = num(0..<4), let mo = num(4..<6), let d = num(6..<8), let h = num(9..<11), let mi = num(11..<13),
              let s = num(13..<15), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        var parts = tm()
        parts.tm_year = y - 1900
        parts.tm_mon = mo - 1
        parts.tm_mday = d
        parts.tm_hour = h
        parts.tm_min = mi
        parts.tm_sec = s
        return Int(timegm(&parts))
    }
}

import Rendering
import ServiceVocabulary
/// An AWS API call that failed: the service's error, or a transport or credential failure.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error code (`ThrottlingException`, `ConflictException`), or a local one:
    /// `RequestTimeout`, `ConnectionError`, `TLSError`, `ResponseTooLarge`, `CredentialsError`, `InvalidResponse`,
    /// `DeadlineExceeded`.
    public let code: AWSErrorCode
    /// The message (from the service, or ours).
    public let message: String
    /// The HTTP status, when the service answered.
    public let status: Int?
    /// The `x-amzn-RequestId` (joins with CloudTrail).
    public let requestId: String?
    /// How many attempts were made in all.
    public var attempts: Int

    /// An error. Code, message and request id go through the one sanitizer here, whoever made
    /// them (a service's JSON or STS's XML, libcurl, a credential source), so no error can carry a
    /// control character or a URL's credentials to the output or the log.
    public init(code: AWSErrorCode, message: String, status: Int? = nil, requestId: String? = nil, attempts: Int = 1) {
        self.code = Printable.isClean(code.rawValue) ? code : AWSErrorCode(Printable.line(code.rawValue, limit: 128))
        self.message = Printable.line(message)
        self.status = status
        self.requestId = requestId.map { Printable.line($0, limit: 128) }
        self.attempts = attempts
    }

    /// `ConflictException (HTTP 409): model is not hosted [request 1234]`.
    public var description: String {
        var s = code.rawValue
        if let status { s += " (HTTP \(status))" }
        if !message.isEmpty { s += ": \(message)" }
        if let requestId { s += " [request \(requestId)]" }
        return s
    }

    /// Whether the standard retry mode retries it (`RetryPolicy.classify`).
    public var retryable: Bool { RetryPolicy.classify(self) != .never }

    /// Parses an error response the way the SDKs do for REST-JSON: the code from the
    /// `x-amzn-ErrorType` header (a `:suffix` and a `prefix#` stripped) or the body's `code` or
    /// `__type`; the message from `message` or `Message`; the request id from `x-amzn-RequestId`.
    /// An XML body is a Query-protocol error (STS): `parseQueryXML`.
    public static func parse(_ response: HTTPResponse) -> AWSError {
        if let queryError = parseQueryXML(response) { return queryError }
        var code: String?
        if let header = response.header("x-amzn-ErrorType") { code = strip(header) }
        let body = JSONValue.parseObject(response.body)
        if code == nil || code!.isEmpty {
            code = (body?["code"]?.string ?? body?["__type"]?.string ?? body?["Code"]?.string).map(strip)
        }
        // A code is a word: anything else from the server is not used as one.
        if let c = code, !isErrorCode(c) { code = nil }
        let message = body?["message"]?.string ?? body?["Message"]?.string ?? body?["errorMessage"]?.string
        let requestId = (response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")).map { Printable.line($0, limit: 128) }
        let resolved: AWSErrorCode
        if let code, !code.isEmpty {
            resolved = AWSErrorCode(code)
        } else if body == nil && !response.body.isEmpty {
            // Not the service's JSON (a proxy's or load balancer's page): say what is known, the status.
            resolved = AWSErrorCode("HTTP\(response.status)")
        } else {
            resolved = AWSError.codeForStatus(response.status)
        }
        var text = message ?? ""
        if body == nil && message == nil && !response.body.isEmpty {
            let snippet = String(decoding: response.body.prefix(200), as: UTF8.self)
            text = "unexpected non-JSON body (HTTP \(response.status)): \(snippet)"
        }
        // Whatever the server says is printed on one line, without control characters.
        return AWSError(code: resolved, message: Printable.line(text, limit: 1000), status: response.status, requestId: requestId)
    }

    /// `ThrottlingException`, `Throttling`, `HTTP503`: letters, digits, `_`, `.`, `-`, 1-128.
    static func isErrorCode(_ s: String) -> Bool {
        (1...128).contains(s.utf8.count) && s.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D
        }
    }

    static func strip(_ raw: String) -> String {
        var s = Substring(raw)
        if let colon = s.firstIndex(of: ":") { s = s[..<colon] }
        if let hash = s.lastIndex(of: "#") { s = s[s.index(after: hash)...] }
        return s.trimmingCharacters(in: " ")
    }

    static func codeForStatus(_ status: Int) -> AWSErrorCode {
        switch status {
        case 400: return .validation
        case 403: return .accessDenied
        case 404: return .resourceNotFound
        case 409: return .conflict
        case 429: return .throttling
        case 500...599: return .internalServer
        default: return AWSErrorCode("HTTP\(status)")
        }
    }
}

extension Substring {
    func trimmingCharacters(in chars: String) -> String {
        var s = self
        while let f = s.first, chars.contains(f) { s.removeFirst() }
        while let l = s.last, chars.contains(l) { s.removeLast() }
        return String(s)
    }
}

/// An HTTP request as it goes on the wire.
public struct HTTPRequest: Sendable {
    /// `GET`, `POST`, ...
    public var method: String
    /// `https://lookoutvision.eu-west-1.amazonaws.com/2020-11-20/projects?maxResults=100`: the
    /// path and query exactly as they must be sent (already percent-encoded).
    public var url: String
    /// Headers to send.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]

    /// A request.
    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The first value of a header (names compared case-insensitively).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// An HTTP response.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The headers.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]

    /// A response.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header (names compared case-insensitively).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Why a request got no HTTP response.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No response within the per-request timeout.
    case timedOut
    /// The connection failed or was dropped (refused, reset, closed before a response).
    case connectionFailed(String)
    /// The URL could not be used.
    case invalidURL(String)
    /// The request was cancelled (the run's deadline passed).
    case cancelled
    /// The TLS handshake failed: an untrusted or mismatched certificate, an unusable CA bundle.
    /// Never retried: it is a problem to show, with libcurl's message.
    case tlsFailure(String)
    /// The response body was larger than the transport accepts (the transfer was aborted).
    case responseTooLarge(limit: Int)
    /// A header that would not stay on its line (a CR, LF or other control character in its name
    /// or value): never sent, never retried. Carries the header's name only.
    case invalidHeader(String)

    public var description: String {
        switch self {
        case .timedOut: return "the request timed out"
        case .connectionFailed(let why): return "connection failed: \(why)"
        case .invalidURL(let url): return "invalid URL \(url)"
        case .cancelled: return "cancelled"
        case .tlsFailure(let why): return "TLS failure: \(why)"
        case .responseTooLarge(let limit): return "the response body is larger than \(limit) bytes"
        case .invalidHeader(let name): return "refusing to send header \(name): it holds a line break or control character"
        }
    }
}

/// Sends HTTP requests. The real one is `CurlTransport`; tests may pass their own.
public protocol HTTPTransport: Sendable {
    /// Sends `request`, giving up after `timeout` seconds with `TransportError.timedOut`.
    func send(_ request: HTTPRequest, timeout: Double) async throws -> HTTPResponse
}

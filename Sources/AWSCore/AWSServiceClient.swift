import Foundation
import SigV4

/// Sends signed REST-JSON requests to one AWS service in one region, with the standard retry
/// mode, a client-side rate limit, per-request timeouts and an overall deadline per call.
///
/// The signing clock is the real clock (`now`); the scheduler's `--now` never reaches it.
public final class AWSServiceClient: Sendable {
    /// Tunables.
    public struct Options: Sendable {
        /// Retries.
        public var retry: RetryPolicy
        /// Seconds to wait for one response.
        public var requestTimeout: Double
        /// Seconds one logical call may take, retries and waits included.
        public var callDeadline: Double
        /// Requests per second per API (0: unlimited).
        public var requestsPerSecond: Double
        /// The `User-Agent`.
        public var userAgent: String

        public init(retry: RetryPolicy = RetryPolicy(), requestTimeout: Double = 10, callDeadline: Double = 120,
                    requestsPerSecond: Double = 5, userAgent: String = "lookout-scheduler") {
            self.retry = retry
            self.requestTimeout = requestTimeout
            self.callDeadline = callDeadline
            self.requestsPerSecond = requestsPerSecond
            self.userAgent = userAgent
        }
    }

    /// A response and how many attempts it took.
    public struct Reply: Sendable {
        public let response: HTTPResponse
        public let attempts: Int
        public var requestId: String? { response.header("x-amzn-RequestId") }
    }

    /// The signing name (`lookoutvision`).
    public let signingName: String
    /// Region and endpoint.
    public let configuration: ServiceConfiguration
    /// Tunables.
    public let options: Options
    let credentials: any CredentialProvider
    let transport: any HTTPTransport
    let rateLimiter: RateLimiter
    let now: @Sendable () -> Double
    let random: @Sendable () -> Double
    let sleep: @Sendable (Double) async throws -> Void
    let host: String
    let basePath: String

    /// A client. `now`, `random` and `sleep` are seams for tests; the defaults are real.
    public init(signingName: String, configuration: ServiceConfiguration, credentials: any CredentialProvider,
                transport: any HTTPTransport, options: Options = Options(),
                now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64(max(0, $0) * 1e9)) }) {
        self.signingName = signingName
        self.configuration = configuration
        self.credentials = credentials
        self.transport = transport
        self.options = options
        self.rateLimiter = RateLimiter(perSecond: options.requestsPerSecond)
        self.now = now
        self.random = random
        self.sleep = sleep
        let components = URLComponents(string: configuration.endpoint)
        var h = components?.host ?? ""
        if h.contains(":") { h = "[\(h)]" }  // IPv6 literal
        if let port = components?.port,
           !((components?.scheme == "https" && port == 443) || (components?.scheme == "http" && port == 80)) {
            h += ":\(port)"
        }
        host = h
        var p = components?.percentEncodedPath ?? ""
        while p.hasSuffix("/") { p.removeLast() }
        basePath = p
    }

    /// Sends one logical call. `path` is already percent-encoded (labels encoded by the caller);
    /// `query` pairs are raw and encoded here. Retries what the standard mode retries, with the
    /// same request (so the same idempotency token) every time.
    public func send(api: String, method: String, path: String, query: [(String, String)] = [],
                     headers extra: [(name: String, value: String)] = [], body: [UInt8] = []) async throws(AWSError) -> Reply {
        let started = now()
        let deadline = started + options.callDeadline
        let queryString = query.map { "\(SigV4Signer.uriEncode($0.0, keepSlash: false))=\(SigV4Signer.uriEncode($0.1, keepSlash: false))" }
            .joined(separator: "&")
        let fullPath = basePath + path
        // The endpoint already ends in its base path (usually none).
        let wireURL = configuration.endpoint + path + (queryString.isEmpty ? "" : "?" + queryString)
        var attempt = 0
        while true {
            attempt += 1
            let creds: Credentials
            do {
                guard let c = try await credentials.credentials() else {
                    throw CredentialError("no AWS credentials found")
                }
                creds = c
            } catch {
                throw AWSError(code: "CredentialsError", message: "\(error)", retryable: false, attempts: attempt)
            }
            do {
                try await rateLimiter.acquire(api)
            } catch {
                throw AWSError(code: "Cancelled", message: "cancelled while waiting for the rate limit", retryable: false, attempts: attempt)
            }
            var headers: [(name: String, value: String)] = [("Host", host), ("User-Agent", options.userAgent)]
            if !body.isEmpty || method == "POST" { headers.append(("Content-Type", "application/json")) }
            headers.append(contentsOf: extra)
            let signer = SigV4Signer(service: signingName, region: configuration.region)
            let toSign = SigV4Signer.Request(method: method, path: fullPath, query: queryString, headers: headers, body: body)
            let signed: Set<String> = ["host", "content-type", "x-amz-date", "x-amz-security-token", "x-amzn-client-token"]
            headers.append(contentsOf: signer.sign(toSign, credentials: creds, date: Int(now()), signedHeaderNames: signed))
            let remaining = deadline - now()
            let failure: AWSError
            var retryAfter: Double?
            if remaining <= 0 {
                throw AWSError(code: "DeadlineExceeded", message: "the call did not finish within \(Int(options.callDeadline)) s", retryable: false, attempts: attempt - 1)
            }
            do {
                let response = try await transport.send(HTTPRequest(method: method, url: wireURL, headers: headers, body: body),
                                                         timeout: min(options.requestTimeout, remaining))
                if (200..<300).contains(response.status) { return Reply(response: response, attempts: attempt) }
                failure = AWSError.parse(response)
                retryAfter = response.header("Retry-After").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            } catch let e as TransportError {
                switch e {
                case .timedOut:
                    failure = AWSError(code: "RequestTimeout", message: "no response within \(min(options.requestTimeout, remaining)) s", retryable: true)
                case .cancelled:
                    throw AWSError(code: "Cancelled", message: "the call was cancelled", retryable: false, attempts: attempt)
                case .invalidURL(let u):
                    throw AWSError(code: "InvalidEndpoint", message: "invalid URL \(u)", retryable: false, attempts: attempt)
                case .connectionFailed(let why):
                    failure = AWSError(code: "ConnectionError", message: why, retryable: true)
                case .tlsFailure(let why):
                    throw AWSError(code: "TLSError", message: why, retryable: false, attempts: attempt)
                case .responseTooLarge:
                    throw AWSError(code: "ResponseTooLarge", message: e.description, retryable: false, attempts: attempt)
                }
            } catch {
                failure = AWSError(code: "ConnectionError", message: "\(error)", retryable: true)
            }
            var final = failure
            final.attempts = attempt
            guard failure.retryable, attempt < options.retry.maxAttempts else { throw final }
            let wait = options.retry.delay(retry: attempt, random: random(), retryAfter: retryAfter)
            if now() + wait >= deadline { throw final }
            do { try await sleep(wait) } catch { throw final }
        }
    }
}

import Foundation
import Rendering
import ServiceVocabulary
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
        /// Where every request sent is counted (nil: nowhere); one per run, shared by its clients.
        public var ledger: CallLedger?

        /// Tunables (the defaults are the CLI's).
        public init(retry: RetryPolicy = RetryPolicy(), requestTimeout: Double = 10, callDeadline: Double = 120,
                    requestsPerSecond: Double = 5, userAgent: String = "lookout-scheduler", ledger: CallLedger? = nil) {
            self.ledger = ledger
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
    /// `query` pairs are raw and encoded here. `headers` are the service's own (its content type,
    /// idempotency token, target), all of them signed. Retries what the standard mode retries, with the
    /// same request (so the same idempotency token) every time. `signed: false` sends it without
    /// SigV4 and without asking for credentials (STS AssumeRoleWithWebIdentity, the SSO portal
    /// and SSO OIDC, which carry their own token), under the same retries and deadline.
    public func send(api: String, method: HTTPMethod, path: String, query: [(String, String)] = [],
                     headers extra: [(name: String, value: String)] = [], body: [UInt8] = [],
                     signed: Bool = true) async throws(AWSError) -> Reply {
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
            var creds: Credentials?
            if signed {
                do {
                    // Under the call's deadline, whatever the source does (a helper process, a metadata endpoint).
                    guard let c = try await Deadline.run(within: deadline - now(), what: "getting credentials", { try await self.credentials.credentials() }) else {
                        throw CredentialError("no AWS credentials found")
                    }
                    creds = c
                } catch {
                    // Nothing was sent for this attempt: `attempts` counts requests that left.
                    throw AWSError(code: .credentialsError, message: "\(error)", attempts: attempt - 1)
                }
            }
            do {
                // The rate limiter's clock is the real one; the deadline is translated onto it.
                try await rateLimiter.acquire(api, deadline: Date().timeIntervalSince1970 + (deadline - now()))
            } catch let e as RateLimiter.WouldPassDeadline {
                throw AWSError(code: .deadlineExceeded, message: "the rate limit (\(options.requestsPerSecond) requests/s) would delay the call \(String(format: "%.1f", e.wait)) s, past its \(Int(options.callDeadline)) s deadline", attempts: attempt - 1)
            } catch {
                throw AWSError(code: .cancelled, message: "cancelled while waiting for the rate limit", attempts: attempt - 1)
            }
            var headers: [(name: String, value: String)] = [("Host", host), ("User-Agent", options.userAgent)]
            headers.append(contentsOf: extra)
            if let creds {
                let signer = SigV4Signer(service: signingName, region: configuration.region)
                let toSign = SigV4Signer.Request(method: method.rawValue, path: fullPath, query: queryString, headers: headers, body: body)
                // Host, the date, the session token and every header the service client passed in.
                let names = Set(["host", "x-amz-date", "x-amz-security-token"] + extra.map { $0.name.lowercased() })
                headers.append(contentsOf: signer.sign(toSign, credentials: creds, date: Int(now()), signedHeaderNames: names))
            }
            let remaining = deadline - now()
            let failure: AWSError
            var retryAfter: Double?
            if remaining <= 0 {
                throw AWSError(code: .deadlineExceeded, message: "the call did not finish within \(Int(options.callDeadline)) s", attempts: attempt - 1)
            }
            do {
                let response = try await exchange(HTTPRequest(method: method.rawValue, url: wireURL, headers: headers, body: body),
                                                  timeout: min(options.requestTimeout, remaining), api: api)
                if (200..<300).contains(response.status) { return Reply(response: response, attempts: attempt) }
                failure = AWSError.parse(response)
                retryAfter = response.header("Retry-After").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            } catch let e as TransportError {
                switch e {
                case .timedOut:
                    failure = AWSError(code: .requestTimeout, message: "no response within \(min(options.requestTimeout, remaining)) s")
                case .cancelled:
                    throw AWSError(code: .cancelled, message: "the call was cancelled", attempts: attempt)
                case .invalidURL(let u):
                    throw AWSError(code: .invalidEndpoint, message: "invalid URL \(Printable.url(u))", attempts: attempt - 1)
                case .invalidHeader:
                    throw AWSError(code: .invalidParameter, message: e.description, attempts: attempt - 1)
                case .connectionFailed(let why):
                    failure = AWSError(code: .connectionError, message: why)
                case .tlsFailure(let why):
                    throw AWSError(code: .tlsError, message: why, attempts: attempt)
                case .responseTooLarge:
                    throw AWSError(code: .responseTooLarge, message: e.description, attempts: attempt)
                }
            } catch {
                failure = AWSError(code: .connectionError, message: "\(error)")
            }
            var final = failure
            final.attempts = attempt
            let kind = RetryPolicy.classify(failure)
            if kind == .throttling { await rateLimiter.throttled(api) }
            guard kind != .never, attempt < options.retry.maxAttempts else { throw final }
            let wait = options.retry.delay(retry: attempt, random: random(), retryAfter: retryAfter)
            if now() + wait >= deadline { throw final }
            do { try await sleep(wait) } catch { throw final }
        }
    }

    /// One request through the transport, counted in the ledger once it has left: the one feed of
    /// `CallLedger`, so each attempt (retries included) is one count, as `attempts` counts them.
    /// A URL or header the transport refuses before sending is no request.
    func exchange(_ request: HTTPRequest, timeout: Double, api: String) async throws -> HTTPResponse {
        do {
            let response = try await transport.send(request, timeout: timeout)
            options.ledger?.recordRequest(api: api)
            return response
        } catch {
            switch error as? TransportError {
            case .invalidURL?, .invalidHeader?: break
            default: options.ledger?.recordRequest(api: api)
            }
            throw error
        }
    }
}

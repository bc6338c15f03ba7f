import CCurl
import FileSafety
import Foundation
import Rendering

/// HTTP through libcurl's multi interface, driven by one thread of its own.
///
/// - Connections are kept alive and reused across calls; HTTP/2 is negotiated over TLS where the
///   endpoint offers it, and concurrent calls are multiplexed over it.
/// - Timeouts are libcurl's own: the connect timeout (`CURLOPT_CONNECTTIMEOUT_MS`) and the total
///   per-request timeout (`CURLOPT_TIMEOUT_MS`).
/// - Cancelling the calling task removes the transfer from the multi handle, which aborts it.
/// - Redirects are never followed; a response body larger than `maximumResponseBytes` aborts the
///   transfer with `TransportError.responseTooLarge`.
/// - TLS: peer and host verification always on, TLS 1.2 or later, the CA bundle `caBundle` (the
///   system's when nil), read once through `SafeFile` and handed to libcurl in memory
///   (`CURLOPT_CAINFO_BLOB`). Failures are `TransportError.tlsFailure` with libcurl's message.
/// - No caller waits past its timeout: should libcurl's thread be held (a resolver that ignores
///   the timeout), a watchdog answers `timedOut` a second later, and a cancelled caller is
///   answered at once.
/// - Proxies: libcurl reads `https_proxy`/`HTTPS_PROXY`, `http_proxy`, `ALL_PROXY` and
///   `NO_PROXY`/`no_proxy` from the process environment, as curl and the AWS CLI do.
public final class CurlTransport: HTTPTransport, Sendable {
    /// Tunables.
    public struct Options: Sendable {
        /// A PEM file of trusted CA certificates (nil: the system's bundle).
        public var caBundle: String?
        /// Connections kept open to one host at most (transfers beyond wait for one).
        public var maximumConnectionsPerHost: Int
        /// Seconds to wait for a connection (TCP and TLS), within the request's timeout.
        public var connectTimeout: Double
        /// The largest response body accepted.
        public var maximumResponseBytes: Int

        /// Options.
        public init(caBundle: String? = nil, maximumConnectionsPerHost: Int = 16, connectTimeout: Double = 5,
                    maximumResponseBytes: Int = 8 << 20) {
            self.caBundle = caBundle
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
            self.connectTimeout = connectTimeout
            self.maximumResponseBytes = maximumResponseBytes
        }
    }

    /// The tunables.
    public let options: Options
    let driver: CurlMultiDriver
    /// The CA bundle's bytes, read once through `SafeFile` (libcurl never opens the path, so a
    /// file swapped for a FIFO later cannot hold its thread), or why it could not be read.
    let caBundle: Result<[UInt8], SafeFile.Refusal>?

    /// A transport with its own multi handle and thread. A CA bundle that cannot be read (not a
    /// regular file, over `SafeFile.Limit.caBundle`) fails every request with `tlsFailure`.
    public init(options: Options = Options()) {
        self.options = options
        caBundle = options.caBundle.map { path in
            Result { () throws(SafeFile.Refusal) in try SafeFile.read(path, what: "the CA bundle", maximumSize: SafeFile.Limit.caBundle) }
        }
        driver = CurlMultiDriver(maximumConnectionsPerHost: options.maximumConnectionsPerHost)
    }

    /// A transfer for `request`, with the CA bundle's bytes.
    func transfer(_ request: HTTPRequest, timeout: Double) throws -> CurlTransfer {
        var pem: [UInt8]?
        switch caBundle {
        case .failure(let refusal): throw TransportError.tlsFailure(refusal.description)
        case .success(let bytes): pem = bytes
        case nil: break
        }
        return try CurlTransfer(request, timeout: timeout, options: options, caBundle: pem)
    }

    deinit { driver.stop() }

    /// How long past its timeout a transfer may stay unanswered before the caller is answered
    /// `timedOut` without libcurl (`Watchdog`).
    static let watchdogGrace = 1.0

    public func send(_ request: HTTPRequest, timeout: Double) async throws -> HTTPResponse {
        let transfer = try self.transfer(request, timeout: timeout)
        let answer = CurlAnswer()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                answer.set(continuation)
                transfer.completion = { answer.resume(with: $0) }
                driver.submit(transfer)
                // libcurl's own timeout ends the transfer; should its thread be held (a resolver
                // that ignores the timeout), the caller is answered anyway, and the transfer is
                // aborted whenever the thread comes back.
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout + CurlTransport.watchdogGrace) { [driver] in
                    if answer.resume(with: .failure(TransportError.timedOut)) { driver.cancel(transfer) }
                }
            }
        } onCancel: {
            // The caller goes on at once, whatever libcurl's thread is doing.
            answer.resume(with: .failure(TransportError.cancelled))
            driver.cancel(transfer)
        }
    }

    /// Sends `request` and calls `completion` on the transport's thread, for callers outside
    /// Swift concurrency (a test's synchronous helper must not block a cooperative thread
    /// waiting for a task).
    public func send(_ request: HTTPRequest, timeout: Double,
                     completion: @escaping @Sendable (Result<HTTPResponse, any Error>) -> Void) {
        do {
            let transfer = try self.transfer(request, timeout: timeout)
            // The transport lives until the completion has run (its thread stops with it).
            transfer.completion = { result in withExtendedLifetime(self) { completion(result) } }
            driver.submit(transfer)
        } catch {
            completion(.failure(error))
        }
    }
}

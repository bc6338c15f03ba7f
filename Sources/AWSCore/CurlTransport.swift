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

/// The caller's continuation, resumed once by whoever comes first: the transfer's end, the
/// watchdog, or the caller's cancellation (a continuation set after cancellation is resumed at once).
final class CurlAnswer: @unchecked Sendable {  // the state is behind `lock`
    private let lock = NSLock()
    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    private var early: Result<HTTPResponse, any Error>?
    private var done = false

    func set(_ c: CheckedContinuation<HTTPResponse, any Error>) {
        let pending: Result<HTTPResponse, any Error>? = lock.withLock {
            if let early { return early }
            continuation = c
            return nil
        }
        if let pending { c.resume(with: pending) }
    }

    /// Resumes the caller with `result` unless it was resumed before; true when this call did.
    @discardableResult
    func resume(with result: Result<HTTPResponse, any Error>) -> Bool {
        let (first, c): (Bool, CheckedContinuation<HTTPResponse, any Error>?) = lock.withLock {
            if done { return (false, nil) }
            done = true
            if let c = continuation {
                continuation = nil
                return (true, c)
            }
            early = result
            return (true, nil)
        }
        c?.resume(with: result)
        return first
    }
}

/// One request: its easy handle, the buffers it fills, and the completion to call once.
///
/// Created on the caller's task; after `submit`, only the driver's thread touches it.
final class CurlTransfer: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let maximumResponseBytes: Int
    var completion: (@Sendable (Result<HTTPResponse, any Error>) -> Void)?
    /// Guarded by the driver's lock.
    var cancelRequested = false
    private var body: [UInt8] = []
    private var headers: [(name: String, value: String)] = []
    private var bodyTooLarge = false

    init(_ request: HTTPRequest, timeout: Double, options: CurlTransport.Options, caBundle: [UInt8]?) throws {
        CurlMultiDriver.initializeLibrary()
        guard let handle = curl_easy_init() else { throw TransportError.connectionFailed("libcurl could not make a handle") }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        maximumResponseBytes = options.maximumResponseBytes
        guard request.url.hasPrefix("http://") || request.url.hasPrefix("https://"), Printable.isClean(request.url) else {
            release()
            throw TransportError.invalidURL(Printable.url(request.url))
        }
        // A header is one line: a CR or LF in a value (a token from a file, a credential) would
        // start a header of its own; such a request is never sent.
        if let bad = request.headers.first(where: { !Printable.isClean($0.name) || !Printable.isClean($0.value) || $0.name.contains(":") }) {
            release()
            throw TransportError.invalidHeader(Printable.line(bad.name, limit: 64))
        }
        configure(request, timeout: timeout, options: options, caBundle: caBundle)
    }

    private func configure(_ request: HTTPRequest, timeout: Double, options: CurlTransport.Options, caBundle: [UInt8]?) {
        let h = handle
        _ = lk_setopt_str(h, CURLOPT_URL, request.url)
        _ = lk_setopt_str(h, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = lk_setopt_long(h, CURLOPT_NOSIGNAL, 1)  // libcurl runs on a thread of ours: no SIGALRM
        _ = lk_setopt_ptr(h, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = lk_setopt_ptr(h, CURLOPT_PRIVATE, Unmanaged.passUnretained(self).toOpaque())
        // Timeouts, in milliseconds, exactly: the total covers connecting, sending and receiving.
        let totalMs = max(1, Int(timeout * 1000))
        _ = lk_setopt_long(h, CURLOPT_TIMEOUT_MS, totalMs)
        _ = lk_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, min(totalMs, max(1, Int(options.connectTimeout * 1000))))
        // A redirect is an answer to show, never to follow (it would carry the signature elsewhere).
        _ = lk_setopt_long(h, CURLOPT_FOLLOWLOCATION, 0)
        // TLS: always verified, 1.2 or later.
        _ = lk_setopt_long(h, CURLOPT_SSL_VERIFYPEER, 1)
        _ = lk_setopt_long(h, CURLOPT_SSL_VERIFYHOST, 2)
        _ = lk_setopt_long(h, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2)
        if let pem = caBundle {
            // From memory (libcurl copies it): the file was read once, through SafeFile.
            pem.withUnsafeBytes { b in
                _ = lk_setopt_blob_copy(h, CURLOPT_CAINFO_BLOB, b.baseAddress, b.count)
                _ = lk_setopt_blob_copy(h, CURLOPT_PROXY_CAINFO_BLOB, b.baseAddress, b.count)
            }
        }
        // HTTP/2 where TLS's ALPN offers it; wait for a multiplexed connection rather than open more.
        _ = lk_setopt_long(h, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        if request.url.hasPrefix("https://") { _ = lk_setopt_long(h, CURLOPT_PIPEWAIT, 1) }
        _ = lk_setopt_long(h, CURLOPT_TCP_KEEPALIVE, 1)
        _ = lk_setopt_off_t(h, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options.maximumResponseBytes))

        switch request.method {
        case "GET" where request.body.isEmpty:
            _ = lk_setopt_long(h, CURLOPT_HTTPGET, 1)
        case "HEAD":
            _ = lk_setopt_long(h, CURLOPT_NOBODY, 1)
        default:
            // The body is copied by libcurl, with its Content-Length (0 included).
            _ = lk_setopt_off_t(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            request.body.withUnsafeBufferPointer { b in
                _ = lk_setopt_ptr(h, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: b.baseAddress ?? UnsafePointer(bitPattern: 1)!))
            }
            if request.method != "POST" { _ = lk_setopt_str(h, CURLOPT_CUSTOMREQUEST, request.method) }
        }
        // Headers as given, except Host (libcurl derives the same from the URL, also for HTTP/2's
        // :authority); no `Expect: 100-continue`, no form content type libcurl would add.
        var names = Set<String>()
        for header in request.headers where header.name.lowercased() != "host" {
            names.insert(header.name.lowercased())
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        headerList = curl_slist_append(headerList, "Expect:")
        if !names.contains("content-type") { headerList = curl_slist_append(headerList, "Content-Type:") }
        _ = lk_setopt_slist(h, CURLOPT_HTTPHEADER, headerList)

        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = lk_setopt_write_function(h) { data, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        _ = lk_setopt_ptr(h, CURLOPT_WRITEDATA, context)
        _ = lk_setopt_header_function(h) { data, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            return transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        _ = lk_setopt_ptr(h, CURLOPT_HEADERDATA, context)
    }

    /// Appends body bytes; returning less than given makes libcurl abort with CURLE_WRITE_ERROR.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        if body.count + bytes.count > maximumResponseBytes {
            bodyTooLarge = true
            return 0
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    /// One header line. A status line starts a new response (after a proxy's CONNECT answer or an
    /// interim 1xx), so only the final response's headers are kept.
    func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Int {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            headers = []
        } else if let colon = line.firstIndex(of: ":") {
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return bytes.count
    }

    /// The outcome of a finished transfer.
    func result(_ code: CURLcode) -> Result<HTTPResponse, any Error> {
        if code == CURLE_OK {
            var status = 0
            _ = lk_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
            return .success(HTTPResponse(status: status, headers: headers, body: body))
        }
        return .failure(CurlTransfer.classify(code, message: errorMessage(code), bodyTooLarge: bodyTooLarge,
                                              limit: maximumResponseBytes))
    }

    /// libcurl's error buffer, else its text for the code.
    func errorMessage(_ code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        // Through the sanitizer: a proxy's credentials or a control character never reach an error.
        return Printable.line(detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail, limit: 500)
    }

    /// The class of a libcurl failure, as the retry policy sees it.
    static func classify(_ code: CURLcode, message: String, bodyTooLarge: Bool, limit: Int) -> TransportError {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut
        case CURLE_WRITE_ERROR where bodyTooLarge, CURLE_FILESIZE_EXCEEDED:
            return .responseTooLarge(limit: limit)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(message)
        case CURLE_SSL_CONNECT_ERROR:
            // A connection reset or closed during the handshake is the network's doing, not a
            // certificate problem: retried like any dropped connection.
            let lower = message.lowercased()
            if lower.contains("reset") || lower.contains("syscall") || lower.contains("unexpected eof") {
                return .connectionFailed(message)
            }
            return .tlsFailure(message)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE,
             CURLE_USE_SSL_FAILED, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
             CURLE_SSL_CLIENTCERT:
            return .tlsFailure(message)
        default:
            return .connectionFailed(message)
        }
    }

    /// Frees the easy handle and what it points to (after it left the multi handle).
    func release() {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        headerList = nil
        errorBuffer.deallocate()
    }

    /// Frees everything, then calls the completion (once).
    func finish(_ result: Result<HTTPResponse, any Error>) {
        let c = completion
        completion = nil
        release()
        c?(result)
    }
}

/// Owns the multi handle and the one thread that drives it: transfers are handed over through
/// a locked queue and `curl_multi_wakeup`, which interrupts `curl_multi_poll`.
final class CurlMultiDriver: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    // Guarded by `lock`.
    private var incoming: [CurlTransfer] = []
    private var cancellations: [CurlTransfer] = []
    private var stopping = false
    /// For tests: while set, the thread waits on it at the top of its loop, as a thread held by a
    /// resolver that ignores its timeout would (the watchdog must answer the callers anyway).
    var heldForTesting: DispatchSemaphore?
    // The driver thread's own.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    private static let globalInit: Void = { _ = lk_global_init() }()

    /// `curl_global_init`, once per process, before any other libcurl call.
    static func initializeLibrary() { _ = globalInit }

    init(maximumConnectionsPerHost: Int) {
        CurlMultiDriver.initializeLibrary()
        guard let multi = curl_multi_init() else { fatalError("libcurl: curl_multi_init failed") }
        self.multi = multi
        _ = lk_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        _ = lk_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, maximumConnectionsPerHost))
        // The connection cache: keep idle connections of a burst for the next one.
        _ = lk_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(16, maximumConnectionsPerHost * 2))
        let thread = Thread { [self] in run() }
        thread.name = "lookout-curl"
        thread.start()
    }

    /// Hands a transfer to the thread (or finishes it at once if it was already cancelled).
    func submit(_ transfer: CurlTransfer) {
        let cancelled: Bool = lock.withLock {
            if transfer.cancelRequested || stopping { return true }
            incoming.append(transfer)
            return false
        }
        if cancelled { transfer.finish(.failure(TransportError.cancelled)) } else { curl_multi_wakeup(multi) }
    }

    /// Asks the thread to abort a transfer (the caller's task was cancelled).
    func cancel(_ transfer: CurlTransfer) {
        lock.withLock {
            transfer.cancelRequested = true
            cancellations.append(transfer)
        }
        curl_multi_wakeup(multi)
    }

    /// For tests: holds the thread until `hold` is signalled.
    func hold(_ hold: DispatchSemaphore) {
        lock.withLock { heldForTesting = hold }
        curl_multi_wakeup(multi)
    }

    /// Ends the thread once the transport is gone.
    func stop() {
        lock.withLock { stopping = true }
        curl_multi_wakeup(multi)
    }

    private func run() {
        var running: Int32 = 0
        while true {
            if let hold = lock.withLock({ heldForTesting }) {
                hold.wait()
                lock.withLock { heldForTesting = nil }
            }
            let (added, cancelled, stop) = lock.withLock {
                defer { incoming = []; cancellations = [] }
                return (incoming, cancellations, stopping)
            }
            for t in added {
                active[t.handle] = t
                if curl_multi_add_handle(multi, t.handle) != CURLM_OK {
                    active[t.handle] = nil
                    t.finish(.failure(TransportError.connectionFailed("libcurl refused the transfer")))
                }
            }
            for t in cancelled where active[t.handle] === t { abort(t) }
            if stop {
                for t in active.values { abort(t) }
                curl_multi_cleanup(multi)
                return
            }
            curl_multi_perform(multi, &running)
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                      let t = active.removeValue(forKey: handle) else { continue }
                let code = lk_msg_result(message)
                curl_multi_remove_handle(multi, handle)
                t.finish(t.result(code))
            }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    /// Removing the handle aborts the transfer (its connection is closed if mid-flight).
    private func abort(_ t: CurlTransfer) {
        active[t.handle] = nil
        curl_multi_remove_handle(multi, t.handle)
        t.finish(.failure(TransportError.cancelled))
    }
}

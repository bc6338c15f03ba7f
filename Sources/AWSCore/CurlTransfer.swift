import CCurl
import FileSafety
import Foundation
import LockedValue
import Rendering
import ServiceVocabulary

/// The caller's continuation, resumed once by whoever comes first: the transfer's end, the
/// watchdog, or the caller's cancellation (a continuation set after cancellation is resumed at once).
final class CurlAnswer: Sendable {
    private struct State: Sendable {
        var continuation: CheckedContinuation<HTTPResponse, any Error>?
        var early: Result<HTTPResponse, any Error>?
        var done = false
    }
    private let state = LockedValueBox(State())

    func set(_ c: CheckedContinuation<HTTPResponse, any Error>) {
        let pending: Result<HTTPResponse, any Error>? = state.withLockedValue { state in
            if let early = state.early { return early }
            state.continuation = c
            return nil
        }
        if let pending { c.resume(with: pending) }
    }

    /// Resumes the caller with `result` unless it was resumed before; true when this call did.
    @discardableResult
    func resume(with result: Result<HTTPResponse, any Error>) -> Bool {
        let (first, c): (Bool, CheckedContinuation<HTTPResponse, any Error>?) = state.withLockedValue { state in
            if state.done { return (false, nil) }
            state.done = true
            if let c = state.continuation {
                state.continuation = nil
                return (true, c)
            }
            state.early = result
            return (true, nil)
        }
        c?.resume(with: result)
        return first
    }
}

/// One request: its easy handle, the buffers it fills, and the completion to call once.
///
/// Created on the caller's task; after `submit`, only the driver's thread touches it.
// @unchecked: it owns C handles (the easy handle, its header list and error buffer) that libcurl
// calls back into; `cancelRequested` is written under the driver's queue lock, the rest only on
// the driver's thread after `submit`.
final class CurlTransfer: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let maximumResponseBytes: Int
    var completion: (@Sendable (Result<HTTPResponse, any Error>) -> Void)?
    /// Written under the driver's queue lock.
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
        case HTTPMethod.get.rawValue where request.body.isEmpty:
            _ = lk_setopt_long(h, CURLOPT_HTTPGET, 1)
        case "HEAD":
            _ = lk_setopt_long(h, CURLOPT_NOBODY, 1)
        default:
            // The body is copied by libcurl, with its Content-Length (0 included).
            _ = lk_setopt_off_t(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
            request.body.withUnsafeBufferPointer { b in
                _ = lk_setopt_ptr(h, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: b.baseAddress ?? UnsafePointer(bitPattern: 1)!))
            }
            if request.method != HTTPMethod.post.rawValue { _ = lk_setopt_str(h, CURLOPT_CUSTOMREQUEST, request.method) }
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

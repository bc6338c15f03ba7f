import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// HTTP through Foundation's URLSession (libcurl on Linux).
///
/// Proxies: libcurl reads `HTTPS_PROXY`/`https_proxy`, `HTTP_PROXY`/`http_proxy` and
/// `NO_PROXY`/`no_proxy` from the process environment, as curl and the AWS CLI do.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    private let session: URLSession

    /// A transport allowing `maximumConnectionsPerHost` parallel connections (size it to the
    /// run's concurrency: URLSession's default of about 6 serialises larger bursts).
    public init(maximumConnectionsPerHost: Int = 16) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = maximumConnectionsPerHost
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForResource = 3600
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func send(_ request: HTTPRequest, timeout: Double) async throws -> HTTPResponse {
        guard let url = URL(string: request.url) else { throw TransportError.invalidURL(request.url) }
        // URLSession on Linux ignores a request's own timeoutInterval (the session's 60 s
        // applies), so the timeout is enforced here and the task cancelled when it passes.
        var r = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: max(1, timeout + 1))
        r.httpMethod = request.method
        for h in request.headers where h.name.lowercased() != "host" { r.setValue(h.value, forHTTPHeaderField: h.name) }
        if !request.body.isEmpty || request.method == "POST" { r.httpBody = Data(request.body) }
        let call = PendingCall()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                call.continuation = continuation
                let task = session.dataTask(with: r) { data, response, error in
                    if let error {
                        call.finish(.failure(URLSessionTransport.classify(error)))
                    } else if let http = response as? HTTPURLResponse {
                        var headers: [(name: String, value: String)] = []
                        for (k, v) in http.allHeaderFields {
                            if let k = k as? String, let v = v as? String { headers.append((k, v)) }
                        }
                        call.finish(.success(HTTPResponse(status: http.statusCode, headers: headers, body: Array(data ?? Data()))))
                    } else {
                        call.finish(.failure(TransportError.connectionFailed("not an HTTP response")))
                    }
                }
                call.task = task
                task.resume()
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                    if call.finish(.failure(TransportError.timedOut)) { task.cancel() }
                }
            }
        } onCancel: {
            if call.finish(.failure(TransportError.cancelled)) { call.task?.cancel() }
        }
    }

    static func classify(_ error: any Error) -> TransportError {
        if let e = error as? URLError {
            switch e.code {
            case .timedOut: return .timedOut
            case .cancelled: return .cancelled
            default: return .connectionFailed(e.localizedDescription)
            }
        }
        let ns = error as NSError
        if ns.domain == NSURLErrorDomain && ns.code == NSURLErrorTimedOut { return .timedOut }
        if ns.domain == NSURLErrorDomain && ns.code == NSURLErrorCancelled { return .cancelled }
        return .connectionFailed("\(ns.domain) \(ns.code)")
    }
}

/// One request in flight: resumes its continuation exactly once, whoever comes first (the
/// response, the timeout, or cancellation).
final class PendingCall: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    private var cancelledEarly = false
    private var _continuation: CheckedContinuation<HTTPResponse, any Error>?
    private var _task: URLSessionDataTask?

    var continuation: CheckedContinuation<HTTPResponse, any Error>? {
        get { lock.withLock { _continuation } }
        set {
            let early = lock.withLock { () -> Bool in
                _continuation = newValue
                return cancelledEarly
            }
            if early { finish(.failure(TransportError.cancelled)) }
        }
    }

    var task: URLSessionDataTask? {
        get { lock.withLock { _task } }
        set { lock.withLock { _task = newValue } }
    }

    /// Resumes with `result` unless already resumed; true when this call did it.
    @discardableResult
    func finish(_ result: Result<HTTPResponse, any Error>) -> Bool {
        let c: CheckedContinuation<HTTPResponse, any Error>? = lock.withLock {
            guard !done else { return nil }
            guard let c = _continuation else {
                // Cancelled before the continuation existed: finish as soon as it does.
                cancelledEarly = true
                return nil
            }
            done = true
            return c
        }
        c?.resume(with: result)
        return c != nil
    }
}

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
        var r = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        r.httpMethod = request.method
        for h in request.headers where h.name.lowercased() != "host" { r.setValue(h.value, forHTTPHeaderField: h.name) }
        if !request.body.isEmpty || request.method == "POST" { r.httpBody = Data(request.body) }
        do {
            let (data, response) = try await session.data(for: r)
            guard let http = response as? HTTPURLResponse else { throw TransportError.connectionFailed("not an HTTP response") }
            var headers: [(name: String, value: String)] = []
            for (k, v) in http.allHeaderFields {
                if let k = k as? String, let v = v as? String { headers.append((k, v)) }
            }
            return HTTPResponse(status: http.statusCode, headers: headers, body: Array(data))
        } catch let e as TransportError {
            throw e
        } catch let e as URLError {
            switch e.code {
            case .timedOut: throw TransportError.timedOut
            case .cancelled: throw TransportError.cancelled
            default: throw TransportError.connectionFailed(e.localizedDescription)
            }
        } catch is CancellationError {
            throw TransportError.cancelled
        } catch {
            throw TransportError.connectionFailed("\(error)")
        }
    }
}

import Foundation
import ServiceVocabulary

/// A request as the emulator received it: the raw URI (path and query exactly as sent).
public struct EmulatorRequest: Sendable {
    /// `GET`, `POST`, ...
    public var method: String
    /// The request target as sent: path and query (or an absolute URI, through a proxy).
    public var uri: String
    /// The headers, in order, as sent.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]
    /// The connection it came on, numbered from 1 by the server (0: not known).
    public var connection = 0

    /// A request.
    public init(method: String, uri: String, headers: [(name: String, value: String)], body: [UInt8] = []) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
    }

    /// The method, typed (`.post`).
    public var httpMethod: HTTPMethod { HTTPMethod(rawValue: method) }

    /// The first value of a header (`name` in lower case).
    public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name }?.value }
}

/// What the server does with a request.
public enum EmulatorAction: Sendable, Equatable {
    /// Answer after `delay` seconds.
    case respond(status: Int, headers: [String: String], body: [UInt8], delay: Double)
    /// Close the connection without answering.
    case drop
    /// Never answer.
    case hang
}

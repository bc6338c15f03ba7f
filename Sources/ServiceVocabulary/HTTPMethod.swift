/// An HTTP request method, by its wire spelling (`GET`). Constants instead of bare strings, as
/// `AWSErrorCode`; a method a caller spells that has no constant is still a method.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The wire spelling.
    public let rawValue: String
    /// The method spelled `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The method spelled `value`.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire spelling.
    public var description: String { rawValue }

    /// `GET`: the REST reads (Lookout for Vision's listings, the SSO portal, the credential endpoints).
    public static let get: HTTPMethod = "GET"
    /// `POST`: JSON 1.1, Query (STS) and the REST writes.
    public static let post: HTTPMethod = "POST"
    /// `PUT`: the instance metadata session token.
    public static let put: HTTPMethod = "PUT"
    /// `DELETE`.
    public static let delete: HTTPMethod = "DELETE"
}

/// One request the emulator served, for tests to assert exactly which calls were made.
public struct RequestRecord: Sendable, Codable, Equatable {
    /// When it arrived (the emulator's clock, seconds since 1970).
    public let time: Double
    /// The HTTP method.
    public let method: String
    /// The request target as sent.
    public let uri: String
    /// The operation it named (`StopModel`), or `Unknown`.
    public let operation: String
    /// The region of its credential scope, if it was signed.
    public let region: String?
    /// The project in its path, if any.
    public let project: String?
    /// The model version in its path, if any.
    public let version: String?
    /// Its `X-Amzn-Client-Token`, if any.
    public let clientToken: String?
    /// The access key id of its credential scope, if any.
    public let accessKeyId: String?
    /// The status answered (0 when a fault dropped or hung the request).
    public let status: Int
    /// The fault injected (`FaultRule.Kind` raw value), if any.
    public let fault: String?
    /// The connection it came on (`EmulatorRequest.connection`): tells how many a client opened.
    public var connection: Int? = nil
    /// The account its credentials act in (the home account for the configured keys), if it was signed.
    public var account: String? = nil
}

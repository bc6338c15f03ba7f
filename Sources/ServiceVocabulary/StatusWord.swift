/// A model's status as a service spelled it (`HOSTED`, `RUNNING`, `InService`): one of the words
/// of `ModelStatus`, `ProjectVersionStatus` or `InferenceComponentStatus`, or one this tool does not
/// know, which round-trips unchanged. Encodes as the plain string, so the log's bytes are the
/// service's word.
public struct StatusWord: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The word, exactly as the service spelled it.
    public let rawValue: String
    /// The word `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The word `value`.
    public init(_ value: String) { self.rawValue = value }
    /// The word `value`.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// A known word of one of the services' status vocabularies (`ModelStatus.hosted`).
    public init<Word: RawRepresentable>(_ word: Word) where Word.RawValue == String { self.rawValue = word.rawValue }
    /// The word.
    public var description: String { rawValue }

    /// The plain string.
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    /// As the plain string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

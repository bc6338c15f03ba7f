/// An optional property that a synthesized `Codable` writes as `null` when empty, instead of
/// leaving the key out: the JSON documents of lookout-scheduler always carry every key. Inside
/// `JSONDocument.compact` (the audit log's lines) an empty value leaves its key out instead, so a
/// record stays small; a missing key decodes as nil either way, so old records read as before.
@propertyWrapper
public struct NullEncoded<Value: Encodable & Sendable & Equatable>: Encodable, Sendable, Equatable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value? = nil) { self.wrappedValue = wrappedValue }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let v = wrappedValue { try c.encode(v) } else { try c.encodeNil() }
    }
}

/// True while `JSONDocument.compact` encodes: empty `NullEncoded` values leave their key out.
/// (A generic type cannot hold a static stored property, hence this one place for every type.)
enum NullEncodedMode {
    @TaskLocal static var omitEmpty = false
}

extension NullEncoded: Decodable where Value: Decodable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? nil : try c.decode(Value.self)
    }
}

extension KeyedEncodingContainer {
    /// Writes the value, `null`, or (in compact mode) nothing.
    public mutating func encode<V>(_ value: NullEncoded<V>, forKey key: Key) throws {
        if let v = value.wrappedValue {
            try encode(v, forKey: key)
        } else if !NullEncodedMode.omitEmpty {
            try encodeNil(forKey: key)
        }
    }
}

extension KeyedDecodingContainer {
    /// A missing key or `null` is nil.
    public func decode<V: Decodable>(_ type: NullEncoded<V>.Type, forKey key: Key) throws -> NullEncoded<V> {
        NullEncoded(wrappedValue: try decodeIfPresent(V.self, forKey: key))
    }
}

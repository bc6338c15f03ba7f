import ServiceVocabulary

extension AWSServiceClient {
    /// Sends one call of a typed operation (`LookoutVisionOperation.stopModel`), named on the wire
    /// and in the rate limit by its raw value; otherwise `send(api:method:...)`.
    public func send<Operation: ServiceOperation>(_ operation: Operation, method: HTTPMethod, path: String, query: [(String, String)] = [],
                                                  headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                                                  signed: Bool = true) async throws(AWSError) -> Reply {
        try await send(api: operation.rawValue, method: method, path: path, query: query, headers: headers, body: body, signed: signed)
    }
}

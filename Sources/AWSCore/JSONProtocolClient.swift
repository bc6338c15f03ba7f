import Foundation
import ServiceVocabulary

/// AWS's JSON 1.1 protocol over `AWSServiceClient`: `POST /` with the operation in
/// `X-Amz-Target: <prefix>.<Operation>` and `Content-Type: application/x-amz-json-1.1` (both
/// signed); answers decoded, pages followed with `Pagination`. The one JSON 1.1 path of
/// Rekognition, SageMaker, Application Auto Scaling and EventBridge.
public struct JSONProtocolClient: Sendable {
    /// The signing, retrying, rate-limited client underneath.
    public let service: AWSServiceClient
    /// The `X-Amz-Target` prefix (`RekognitionService`, `SageMaker`, `AWSEvents`, ...).
    public let targetPrefix: String

    /// A JSON 1.1 client over `service`, its operations named `targetPrefix.Operation`.
    public init(service: AWSServiceClient, targetPrefix: String) {
        self.service = service
        self.targetPrefix = targetPrefix
    }

    /// One call.
    public func call<Operation: ServiceOperation>(_ operation: Operation, _ body: [String: Any]) async throws(AWSError) -> AWSServiceClient.Reply {
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
        return try await service.send(operation, method: .post, path: "/",
                                      headers: [("Content-Type", "application/x-amz-json-1.1"),
                                                ("X-Amz-Target", "\(targetPrefix).\(operation.rawValue)")],
                                      body: Array(data))
    }

    /// One call, its answer decoded.
    public func call<Operation: ServiceOperation, T: Decodable>(_ operation: Operation, _ body: [String: Any], as: T.Type) async throws(AWSError) -> CallOutcome<T> {
        let reply = try await call(operation, body)
        return CallOutcome(value: try decode(reply), attempts: reply.attempts, requestId: reply.requestId)
    }

    /// Follows `NextToken` to the end (cycles, over-long tokens and endless listings are errors).
    public func paginate<Operation: ServiceOperation, Page: Decodable, Item: Sendable>(operation: Operation, body: (String?) -> [String: Any],
                                                   items: (Page) -> ([Item], String?)) async throws(AWSError) -> CallOutcome<[Item]> {
        try await Pagination.collect(api: operation.rawValue) { (token: String?) async throws(AWSError) in
            let reply = try await call(operation, body(token))
            let (found, next) = items(try decode(reply) as Page)
            return (reply, found, next)
        }
    }

    /// The answer decoded as `T` (an empty body reads as `{}`).
    public func decode<T: Decodable>(_ reply: AWSServiceClient.Reply) throws(AWSError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(reply.response.body.isEmpty ? Array("{}".utf8) : reply.response.body))
        } catch {
            throw AWSError(code: .invalidResponse, message: "the response is not the expected JSON", status: reply.response.status,
                           requestId: reply.requestId, attempts: reply.attempts)
        }
    }
}

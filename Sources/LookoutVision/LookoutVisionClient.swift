import AWSCore
import Foundation
import SigV4

/// Typed Amazon Lookout for Vision operations over `AWSServiceClient` (REST-JSON, SigV4,
/// API version 2020-11-20). Inputs are validated before any request; list operations follow
/// `NextToken` to the end, whatever page size the server returns.
public struct LookoutVisionClient: Sendable {
    /// The underlying signed client.
    public let service: AWSServiceClient
    /// Page size asked for in list calls (1-100).
    public let pageSize: Int

    /// The signing name and endpoint prefix of the service.
    public static let signingName = ServiceKind.lookoutVision.signingName

    /// A client over a configured service client.
    public init(service: AWSServiceClient, pageSize: Int = 100) {
        self.service = service
        self.pageSize = pageSize
    }

    /// A result with the call's bookkeeping.
    public typealias Outcome<Value: Sendable> = CallOutcome<Value>

    // MARK: - Lists

    /// Every project (ListProjects, all pages).
    public func listProjects() async throws(AWSError) -> Outcome<[ProjectMetadata]> {
        let out = try await paginate(.listProjects, path: "/2020-11-20/projects") { (page: ListProjectsResponse) in
            (page.Projects ?? [], page.NextToken)
        }
        // A name from the server is used in the next request's path and printed: it must be one.
        for p in out.value {
            do { try InputValidation.checkProjectName(p.projectName) } catch {
                throw AWSError(code: .invalidResponse, message: "ListProjects answered a project name that is not valid: \(InputValidation.quoted(p.projectName))",
                               requestId: out.requestId, attempts: out.attempts)
            }
        }
        return out
    }

    /// Every version of a project's model, with statuses (ListModels, all pages).
    public func listModels(project: String) async throws(AWSError) -> Outcome<[ModelMetadata]> {
        try InputValidation.checkProjectName(project)
        let out = try await paginate(.listModels, path: "/2020-11-20/projects/\(label(project))/models") { (page: ListModelsResponse) in
            (page.Models ?? [], page.NextToken)
        }
        for m in out.value {
            do { try InputValidation.checkModelVersion(m.modelVersion) } catch {
                throw AWSError(code: .invalidResponse, message: "ListModels answered a model version that is not valid: \(InputValidation.quoted(m.modelVersion))",
                               requestId: out.requestId, attempts: out.attempts)
            }
        }
        return out
    }

    /// Follows `NextToken` until the end, whatever page size the server returns (`Pagination`).
    func paginate<Page: Decodable, Item: Sendable>(_ operation: LookoutVisionOperation, path: String,
                                                   items: (Page) -> ([Item], String?)) async throws(AWSError) -> Outcome<[Item]> {
        try await Pagination.collect(api: operation.rawValue) { (token: String?) async throws(AWSError) in
            var query = [("maxResults", String(pageSize))]
            if let token { query.append(("nextToken", token)) }
            let reply = try await service.send(operation, method: .get, path: path, query: query)
            let (found, next) = items(try decode(reply) as Page)
            return (reply, found, next)
        }
    }

    // MARK: - One model

    /// DescribeModel.
    public func describeModel(project: String, version: String) async throws(AWSError) -> Outcome<ModelDescription> {
        try InputValidation.checkProjectName(project)
        try InputValidation.checkModelVersion(version, allowLatest: true)
        let reply = try await service.send(LookoutVisionOperation.describeModel, method: .get, path: "/2020-11-20/projects/\(label(project))/models/\(label(version))")
        let body: DescribeModelResponse = try decode(reply)
        guard let d = body.ModelDescription else { throw invalidResponse(reply, "DescribeModel answered without ModelDescription") }
        return Outcome(value: d, attempts: reply.attempts, requestId: reply.requestId)
    }

    /// StopModel, with an idempotency token (the same on every retry). Answers the new status.
    public func stopModel(project: String, version: String, clientToken: String) async throws(AWSError) -> Outcome<String> {
        try InputValidation.checkProjectName(project)
        try InputValidation.checkModelVersion(version)
        try InputValidation.checkClientToken(clientToken)
        let reply = try await service.send(LookoutVisionOperation.stopModel, method: .post,
                                           path: "/2020-11-20/projects/\(label(project))/models/\(label(version))/stop",
                                           headers: jsonHeaders(clientToken: clientToken), body: Array("{}".utf8))
        let body: StatusResponse = try decode(reply)
        return Outcome(value: body.Status ?? "", attempts: reply.attempts, requestId: reply.requestId)
    }

    /// StartModel, with an idempotency token. Answers the new status.
    public func startModel(project: String, version: String, minInferenceUnits: Int, maxInferenceUnits: Int? = nil,
                           clientToken: String) async throws(AWSError) -> Outcome<String> {
        try InputValidation.checkProjectName(project)
        try InputValidation.checkModelVersion(version)
        try InputValidation.checkClientToken(clientToken)
        guard minInferenceUnits >= 1, (maxInferenceUnits ?? minInferenceUnits) >= minInferenceUnits else {
            throw InputValidation.invalid("inference units must be at least 1, and max at least min")
        }
        var json = "{\"MinInferenceUnits\":\(minInferenceUnits)"
        if let maxInferenceUnits { json += ",\"MaxInferenceUnits\":\(maxInferenceUnits)" }
        json += "}"
        let reply = try await service.send(LookoutVisionOperation.startModel, method: .post,
                                           path: "/2020-11-20/projects/\(label(project))/models/\(label(version))/start",
                                           headers: jsonHeaders(clientToken: clientToken), body: Array(json.utf8))
        let body: StatusResponse = try decode(reply)
        return Outcome(value: body.Status ?? "", attempts: reply.attempts, requestId: reply.requestId)
    }

    /// ListTagsForResource; the ARN travels as one path label (`:` and `/` percent-encoded).
    public func listTags(resourceArn: String) async throws(AWSError) -> Outcome<[Tag]> {
        try InputValidation.checkArn(resourceArn)
        let reply = try await service.send(LookoutVisionOperation.listTagsForResource, method: .get, path: "/2020-11-20/tags/\(label(resourceArn))")
        let body: ListTagsResponse = try decode(reply)
        return Outcome(value: body.Tags ?? [], attempts: reply.attempts, requestId: reply.requestId)
    }

    /// A new idempotency token (a UUID: 36 characters of [0-9A-F-]).
    public static func newClientToken() -> String { UUID().uuidString }

    // MARK: - Helpers

    /// The headers of a call with a JSON body and an idempotency token (both signed).
    func jsonHeaders(clientToken: String) -> [(name: String, value: String)] {
        [("Content-Type", "application/json"), ("X-Amzn-Client-Token", clientToken)]
    }

    /// A URI label, percent-encoded (everything but unreserved characters).
    func label(_ value: String) -> String { SigV4Signer.uriEncode(value, keepSlash: false) }

    func decode<T: Decodable>(_ reply: AWSServiceClient.Reply) throws(AWSError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(reply.response.body.isEmpty ? Array("{}".utf8) : reply.response.body))
        } catch {
            throw invalidResponse(reply, "the response is not the expected JSON")
        }
    }

    func invalidResponse(_ reply: AWSServiceClient.Reply, _ message: String) -> AWSError {
        AWSError(code: .invalidResponse, message: message, status: reply.response.status, requestId: reply.requestId,
                 attempts: reply.attempts)
    }
}

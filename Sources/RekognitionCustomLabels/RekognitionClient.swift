import AWSCore
import Foundation

/// Typed Amazon Rekognition Custom Labels operations over `AWSServiceClient`: JSON 1.1
/// (`POST /`, `X-Amz-Target: RekognitionService.<Operation>`, `application/x-amz-json-1.1`),
/// SigV4 with the signing name `rekognition`. Inputs are validated before any request; the
/// describe operations follow `NextToken` to the end.
public struct RekognitionClient: Sendable {
    /// The underlying signed client.
    public let service: AWSServiceClient
    /// Page size asked for (1-100).
    public let pageSize: Int

    /// The signing name and endpoint prefix.
    public static let signingName = ServiceKind.rekognition.signingName
    /// The JSON 1.1 target prefix.
    static let targetPrefix = "RekognitionService"

    /// A client over a configured service client.
    public init(service: AWSServiceClient, pageSize: Int = 100) {
        self.service = service
        self.pageSize = pageSize
    }

    /// A result with the call's bookkeeping.
    public typealias Outcome<Value: Sendable> = CallOutcome<Value>

    /// Every Custom Labels project (DescribeProjects with `Features: [CUSTOM_LABELS]`, all pages):
    /// content-moderation adapters, which are not hosted by the hour, never appear. With `names`
    /// (at most 10), only those projects.
    public func describeProjects(names: [String]? = nil) async throws(AWSError) -> Outcome<[ProjectDescription]> {
        if let names {
            guard (1...10).contains(names.count) else { throw RekognitionInputValidation.invalid("ProjectNames takes 1 to 10 names") }
            for n in names { try RekognitionInputValidation.checkName(n, "project name") }
        }
        return try await paginate(operation: .describeProjects, body: { token in
            var b: [String: Any] = ["MaxResults": pageSize, "Features": ["CUSTOM_LABELS"]]
            if let names { b["ProjectNames"] = names }
            if let token { b["NextToken"] = token }
            return b
        }) { (page: DescribeProjectsResponse) in (page.ProjectDescriptions ?? [], page.NextToken) }
    }

    /// The versions of a project (DescribeProjectVersions, all pages); with `versionNames` (at
    /// most 10), only those.
    public func describeProjectVersions(projectArn: String, versionNames: [String]? = nil) async throws(AWSError) -> Outcome<[ProjectVersionDescription]> {
        try RekognitionInputValidation.checkProjectArn(projectArn)
        if let versionNames {
            guard (1...10).contains(versionNames.count) else { throw RekognitionInputValidation.invalid("VersionNames takes 1 to 10 names") }
            for n in versionNames { try RekognitionInputValidation.checkName(n, "version name") }
        }
        return try await paginate(operation: .describeProjectVersions, body: { token in
            var b: [String: Any] = ["ProjectArn": projectArn, "MaxResults": pageSize]
            if let versionNames { b["VersionNames"] = versionNames }
            if let token { b["NextToken"] = token }
            return b
        }) { (page: DescribeProjectVersionsResponse) in (page.ProjectVersionDescriptions ?? [], page.NextToken) }
    }

    /// StopProjectVersion. It takes no client token: see `RekognitionService.stop` for how a
    /// retried stop whose first answer was lost is recognised. Answers the new status.
    public func stopProjectVersion(arn: String) async throws(AWSError) -> Outcome<String> {
        try RekognitionInputValidation.checkVersionArn(arn)
        let reply = try await call(.stopProjectVersion, ["ProjectVersionArn": arn])
        let body: StatusResponse = try decode(reply)
        return Outcome(value: body.Status ?? "", attempts: reply.attempts, requestId: reply.requestId)
    }

    /// StartProjectVersion with inference units. Answers the new status.
    public func startProjectVersion(arn: String, minInferenceUnits: Int, maxInferenceUnits: Int? = nil) async throws(AWSError) -> Outcome<String> {
        try RekognitionInputValidation.checkVersionArn(arn)
        try RekognitionInputValidation.checkInferenceUnits(min: minInferenceUnits, max: maxInferenceUnits)
        var b: [String: Any] = ["ProjectVersionArn": arn, "MinInferenceUnits": minInferenceUnits]
        if let maxInferenceUnits { b["MaxInferenceUnits"] = maxInferenceUnits }
        let reply = try await call(.startProjectVersion, b)
        let body: StatusResponse = try decode(reply)
        return Outcome(value: body.Status ?? "", attempts: reply.attempts, requestId: reply.requestId)
    }

    /// ListTagsForResource.
    public func listTags(resourceArn: String) async throws(AWSError) -> Outcome<[String: String]> {
        guard (20...2048).contains(resourceArn.utf8.count), resourceArn.hasPrefix("arn:") else {
            throw RekognitionInputValidation.invalid("'\(resourceArn)' is not a resource ARN")
        }
        let reply = try await call(.listTagsForResource, ["ResourceArn": resourceArn])
        let body: ListTagsResponse = try decode(reply)
        return Outcome(value: body.Tags ?? [:], attempts: reply.attempts, requestId: reply.requestId)
    }

    // MARK: - JSON 1.1 (AWSCore's `JSONProtocolClient`)

    var json: JSONProtocolClient { JSONProtocolClient(service: service, targetPrefix: RekognitionClient.targetPrefix) }

    func call(_ operation: RekognitionOperation, _ body: [String: Any]) async throws(AWSError) -> AWSServiceClient.Reply {
        try await json.call(operation, body)
    }

    func paginate<Page: Decodable, Item: Sendable>(operation: RekognitionOperation, body: (String?) -> [String: Any],
                                                   items: (Page) -> ([Item], String?)) async throws(AWSError) -> Outcome<[Item]> {
        try await json.paginate(operation: operation, body: body, items: items)
    }

    func decode<T: Decodable>(_ reply: AWSServiceClient.Reply) throws(AWSError) -> T { try json.decode(reply) }
}

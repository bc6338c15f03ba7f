import AWSCore
import Foundation

/// Typed Amazon SageMaker operations on inference components over `AWSServiceClient`: JSON 1.1
/// (`POST /`, `X-Amz-Target: SageMaker.<Operation>`), SigV4 with the signing name `sagemaker`,
/// at `api.sagemaker.REGION.amazonaws.com`. Inputs are validated before any request; listings
/// follow `NextToken` to the end.
public struct SageMakerClient: Sendable {
    /// The underlying signed client.
    public let service: AWSServiceClient
    /// Page size asked for (1-100).
    public let pageSize: Int
    let json: JSONProtocolClient

    /// The signing name.
    public static let signingName = ServiceKind.sagemaker.signingName
    /// The endpoint prefix (`api.sagemaker.REGION.amazonaws.com`).
    public static let endpointPrefix = "api.sagemaker"
    /// The JSON 1.1 target prefix.
    public static let targetPrefix = "SageMaker"

    /// A client over a configured service client.
    public init(service: AWSServiceClient, pageSize: Int = 100) {
        self.service = service
        self.pageSize = max(1, min(100, pageSize))
        json = JSONProtocolClient(service: service, targetPrefix: SageMakerClient.targetPrefix)
    }

    /// Every inference component (ListInferenceComponents, all pages); with `endpointName`, those
    /// of that endpoint only.
    public func listInferenceComponents(endpointName: String? = nil) async throws(AWSError) -> CallOutcome<[InferenceComponentSummary]> {
        if let endpointName { try SageMakerInputValidation.checkEndpointName(endpointName) }
        return try await json.paginate(operation: SageMakerOperation.listInferenceComponents, body: { token in
            var b: [String: Any] = ["MaxResults": pageSize, "SortBy": "Name", "SortOrder": "Ascending"]
            if let endpointName { b["EndpointNameEquals"] = endpointName }
            if let token { b["NextToken"] = token }
            return b
        }) { (page: ListInferenceComponentsResponse) in (page.InferenceComponents ?? [], page.NextToken) }
    }

    /// DescribeInferenceComponent: status and copy counts.
    public func describeInferenceComponent(name: String) async throws(AWSError) -> CallOutcome<InferenceComponentDescription> {
        try SageMakerInputValidation.checkComponentName(name)
        return try await json.call(SageMakerOperation.describeInferenceComponent, ["InferenceComponentName": name],
                                   as: InferenceComponentDescription.self)
    }

    /// DescribeEndpoint: its variants and their managed instance scaling.
    public func describeEndpoint(name: String) async throws(AWSError) -> CallOutcome<EndpointDescription> {
        try SageMakerInputValidation.checkEndpointName(name)
        return try await json.call(SageMakerOperation.describeEndpoint, ["EndpointName": name], as: EndpointDescription.self)
    }

    /// UpdateInferenceComponentRuntimeConfig with `DesiredRuntimeConfig: {CopyCount: copies}`
    /// (0 scales the component to zero). It takes no client token: see `SageMakerService.stop`
    /// for how a retried update whose first answer was lost is recognised. Answers the ARN.
    public func updateCopyCount(name: String, copies: Int) async throws(AWSError) -> CallOutcome<String> {
        try SageMakerInputValidation.checkComponentName(name)
        try SageMakerInputValidation.checkCopyCount(copies)
        let out = try await json.call(SageMakerOperation.updateInferenceComponentRuntimeConfig,
                                      ["InferenceComponentName": name, "DesiredRuntimeConfig": ["CopyCount": copies]],
                                      as: UpdateRuntimeConfigResponse.self)
        return CallOutcome(value: out.value.InferenceComponentArn ?? "", attempts: out.attempts, requestId: out.requestId)
    }

    /// ListTags of a resource (all pages).
    public func listTags(resourceArn: String) async throws(AWSError) -> CallOutcome<[String: String]> {
        guard SageMakerInputValidation.isComponentArn(resourceArn) else {
            throw SageMakerInputValidation.invalid("'\(resourceArn)' is not an inference component ARN")
        }
        struct Tag: Decodable, Sendable { let Key: String; let Value: String? }
        struct Page: Decodable { let Tags: [Tag]?; let NextToken: String? }
        let out = try await json.paginate(operation: SageMakerOperation.listTags, body: { token in
            var b: [String: Any] = ["ResourceArn": resourceArn, "MaxResults": 100]
            if let token { b["NextToken"] = token }
            return b
        }) { (page: Page) in (page.Tags ?? [], page.NextToken) }
        var tags: [String: String] = [:]
        for t in out.value { tags[t.Key] = t.Value ?? "" }
        return CallOutcome(value: tags, attempts: out.attempts, requestId: out.requestId)
    }
}

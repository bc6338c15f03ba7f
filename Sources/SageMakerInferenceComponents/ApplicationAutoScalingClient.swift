import AWSCore
import Foundation

/// The one Application Auto Scaling read a SageMaker stop needs: JSON 1.1 (`X-Amz-Target:
/// AnyScaleFrontendService.<Operation>`), SigV4 with the signing name `application-autoscaling`.
public struct ApplicationAutoScalingClient: Sendable {
    /// The underlying signed client.
    public let service: AWSServiceClient
    let json: JSONProtocolClient

    /// The signing name and endpoint prefix.
    public static let signingName = "application-autoscaling"
    /// The JSON 1.1 target prefix.
    public static let targetPrefix = "AnyScaleFrontendService"
    /// The namespace of SageMaker's scalable targets.
    public static let sagemakerNamespace = "sagemaker"
    /// The dimension of an inference component's copies.
    public static let copyCountDimension = "sagemaker:inference-component:DesiredCopyCount"

    /// A client over a configured service client.
    public init(service: AWSServiceClient) {
        self.service = service
        json = JSONProtocolClient(service: service, targetPrefix: ApplicationAutoScalingClient.targetPrefix)
    }

    /// Every scalable target of inference components' copy counts in the region
    /// (DescribeScalableTargets, namespace `sagemaker`, all pages).
    public func inferenceComponentTargets() async throws(AWSError) -> CallOutcome<[ScalableTarget]> {
        try await json.paginate(operation: SageMakerOperation.describeScalableTargets, body: { token in
            var b: [String: Any] = ["ServiceNamespace": ApplicationAutoScalingClient.sagemakerNamespace,
                                    "ScalableDimension": ApplicationAutoScalingClient.copyCountDimension, "MaxResults": 50]
            if let token { b["NextToken"] = token }
            return b
        }) { (page: DescribeScalableTargetsResponse) in (page.ScalableTargets ?? [], page.NextToken) }
    }
}

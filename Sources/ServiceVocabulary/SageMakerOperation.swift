/// The SageMaker and Application Auto Scaling operations this tool calls, by their wire names
/// (the `X-Amz-Target` suffix, the call counts, the IAM actions).
public enum SageMakerOperation: String, ServiceOperation {
    case listInferenceComponents = "ListInferenceComponents"
    case describeInferenceComponent = "DescribeInferenceComponent"
    case describeEndpoint = "DescribeEndpoint"
    case updateInferenceComponentRuntimeConfig = "UpdateInferenceComponentRuntimeConfig"
    case listTags = "ListTags"
    /// Application Auto Scaling's.
    case describeScalableTargets = "DescribeScalableTargets"
}

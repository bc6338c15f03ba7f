/// The SageMaker and Application Auto Scaling operations this tool calls, by their wire names
/// (the `X-Amz-Target` suffix, the call counts, the IAM actions).
public enum SageMakerOperation: String, ServiceOperation {
    /// Every inference component (the listing).
    case listInferenceComponents = "ListInferenceComponents"
    /// One component, with its copy counts.
    case describeInferenceComponent = "DescribeInferenceComponent"
    /// One endpoint (its instances, read before a stop).
    case describeEndpoint = "DescribeEndpoint"
    /// Sets a component's copy count: the stop (0) and the start.
    case updateInferenceComponentRuntimeConfig = "UpdateInferenceComponentRuntimeConfig"
    /// A component's tags.
    case listTags = "ListTags"
    /// Application Auto Scaling's.
    case describeScalableTargets = "DescribeScalableTargets"
}

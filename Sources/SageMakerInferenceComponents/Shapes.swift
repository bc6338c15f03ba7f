/// An inference component as ListInferenceComponents summarises it (no copy counts).
public struct InferenceComponentSummary: Sendable, Equatable, Decodable {
    public let inferenceComponentName: String
    public let inferenceComponentArn: String
    public let endpointName: String
    public let endpointArn: String?
    public let variantName: String?
    public let status: String?

    enum CodingKeys: String, CodingKey {
        case inferenceComponentName = "InferenceComponentName", inferenceComponentArn = "InferenceComponentArn",
             endpointName = "EndpointName", endpointArn = "EndpointArn", variantName = "VariantName",
             status = "InferenceComponentStatus"
    }

    /// A summary (for tests and the emulator's peers).
    public init(name: String, arn: String, endpointName: String, endpointArn: String? = nil, variantName: String? = nil, status: String?) {
        inferenceComponentName = name
        inferenceComponentArn = arn
        self.endpointName = endpointName
        self.endpointArn = endpointArn
        self.variantName = variantName
        self.status = status
    }
}

/// DescribeInferenceComponent: the summary's fields and the copy counts (`RuntimeConfig`).
public struct InferenceComponentDescription: Sendable, Equatable, Decodable {
    public let inferenceComponentName: String
    public let inferenceComponentArn: String
    public let endpointName: String
    public let variantName: String?
    public let status: String?
    public let runtimeConfig: RuntimeConfig?

    /// `RuntimeConfig`: the copies asked for and the copies running.
    public struct RuntimeConfig: Sendable, Equatable, Decodable {
        public let desiredCopyCount: Int?
        public let currentCopyCount: Int?
        enum CodingKeys: String, CodingKey { case desiredCopyCount = "DesiredCopyCount", currentCopyCount = "CurrentCopyCount" }
    }

    enum CodingKeys: String, CodingKey {
        case inferenceComponentName = "InferenceComponentName", inferenceComponentArn = "InferenceComponentArn",
             endpointName = "EndpointName", variantName = "VariantName", status = "InferenceComponentStatus",
             runtimeConfig = "RuntimeConfig"
    }
}

/// DescribeEndpoint: what a stop needs to know of the endpoint, its variants' instance scaling.
public struct EndpointDescription: Sendable, Equatable, Decodable {
    public let endpointName: String
    public let endpointArn: String?
    public let endpointStatus: String?
    public let productionVariants: [Variant]?

    /// A production variant.
    public struct Variant: Sendable, Equatable, Decodable {
        public let variantName: String
        public let currentInstanceCount: Int?
        public let managedInstanceScaling: ManagedInstanceScaling?
        enum CodingKeys: String, CodingKey {
            case variantName = "VariantName", currentInstanceCount = "CurrentInstanceCount", managedInstanceScaling = "ManagedInstanceScaling"
        }

        /// True when the variant's instances scale down to none (`Status: ENABLED`, `MinInstanceCount: 0`):
        /// only then do zero copies free the instances they ran on.
        public var scalesToZero: Bool {
            managedInstanceScaling?.status == ManagedInstanceScaling.enabled && managedInstanceScaling?.minInstanceCount == 0
        }
    }

    /// `ManagedInstanceScaling`.
    public struct ManagedInstanceScaling: Sendable, Equatable, Decodable {
        /// The wire spelling of an enabled scaling.
        public static let enabled = "ENABLED"
        public let status: String?
        public let minInstanceCount: Int?
        public let maxInstanceCount: Int?
        enum CodingKeys: String, CodingKey { case status = "Status", minInstanceCount = "MinInstanceCount", maxInstanceCount = "MaxInstanceCount" }
    }

    enum CodingKeys: String, CodingKey {
        case endpointName = "EndpointName", endpointArn = "EndpointArn", endpointStatus = "EndpointStatus",
             productionVariants = "ProductionVariants"
    }
}

/// An Application Auto Scaling scalable target (DescribeScalableTargets).
public struct ScalableTarget: Sendable, Equatable, Decodable {
    public let serviceNamespace: String?
    public let resourceId: String
    public let scalableDimension: String?
    public let minCapacity: Int?
    public let maxCapacity: Int?

    enum CodingKeys: String, CodingKey {
        case serviceNamespace = "ServiceNamespace", resourceId = "ResourceId", scalableDimension = "ScalableDimension",
             minCapacity = "MinCapacity", maxCapacity = "MaxCapacity"
    }

    /// `inference-component/NAME`: the resource id of an inference component.
    public static func resourceId(ofComponent name: String) -> String { "inference-component/\(name)" }
}

struct ListInferenceComponentsResponse: Decodable {
    let InferenceComponents: [InferenceComponentSummary]?
    let NextToken: String?
}

struct DescribeScalableTargetsResponse: Decodable {
    let ScalableTargets: [ScalableTarget]?
    let NextToken: String?
}

struct UpdateRuntimeConfigResponse: Decodable {
    let InferenceComponentArn: String?
}

/// A service that hosts models by the hour, as a rule file, a record and `--service` name it.
public enum ServiceKind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible, Comparable {
    /// Amazon Lookout for Vision: projects and numbered model versions (`3`).
    case lookoutVision = "lookoutvision"
    /// Amazon Rekognition Custom Labels: projects and named versions (`my-model.2026-01-15T10.22.04`).
    case rekognition
    /// Amazon SageMaker inference components: endpoints (the project) and their components (the
    /// version), scaled to zero copies outside their windows.
    case sagemaker

    /// The service a rule names none of, and old records without a `service` field.
    public static let `default` = ServiceKind.lookoutVision

    public var description: String { rawValue }

    /// The SigV4 signing name and endpoint prefix (`lookoutvision`): each service's is its rule-file name.
    public var signingName: String { rawValue }

    /// The service's name as the AWS environment and config keys spell it (`LOOKOUTVISION` in
    /// `AWS_ENDPOINT_URL_LOOKOUTVISION`).
    public var environmentName: String { rawValue.uppercased() }

    /// The name people read: `Lookout for Vision`, `Rekognition Custom Labels`.
    public var displayName: String {
        switch self {
        case .lookoutVision: return "Lookout for Vision"
        case .rekognition: return "Rekognition Custom Labels"
        case .sagemaker: return "SageMaker inference components"
        }
    }

    public static func < (a: ServiceKind, b: ServiceKind) -> Bool { a.rawValue < b.rawValue }
}

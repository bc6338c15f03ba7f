import AWSCore

/// Which model: enough for a service to act on it.
public struct ModelRef: Sendable, Equatable, Hashable {
    public let project: String
    public let version: String
    /// The model's ARN, when known (Rekognition acts by ARN; tags are read by ARN).
    public let arn: String?

    /// A reference.
    public init(project: String, version: String, arn: String? = nil) {
        self.project = project
        self.version = version
        self.arn = arn
    }
}

/// One model (a project's model version) as a service lists it.
public struct HostedModel: Sendable, Equatable {
    /// The project (Lookout for Vision project, Rekognition project).
    public let project: String
    /// The version within the project.
    public let version: String
    /// The model's ARN, when the service gave one (for its tags).
    public let arn: String?
    /// Its status now.
    public let status: ServiceStatus
    /// Inference units it is hosted with, when the service said.
    public let inferenceUnits: Int?
    /// SageMaker: the inference component's current copy count, when it was read.
    public var copies: Int? = nil

    /// The reference to act on it.
    public var ref: ModelRef { ModelRef(project: project, version: version, arn: arn) }

    /// A model.
    public init(project: String, version: String, arn: String? = nil, status: ServiceStatus, inferenceUnits: Int? = nil,
                copies: Int? = nil) {
        self.copies = copies
        self.project = project
        self.version = version
        self.arn = arn
        self.status = status
        self.inferenceUnits = inferenceUnits
    }
}

/// A service's answer with what the record of a stop or start keeps of it (its attempts, its
/// request id); the requests themselves are counted by the clients' `CallLedger`.
public struct ServiceAnswer<Value: Sendable>: Sendable {
    /// The answer.
    public let value: Value
    /// Attempts of the last request (retries included).
    public let attempts: Int
    /// The last response's request id (joins with CloudTrail).
    public let requestId: String?

    /// An answer.
    public init(value: Value, attempts: Int, requestId: String?) {
        self.value = value
        self.attempts = attempts
        self.requestId = requestId
    }

    /// A client's answer carried over with a new value (its attempts and request id kept).
    public init<T>(_ outcome: CallOutcome<T>, value: Value) {
        self.init(value: value, attempts: outcome.attempts, requestId: outcome.requestId)
    }
}

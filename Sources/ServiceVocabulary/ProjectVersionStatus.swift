/// A project version's status, as Rekognition reports it (`ProjectVersionStatus`).
/// Each case is the word as the service spells it; what it means for the bill (`hostingState`) is
/// the service client's, beside its other mappings.
public enum ProjectVersionStatus: String, Sendable, Codable, CaseIterable {
    case trainingInProgress = "TRAINING_IN_PROGRESS"
    case trainingCompleted = "TRAINING_COMPLETED"
    case trainingFailed = "TRAINING_FAILED"
    case starting = "STARTING"
    case running = "RUNNING"
    case failed = "FAILED"
    case stopping = "STOPPING"
    case stopped = "STOPPED"
    case deleting = "DELETING"
    case copyingInProgress = "COPYING_IN_PROGRESS"
    case copyingCompleted = "COPYING_COMPLETED"
    case copyingFailed = "COPYING_FAILED"
    case deprecated = "DEPRECATED"
    case expired = "EXPIRED"
}

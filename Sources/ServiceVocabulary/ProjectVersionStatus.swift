import AWSCore
import ModelHosting

/// A project version's status, as Rekognition reports it (`ProjectVersionStatus`).
public enum ProjectVersionStatus: String, Sendable, Codable, CaseIterable, StatusVocabulary {
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

    /// What the status means for the bill: `RUNNING` is hosted (billed per inference-unit hour);
    /// `STARTING` and `STOPPING` are transitional; `STOPPED` and `TRAINING_COMPLETED` are stopped
    /// (may be started); every other status is unavailable (never started).
    public var hostingState: HostingState {
        switch self {
        case .running: return .hosted
        case .starting, .stopping: return .transitional
        case .stopped, .trainingCompleted: return .stopped
        default: return .unavailable
        }
    }
}

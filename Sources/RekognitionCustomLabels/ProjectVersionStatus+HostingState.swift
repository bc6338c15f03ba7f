import AWSCore
import ModelHosting

extension ProjectVersionStatus: StatusVocabulary {
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

import AWSCore
import ModelHosting

/// A model's status, as Lookout for Vision reports it.
public enum ModelStatus: String, Sendable, Codable, CaseIterable, StatusVocabulary {
    case training = "TRAINING"
    case trained = "TRAINED"
    case trainingFailed = "TRAINING_FAILED"
    case startingHosting = "STARTING_HOSTING"
    case hosted = "HOSTED"
    case hostingFailed = "HOSTING_FAILED"
    case stoppingHosting = "STOPPING_HOSTING"
    case systemUpdating = "SYSTEM_UPDATING"
    case deleting = "DELETING"

    /// What the status means for the bill: `HOSTED` is hosted; `STARTING_HOSTING`,
    /// `STOPPING_HOSTING` and `SYSTEM_UPDATING` are transitional; `TRAINED` is stopped (may be
    /// started); everything else is unavailable (never started).
    public var hostingState: HostingState {
        switch self {
        case .hosted: return .hosted
        case .startingHosting, .stoppingHosting, .systemUpdating: return .transitional
        case .trained: return .stopped
        case .training, .trainingFailed, .hostingFailed, .deleting: return .unavailable
        }
    }
}

import AWSCore
import ModelHosting

extension ModelStatus: StatusVocabulary {
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

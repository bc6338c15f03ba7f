/// A model's status, as Lookout for Vision reports it.
/// Each case is the word as the service spells it; what it means for the bill (`hostingState`) is
/// the service client's, beside its other mappings.
public enum ModelStatus: String, Sendable, Codable, CaseIterable {
    case training = "TRAINING"
    case trained = "TRAINED"
    case trainingFailed = "TRAINING_FAILED"
    case startingHosting = "STARTING_HOSTING"
    case hosted = "HOSTED"
    case hostingFailed = "HOSTING_FAILED"
    case stoppingHosting = "STOPPING_HOSTING"
    case systemUpdating = "SYSTEM_UPDATING"
    case deleting = "DELETING"
}

/// An inference component's status, as SageMaker reports it (`InferenceComponentStatus`).
/// Each case is the word as the service spells it; what it means for the bill (`hostingState`) is
/// the service client's, beside its other mappings.
public enum InferenceComponentStatus: String, Sendable, Codable, CaseIterable {
    case inService = "InService"
    case creating = "Creating"
    case updating = "Updating"
    case failed = "Failed"
    case deleting = "Deleting"
}

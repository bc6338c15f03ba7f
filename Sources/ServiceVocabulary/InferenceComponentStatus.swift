/// An inference component's status, as SageMaker reports it (`InferenceComponentStatus`).
public enum InferenceComponentStatus: String, Sendable, Codable, CaseIterable {
    case inService = "InService"
    case creating = "Creating"
    case updating = "Updating"
    case failed = "Failed"
    case deleting = "Deleting"
}

/// The Rekognition Custom Labels operations this tool calls and its emulator answers, by their wire names.
public enum RekognitionOperation: String, ServiceOperation {
    /// The projects.
    case describeProjects = "DescribeProjects"
    /// A project's versions (and one version's description).
    case describeProjectVersions = "DescribeProjectVersions"
    /// Stops a running version.
    case stopProjectVersion = "StopProjectVersion"
    /// Starts a stopped version.
    case startProjectVersion = "StartProjectVersion"
    /// A version's tags.
    case listTagsForResource = "ListTagsForResource"
}

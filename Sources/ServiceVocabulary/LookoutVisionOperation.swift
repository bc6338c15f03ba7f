/// The Lookout for Vision operations this tool calls and its emulator answers, by their wire names.
public enum LookoutVisionOperation: String, ServiceOperation {
    /// `GET /2020-11-20/projects`.
    case listProjects = "ListProjects"
    /// `GET /2020-11-20/projects/{project}/models`.
    case listModels = "ListModels"
    /// `GET /2020-11-20/projects/{project}/models/{version}`.
    case describeModel = "DescribeModel"
    /// `POST /2020-11-20/projects/{project}/models/{version}/stop`.
    case stopModel = "StopModel"
    /// `POST /2020-11-20/projects/{project}/models/{version}/start`.
    case startModel = "StartModel"
    /// `GET /2020-11-20/tags/{arn}`.
    case listTagsForResource = "ListTagsForResource"
}

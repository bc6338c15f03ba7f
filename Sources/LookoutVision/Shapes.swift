import AWSCore

/// A project, from ListProjects.
public struct ProjectMetadata: Sendable, Equatable, Codable {
    public let projectName: String
    public let projectArn: String?
    public let creationTimestamp: Double?

    enum CodingKeys: String, CodingKey {
        case projectName = "ProjectName", projectArn = "ProjectArn", creationTimestamp = "CreationTimestamp"
    }

    public init(projectName: String, projectArn: String? = nil, creationTimestamp: Double? = nil) {
        self.projectName = projectName
        self.projectArn = projectArn
        self.creationTimestamp = creationTimestamp
    }
}

/// A model version, from ListModels (its status included).
public struct ModelMetadata: Sendable, Equatable, Codable {
    public let modelVersion: String
    public let modelArn: String?
    public let status: String?
    public let statusMessage: String?
    public let description: String?
    public let creationTimestamp: Double?

    enum CodingKeys: String, CodingKey {
        case modelVersion = "ModelVersion", modelArn = "ModelArn", status = "Status", statusMessage = "StatusMessage",
             description = "Description", creationTimestamp = "CreationTimestamp"
    }

    /// The status as a known value (nil for a status this tool does not know).
    public var knownStatus: ModelStatus? { status.flatMap(ModelStatus.init(rawValue:)) }
}

/// One model in detail, from DescribeModel.
public struct ModelDescription: Sendable, Equatable, Codable {
    public let modelVersion: String?
    public let modelArn: String?
    public let status: String?
    public let statusMessage: String?
    public let minInferenceUnits: Int?
    public let maxInferenceUnits: Int?

    enum CodingKeys: String, CodingKey {
        case modelVersion = "ModelVersion", modelArn = "ModelArn", status = "Status", statusMessage = "StatusMessage",
             minInferenceUnits = "MinInferenceUnits", maxInferenceUnits = "MaxInferenceUnits"
    }
}

/// A tag.
public struct Tag: Sendable, Equatable, Codable {
    public let key: String
    public let value: String
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

struct ListProjectsResponse: Decodable {
    let Projects: [ProjectMetadata]?
    let NextToken: String?
}

struct ListModelsResponse: Decodable {
    let Models: [ModelMetadata]?
    let NextToken: String?
}

struct DescribeModelResponse: Decodable {
    let ModelDescription: ModelDescription?
}

struct StatusResponse: Decodable {
    let Status: String?
}

struct ListTagsResponse: Decodable {
    let Tags: [Tag]?
}

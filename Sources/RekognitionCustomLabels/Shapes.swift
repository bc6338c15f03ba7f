import AWSCore

/// A project, from DescribeProjects. Rekognition names a project only in its ARN:
/// `arn:aws:rekognition:REGION:ACCOUNT:project/NAME/CREATED`.
public struct ProjectDescription: Sendable, Equatable, Codable {
    public let projectArn: String
    public let status: String?
    public let feature: String?
    public let creationTimestamp: Double?

    enum CodingKeys: String, CodingKey {
        case projectArn = "ProjectArn", status = "Status", feature = "Feature", creationTimestamp = "CreationTimestamp"
    }

    /// The project's name, from its ARN.
    public var projectName: String? { RekognitionARN.projectName(projectArn) }
}

/// A project version (a trained model), from DescribeProjectVersions.
public struct ProjectVersionDescription: Sendable, Equatable, Codable {
    public let projectVersionArn: String
    public let status: String?
    public let statusMessage: String?
    public let minInferenceUnits: Int?
    public let maxInferenceUnits: Int?
    public let creationTimestamp: Double?

    enum CodingKeys: String, CodingKey {
        case projectVersionArn = "ProjectVersionArn", status = "Status", statusMessage = "StatusMessage",
             minInferenceUnits = "MinInferenceUnits", maxInferenceUnits = "MaxInferenceUnits", creationTimestamp = "CreationTimestamp"
    }

    /// The version's name, from its ARN.
    public var versionName: String? { RekognitionARN.versionName(projectVersionArn) }
}

/// Names out of Rekognition ARNs.
public enum RekognitionARN {
    /// `NAME` of `...:project/NAME/CREATED` or `...:project/NAME/version/V/CREATED`.
    public static func projectName(_ arn: String) -> String? {
        let path = resource(arn)
        guard path.count >= 3, path[0] == "project" else { return nil }
        return path[1]
    }

    /// `V` of `...:project/NAME/version/V/CREATED`.
    public static func versionName(_ arn: String) -> String? {
        let path = resource(arn)
        guard path.count == 5, path[0] == "project", path[2] == "version" else { return nil }
        return path[3]
    }

    /// The resource path of an ARN, split at `/`.
    static func resource(_ arn: String) -> [String] {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == ServiceKind.rekognition.signingName else { return [] }
        return parts[5].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    }
}

struct DescribeProjectsResponse: Decodable {
    let ProjectDescriptions: [ProjectDescription]?
    let NextToken: String?
}

struct DescribeProjectVersionsResponse: Decodable {
    let ProjectVersionDescriptions: [ProjectVersionDescription]?
    let NextToken: String?
}

struct StatusResponse: Decodable {
    let Status: String?
}

struct ListTagsResponse: Decodable {
    let Tags: [String: String]?
}

import Foundation
import ServiceVocabulary
import Yams

/// The emulator's seed: projects, model versions, statuses, tags, optional faults. Read from
/// YAML (or JSON, which is YAML):
///
/// ```yaml
/// account: "123456789012"
/// region: eu-west-1                 # region of projects that name none
/// projects:
///   - name: pcb-inspection
///     region: eu-west-1
///     models:
///       - { version: 1, status: HOSTED, inference_units: 2, tags: { team: qa } }
///   - name: shelf-labels                # a Rekognition Custom Labels project
///     service: rekognition
///     models:
///       - { version: shelf-labels.2026-01-15T10.22.04, status: RUNNING, inference_units: 2 }
///   - name: llm                         # a SageMaker endpoint (scale-to-zero: min_instance_count 0)
///     service: sagemaker
///     min_instance_count: 0
///     models:
///       - { version: chat, status: InService, copies: 2, autoscaling_min: 0 }
/// faults:
///   - { operation: StopModel, project: pcb-inspection, version: "1", kind: throttle, times: 2, retry_after: 1 }
/// ```
public struct Fleet: Sendable, Codable, Equatable {
    /// The AWS account id used in ARNs.
    public var account: String
    /// The region of projects that name none.
    public var region: String
    /// The projects.
    public var projects: [Project]
    /// Faults to inject.
    public var faults: [FaultRule]
    /// IAM roles STS lets principals assume (`Fleet+Identity.swift`).
    public var roles: [Role] = []
    /// The web identity tokens `AssumeRoleWithWebIdentity` accepts.
    public var webIdentityTokens: [String] = []
    /// IAM Identity Center, if the fleet has it.
    public var sso: SSO?
    /// Other accounts (`Fleet+Accounts.swift`): their projects are seen only with credentials of
    /// a role in them; the top level is the home account, that of the configured keys.
    public var accounts: [Account] = []

    /// A project.
    public struct Project: Sendable, Codable, Equatable {
        public var name: String
        public var region: String?
        /// `lookoutvision` (the default) or `rekognition` (a Custom Labels project).
        public var service: String?
        /// Rekognition only: `CUSTOM_LABELS` (the default) or `CONTENT_MODERATION` (an adapter).
        public var feature: String?
        /// SageMaker only: the endpoint's variant (default `AllTraffic`), and its managed instance
        /// scaling's minimum (nil: managed instance scaling not enabled; 0: scale-to-zero).
        public var variant: String?
        public var minInstanceCount: Int?
        public var models: [Model]

        enum CodingKeys: String, CodingKey { case name, region, service, feature, variant, minInstanceCount = "min_instance_count", models }
        public init(name: String, region: String? = nil, service: String? = nil, feature: String? = nil, variant: String? = nil,
                    minInstanceCount: Int? = nil, models: [Model]) {
            self.variant = variant
            self.minInstanceCount = minInstanceCount
            self.name = name
            self.region = region
            self.service = service
            self.feature = feature
            self.models = models
        }

        /// True for a Rekognition Custom Labels (or adapter) project.
        public var isRekognition: Bool { service == ServiceKind.rekognition.rawValue }
        /// True for a SageMaker endpoint (its models are inference components).
        public var isSageMaker: Bool { service == ServiceKind.sagemaker.rawValue }
    }

    /// A model version.
    public struct Model: Sendable, Codable, Equatable {
        public var version: String
        public var status: String
        public var inferenceUnits: Int
        public var tags: [String: String]
        /// SageMaker only: the component's copy count, and its Application Auto Scaling minimum
        /// (nil: no scalable target).
        public var copies: Int?
        public var autoscalingMin: Int?

        enum CodingKeys: String, CodingKey { case version, status, inferenceUnits = "inference_units", tags, copies, autoscalingMin = "autoscaling_min" }

        public init(version: String, status: String, inferenceUnits: Int = 1, tags: [String: String] = [:], copies: Int? = nil,
                    autoscalingMin: Int? = nil) {
            self.copies = copies
            self.autoscalingMin = autoscalingMin
            self.version = version
            self.status = status
            self.inferenceUnits = inferenceUnits
            self.tags = tags
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            version = try c.decodeVersion(forKey: .version) ?? { throw DecodingError.keyNotFound(CodingKeys.version, .init(codingPath: c.codingPath, debugDescription: "a model needs a version")) }()
            status = try c.decode(String.self, forKey: .status)
            inferenceUnits = try c.decodeIfPresent(Int.self, forKey: .inferenceUnits) ?? 1
            tags = try c.decodeIfPresent([String: String].self, forKey: .tags) ?? [:]
            copies = try c.decodeIfPresent(Int.self, forKey: .copies)
            autoscalingMin = try c.decodeIfPresent(Int.self, forKey: .autoscalingMin)
        }
    }

    public init(account: String = "123456789012", region: String = "us-east-1", projects: [Project], faults: [FaultRule] = []) {
        self.account = account
        self.region = region
        self.projects = projects
        self.faults = faults
    }

    enum CodingKeys: String, CodingKey { case account, region, projects, faults, roles, webIdentityTokens = "web_identity_tokens", sso, accounts }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        account = try c.decodeIfPresent(String.self, forKey: .account) ?? "123456789012"
        region = try c.decodeIfPresent(String.self, forKey: .region) ?? "us-east-1"
        projects = try c.decodeIfPresent([Project].self, forKey: .projects) ?? []
        faults = try c.decodeIfPresent([FaultRule].self, forKey: .faults) ?? []
        roles = try c.decodeIfPresent([Role].self, forKey: .roles) ?? []
        webIdentityTokens = try c.decodeIfPresent([String].self, forKey: .webIdentityTokens) ?? []
        sso = try c.decodeIfPresent(SSO.self, forKey: .sso)
        accounts = try c.decodeIfPresent([Account].self, forKey: .accounts) ?? []
        for a in accounts {
            guard a.id.count == 12, a.id.allSatisfy(\.isNumber) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.accounts], debugDescription: "account id '\(a.id)' is not 12 digits"))
            }
            for r in a.roles where r.account != a.id {
                throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.accounts],
                                                        debugDescription: "role \(r.arn) is listed under account \(a.id) but its ARN names account \(r.account)"))
            }
        }
    }

    /// Every project with the account and region it is in: the home account's, then each account's.
    public var placedProjects: [(account: String, region: String, project: Project)] {
        projects.map { (account, $0.region ?? region, $0) }
            + accounts.flatMap { a in a.projects.map { (a.id, $0.region ?? a.region ?? region, $0) } }
    }

    /// Every role: the top level's and each account's.
    public var allRoles: [Role] { roles + accounts.flatMap(\.roles) }

    /// Reads a fleet file.
    public static func load(path: String) throws -> Fleet {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try YAMLDecoder().decode(Fleet.self, from: text)
    }
}

extension KeyedDecodingContainer {
    /// A model version written as a number (`version: 3`) or a string (`version: "3"`).
    func decodeVersion(forKey key: Key) throws -> String? {
        if let n = try? decode(Int.self, forKey: key) { return String(n) }
        return try decodeIfPresent(String.self, forKey: key)
    }
}

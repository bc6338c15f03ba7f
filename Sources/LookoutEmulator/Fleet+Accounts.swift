import Foundation

/// Accounts of a multi-account fleet: each with its id, its roles (who may assume them), and its
/// projects and their regions. Credentials an emulated STS issues for a role act in the role's
/// account, and see that account's projects only; the configured keys act in the top-level
/// (home) account.
///
/// ```yaml
/// account: "111111111111"               # home: the configured keys' account
/// accounts:
///   - id: "222222222222"
///     name: prod-eu                     # for people; the id is what scopes
///     region: eu-west-1                 # region of its projects that name none
///     roles:
///       - arn: arn:aws:iam::222222222222:role/lookout-scheduler
///         trust: [AKIDEMULATOR]         # key ids or role ARNs allowed to assume it
///         external_id: ext-prod-eu      # optional
///     projects:
///       - { name: pcb-inspection, models: [ { version: 1, status: HOSTED } ] }
/// ```
extension Fleet {
    /// One account beside the home account.
    public struct Account: Sendable, Codable, Equatable {
        /// The 12-digit account id (in ARNs, and what credentials are scoped to).
        public var id: String
        /// A name, for people.
        public var name: String?
        /// The region of its projects that name none (default: the fleet's).
        public var region: String?
        /// Roles in the account, and who may assume them (as `roles:` at the top level).
        public var roles: [Role]
        /// Its projects.
        public var projects: [Project]

        enum CodingKeys: String, CodingKey { case id, name, region, roles, projects }

        public init(id: String, name: String? = nil, region: String? = nil, roles: [Role] = [], projects: [Project] = []) {
            self.id = id
            self.name = name
            self.region = region
            self.roles = roles
            self.projects = projects
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let n = try? c.decode(Int.self, forKey: .id) { id = String(n) } else { id = try c.decode(String.self, forKey: .id) }
            name = try c.decodeIfPresent(String.self, forKey: .name)
            region = try c.decodeIfPresent(String.self, forKey: .region)
            roles = try c.decodeIfPresent([Role].self, forKey: .roles) ?? []
            projects = try c.decodeIfPresent([Project].self, forKey: .projects) ?? []
        }
    }
}

import Foundation

/// The identity part of a fleet file: IAM roles that STS lets principals assume, the web identity
/// tokens it accepts, and IAM Identity Center (SSO) tokens and role assignments:
///
/// ```yaml
/// roles:
///   - arn: arn:aws:iam::123456789012:role/scheduler
///     trust: [AKIDEMULATOR, "arn:aws:iam::123456789012:role/hop", web-identity]
///     external_id: ext-123                  # optional: AssumeRole must send it
///     max_session_seconds: 3600             # optional (default 3600)
/// web_identity_tokens: [eyJ...token-a]      # what AssumeRoleWithWebIdentity accepts
/// sso:
///   access_tokens: [sso-access-token]       # bearer tokens the portal accepts
///   refresh_grants: [{ client_id: c1, client_secret: s1, refresh_token: r1 }]
///   roles: [{ account_id: "123456789012", role_name: SchedulerAccess }]
/// ```
///
/// Roles are keyed by ARN, which carries its account id, so one table holds the roles of several accounts.
extension Fleet {
    /// An IAM role, and who may assume it.
    public struct Role: Sendable, Codable, Equatable {
        /// `arn:aws:iam::ACCOUNT:role/NAME`.
        public var arn: String
        /// Who may assume it: access key ids, role ARNs (credentials issued for that role: a
        /// chain), `web-identity` (any accepted web identity token).
        public var trust: [String]
        /// The external id the trust policy requires, if any.
        public var externalId: String?
        /// The longest session (default 3600, as IAM's default `MaxSessionDuration`).
        public var maxSessionSeconds: Int

        enum CodingKeys: String, CodingKey { case arn, trust, externalId = "external_id", maxSessionSeconds = "max_session_seconds" }

        public init(arn: String, trust: [String], externalId: String? = nil, maxSessionSeconds: Int = 3600) {
            self.arn = arn
            self.trust = trust
            self.externalId = externalId
            self.maxSessionSeconds = maxSessionSeconds
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            arn = try c.decode(String.self, forKey: .arn)
            trust = try c.decodeIfPresent([String].self, forKey: .trust) ?? []
            externalId = try c.decodeIfPresent(String.self, forKey: .externalId)
            maxSessionSeconds = try c.decodeIfPresent(Int.self, forKey: .maxSessionSeconds) ?? 3600
        }

        /// The account id in the ARN.
        public var account: String {
            let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
            return parts.count > 4 ? String(parts[4]) : ""
        }

        /// The role's name (after `role/`, path dropped).
        public var name: String { arn.split(separator: "/").last.map(String.init) ?? arn }
    }

    /// IAM Identity Center: tokens and assignments.
    public struct SSO: Sendable, Codable, Equatable {
        /// Bearer tokens `GetRoleCredentials` accepts.
        public var accessTokens: [String]
        /// Refresh grants `CreateToken` accepts.
        public var refreshGrants: [RefreshGrant]
        /// The (account, permission set) pairs the tokens may get credentials for.
        public var roles: [Assignment]
        /// Seconds a token made by `CreateToken` lasts (default 3600).
        public var tokenSeconds: Int

        enum CodingKeys: String, CodingKey {
            case accessTokens = "access_tokens", refreshGrants = "refresh_grants", roles, tokenSeconds = "token_seconds"
        }

        public init(accessTokens: [String] = [], refreshGrants: [RefreshGrant] = [], roles: [Assignment] = [], tokenSeconds: Int = 3600) {
            self.accessTokens = accessTokens
            self.refreshGrants = refreshGrants
            self.roles = roles
            self.tokenSeconds = tokenSeconds
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            accessTokens = try c.decodeIfPresent([String].self, forKey: .accessTokens) ?? []
            refreshGrants = try c.decodeIfPresent([RefreshGrant].self, forKey: .refreshGrants) ?? []
            roles = try c.decodeIfPresent([Assignment].self, forKey: .roles) ?? []
            tokenSeconds = try c.decodeIfPresent(Int.self, forKey: .tokenSeconds) ?? 3600
        }

        /// A registered client's refresh token.
        public struct RefreshGrant: Sendable, Codable, Equatable {
            public var clientId: String
            public var clientSecret: String
            public var refreshToken: String
            enum CodingKeys: String, CodingKey { case clientId = "client_id", clientSecret = "client_secret", refreshToken = "refresh_token" }
            public init(clientId: String, clientSecret: String, refreshToken: String) {
                self.clientId = clientId
                self.clientSecret = clientSecret
                self.refreshToken = refreshToken
            }
        }

        /// An account and role name (permission set) the SSO user is assigned.
        public struct Assignment: Sendable, Codable, Equatable {
            public var accountId: String
            public var roleName: String
            enum CodingKeys: String, CodingKey { case accountId = "account_id", roleName = "role_name" }
            public init(accountId: String, roleName: String) {
                self.accountId = accountId
                self.roleName = roleName
            }
        }
    }
}

import Foundation

/// What the emulator's STS and IAM Identity Center know: roles, accepted tokens, and the
/// temporary credentials they issued (accepted by every operation until they expire).
struct IdentityState: Sendable {
    /// Roles by ARN (ARNs carry their account, so several accounts fit).
    var roles: [String: Fleet.Role] = [:]
    var webIdentityTokens: Set<String> = []
    var ssoAccessTokens: Set<String> = []
    /// Refresh grants by refresh token.
    var refreshGrants: [String: Fleet.SSO.RefreshGrant] = [:]
    /// `ACCOUNT/ROLE_NAME` pairs the SSO user may get credentials for.
    var ssoAssignments: Set<String> = []
    var ssoTokenSeconds = 3600
    /// Temporary credentials issued, by access key id.
    var issued: [String: IssuedCredential] = [:]

    init() {}

    init(fleet: Fleet) {
        for r in fleet.allRoles { roles[r.arn] = r }
        webIdentityTokens = Set(fleet.webIdentityTokens)
        if let sso = fleet.sso {
            ssoAccessTokens = Set(sso.accessTokens)
            for g in sso.refreshGrants { refreshGrants[g.refreshToken] = g }
            ssoAssignments = Set(sso.roles.map { "\($0.accountId)/\($0.roleName)" })
            ssoTokenSeconds = sso.tokenSeconds
        }
    }
}

/// Temporary credentials the emulator issued. Throwaway secrets: tests read them (in process, or
/// from `GET /_emulator/credentials`) to check that no output repeats them.
public struct IssuedCredential: Sendable, Equatable, Codable {
    public let accessKeyId: String
    public let secretAccessKey: String
    public let sessionToken: String
    /// The role they are for.
    public let roleArn: String
    /// `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`.
    public let assumedRoleArn: String
    /// Seconds since the epoch.
    public let expiration: Double
}

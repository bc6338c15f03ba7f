import Foundation
import SigV4

/// Role credentials from IAM Identity Center: the cached SSO access token (`SSOTokenProvider`)
/// exchanged at the portal's `GetRoleCredentials` for `sso_account_id` and `sso_role_name`.
/// Cached until five minutes before they expire; one refresh shared by concurrent callers.
public struct SSOCredentialProvider: CredentialProvider {
    public let accountId: String
    public let roleName: String
    public let token: SSOTokenProvider
    let portal: SSOPortalClient
    let cache: ExpiringValue<Credentials>

    public var name: String { "SSO \(accountId)/\(roleName)" }

    public init(accountId: String, roleName: String, token: SSOTokenProvider, portal: SSOPortalClient, refreshMargin: Double = 300,
                now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.accountId = accountId
        self.roleName = roleName
        self.token = token
        self.portal = portal
        self.cache = ExpiringValue(refreshMargin: refreshMargin, now: now)
    }

    public func credentials() async throws -> Credentials? {
        let (accountId, roleName, token, portal) = (self.accountId, self.roleName, self.token, self.portal)
        return try await cache.value {
            let access = try await token.accessToken()
            do throws(AWSError) {
                let c = try await portal.getRoleCredentials(accountId: accountId, roleName: roleName, accessToken: access.token)
                return (c, c.expiration)
            } catch {
                if error.code == .unauthorized {
                    throw CredentialError("the SSO portal rejected the cached token for role \(roleName) in account \(accountId) (\(error)); run `\(token.loginCommand)`")
                }
                throw CredentialError("cannot get SSO role credentials for role \(roleName) in account \(accountId): \(error)")
            }
        }
    }
}

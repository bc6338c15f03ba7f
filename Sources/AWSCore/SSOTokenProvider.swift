import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Rendering

/// The access token of an IAM Identity Center session, as `aws sso login` cached it. For an
/// `sso_session` configuration, a token that expires within 15 minutes is refreshed with SSO OIDC
/// `CreateToken` when the cache holds a refresh token and a client registration that has not
/// expired, and the cache file is written back (botocore's `SSOTokenProvider`). A legacy
/// configuration (`sso_start_url` in the profile) is never refreshed, as in botocore.
public struct SSOTokenProvider: Sendable {
    /// The `sso_session` name, nil for a legacy profile.
    public let sessionName: String?
    /// `sso_start_url`.
    public let startURL: String
    /// `sso_region`.
    public let region: String
    /// The cache file.
    public let cacheFile: String
    /// What the user runs to log in again: `aws sso login --sso-session corp`.
    public let loginCommand: String
    let oidc: SSOOIDCClient
    let now: @Sendable () -> Double

    /// botocore's `_REFRESH_WINDOW`.
    public static let refreshWindow: Double = 15 * 60

    /// The longest lifetime written to the cache for a refreshed token: 90 days, IAM Identity
    /// Center's longest session.
    public static let maximumTokenLifetime: Double = 90 * 86_400

    /// The cache's token when another run has replaced `token` with one that has not expired.
    static func fresher(than token: String, in entry: SSOTokenCache.Entry?, now: Double) -> (token: String, expiration: Double)? {
        guard let entry, let t = entry.accessToken, t != token, let e = entry.expiresAt, e > now else { return nil }
        return (t, min(e, now + maximumTokenLifetime))
    }

    public init(sessionName: String?, startURL: String, region: String, profile: String, cacheDirectory: String,
                oidc: SSOOIDCClient, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.sessionName = sessionName
        self.startURL = startURL
        self.region = region
        self.cacheFile = cacheDirectory + "/" + SSOTokenCache.fileName(sessionName: sessionName, startURL: startURL)
        self.loginCommand = sessionName.map { "aws sso login --sso-session \($0)" } ?? "aws sso login --profile \(profile)"
        self.oidc = oidc
        self.now = now
    }

    /// A valid access token and when it expires, refreshed if need be; or an error that says
    /// which command to run. Never mentions a token's value.
    public func accessToken() async throws(CredentialError) -> (token: String, expiration: Double) {
        let what = sessionName.map { "sso-session '\($0)'" } ?? "start URL \(startURL)"
        guard let entry = SSOTokenCache.read(cacheFile), let token = entry.accessToken, let expiration = entry.expiresAt else {
            throw CredentialError("no valid cached SSO token for \(what) (\(cacheFile)); run `\(loginCommand)`")
        }
        let remaining = expiration - now()
        var refreshFailure: String?
        if remaining < SSOTokenProvider.refreshWindow, sessionName != nil {
            // One refresh at a time across runs: under the lock, a token another run refreshed
            // meanwhile is used as it is.
            let lock = await SSOTokenCache.lock(cacheFile)
            defer { if let lock { close(lock) } }
            let current = SSOTokenCache.read(cacheFile) ?? entry
            if let fresher = SSOTokenProvider.fresher(than: token, in: current, now: now()),
               fresher.expiration - now() >= SSOTokenProvider.refreshWindow {
                return fresher
            }
            do {
                if let refreshed = try await refresh(current) { return refreshed }
            } catch {
                // Another run refreshing the same token at the same moment may have won (and the
                // service rotated the refresh token this one sent): its fresh token is in the cache.
                if let fresher = SSOTokenProvider.fresher(than: token, in: SSOTokenCache.read(cacheFile), now: now()) { return fresher }
                refreshFailure = error.description
            }
        }
        guard remaining > 0 else {
            let why = refreshFailure.map { "; refreshing it failed: \($0)" } ?? ""
            throw CredentialError("the cached SSO token for \(what) has expired\(why); run `\(loginCommand)`")
        }
        return (token, expiration)
    }

    /// The refreshed token written back to the cache, or nil when the cache cannot be refreshed
    /// (no refresh token, no client registration, or an expired one).
    func refresh(_ entry: SSOTokenCache.Entry) async throws(CredentialError) -> (token: String, expiration: Double)? {
        guard let refreshToken = entry.refreshToken, let clientId = entry.clientId, let clientSecret = entry.clientSecret,
              let registrationExpiry = entry.registrationExpiresAt, registrationExpiry > now() else { return nil }
        let fresh: SSOOIDCClient.Token
        do {
            fresh = try await oidc.refresh(clientId: clientId, clientSecret: clientSecret, refreshToken: refreshToken)
        } catch {
            throw CredentialError("\(error)")
        }
        // An answer's lifetime is bounded before it reaches the shared cache: a token that claims
        // to live longer than the service's longest session is cut to it.
        guard fresh.expiresIn.isFinite, fresh.expiresIn > 0 else {
            throw CredentialError("SSO OIDC answered CreateToken with an expiresIn that is not a positive number of seconds")
        }
        guard Printable.isClean(fresh.accessToken), Printable.isClean(fresh.refreshToken ?? "") else {
            throw CredentialError("SSO OIDC answered CreateToken with a token holding a line break or control character; refusing to use it")
        }
        let expiration = now() + min(fresh.expiresIn, SSOTokenProvider.maximumTokenLifetime)
        var updated = entry
        updated.fields["startUrl"] = .string(startURL)
        updated.fields["region"] = .string(region)
        updated.fields["accessToken"] = .string(fresh.accessToken)
        updated.fields["expiresAt"] = .string(SSOTokenCache.timestamp(expiration))
        if let rotated = fresh.refreshToken { updated.fields["refreshToken"] = .string(rotated) }
        try SSOTokenCache.write(updated, to: cacheFile)
        return (fresh.accessToken, expiration)
    }
}

import FileSafety
import Foundation
import SigV4

/// A role assumed with a web identity token (EKS IRSA, GitHub Actions OIDC): STS
/// `AssumeRoleWithWebIdentity`, unsigned, with the token read from its file again at every
/// refresh (the kubelet rotates it). Cached until five minutes before expiry; one refresh shared.
public struct WebIdentityCredentialProvider: CredentialProvider {
    /// The role.
    public let roleArn: String
    /// The session name (`AWS_ROLE_SESSION_NAME`, `role_session_name`, else `lookout-scheduler`).
    public let roleSessionName: String
    /// The token file.
    public let tokenFile: String
    /// Where the settings came from, for messages (`AWS_WEB_IDENTITY_TOKEN_FILE`, `profile ci`).
    public let origin: String
    let durationSeconds: Int?
    let sts: STSClient
    let cache: ExpiringValue<Credentials>

    public var name: String { "web identity (\(origin))" }

    /// A provider of `roleArn` for the token in `tokenFile`.
    public init(roleArn: String, roleSessionName: String = STSClient.defaultSessionName, tokenFile: String, durationSeconds: Int? = nil,
                origin: String, sts: STSClient, refreshMargin: Double = 300,
                now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.roleArn = roleArn
        self.roleSessionName = roleSessionName
        self.tokenFile = tokenFile
        self.durationSeconds = durationSeconds
        self.origin = origin
        self.sts = sts
        self.cache = ExpiringValue(refreshMargin: refreshMargin, now: now)
    }

    /// The provider `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and `AWS_ROLE_SESSION_NAME` describe;
    /// nil when `AWS_WEB_IDENTITY_TOKEN_FILE` is not set. A token file without `AWS_ROLE_ARN` is an
    /// error (reported when credentials are asked for), as in the SDKs.
    public static func fromEnvironment(_ environment: [String: String], sts: STSClient) -> (any CredentialProvider)? {
        guard let file = environment["AWS_WEB_IDENTITY_TOKEN_FILE"], !file.isEmpty else { return nil }
        guard let role = environment["AWS_ROLE_ARN"], !role.isEmpty else {
            return FailingCredentialProvider(name: "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)", error: CredentialError(
                "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not: set the ARN of the role to assume"))
        }
        let session = environment["AWS_ROLE_SESSION_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? STSClient.defaultSessionName
        return WebIdentityCredentialProvider(roleArn: role, roleSessionName: session, tokenFile: file,
                                             origin: "AWS_WEB_IDENTITY_TOKEN_FILE", sts: sts)
    }

    public func credentials() async throws -> Credentials? {
        let (roleArn, session, file, duration, sts) = (self.roleArn, roleSessionName, tokenFile, durationSeconds, self.sts)
        return try await cache.value {
            // Read at every refresh: the token is short-lived and rotated in place.
            // A regular file of at most 64 KiB (a FIFO is refused, never waited on).
            let data: [UInt8]
            do {
                data = try SafeFile.read(file, what: "the web identity token file", maximumSize: SafeFile.Limit.webIdentityToken)
            } catch {
                throw CredentialError("\(error)")
            }
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else { throw CredentialError("the web identity token file \(file) is empty") }
            do {
                let assumed = try await sts.assumeRoleWithWebIdentity(roleArn: roleArn, roleSessionName: session,
                                                                      webIdentityToken: token, durationSeconds: duration)
                return (assumed.credentials, assumed.credentials.expiration)
            } catch {
                // The service's message never repeats the token.
                throw CredentialError("cannot assume role \(roleArn) with the web identity token of \(file): \(error)")
            }
        }
    }

    /// Refreshes started (tests).
    public var refreshes: Int { get async { await cache.refreshes } }
}

/// A source that is configured wrongly: asking it for credentials fails with its error.
struct FailingCredentialProvider: CredentialProvider {
    let name: String
    let error: CredentialError
    func credentials() async throws -> Credentials? { throw error }
}

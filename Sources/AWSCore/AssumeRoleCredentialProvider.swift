import Foundation
import SigV4

/// A role's temporary credentials, assumed with STS `AssumeRole` from another provider's
/// credentials (a profile's `source_profile` or `credential_source`; later, one per account).
/// Cached until five minutes before they expire; concurrent callers share one `AssumeRole`.
public struct AssumeRoleCredentialProvider: CredentialProvider {
    /// The request sent at each refresh.
    public let request: STSClient.AssumeRoleRequest
    let source: any CredentialProvider
    let sts: STSClient
    let cache: ExpiringValue<Credentials>

    public var name: String { "assume role \(request.roleArn)" }

    /// A provider of `request`'s role, from `source`'s credentials, through `sts`.
    public init(request: STSClient.AssumeRoleRequest, source: any CredentialProvider, sts: STSClient,
                refreshMargin: Double = 300, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.request = request
        self.source = source
        self.sts = sts
        self.cache = ExpiringValue(refreshMargin: refreshMargin, now: now)
    }

    public func credentials() async throws -> Credentials? {
        let (request, source, sts) = (self.request, self.source, self.sts)
        return try await cache.value {
            // Asked first, so that a source without credentials says so in its own words.
            guard let sourceCredentials = try await source.credentials() else {
                throw CredentialError("cannot assume role \(request.roleArn): its source (\(source.name)) has no credentials")
            }
            do {
                let assumed = try await sts.assumeRole(request, credentials: StaticCredentialProvider(sourceCredentials))
                return (assumed.credentials, assumed.credentials.expiration)
            } catch {
                throw CredentialError("cannot assume role \(request.roleArn): \(error)", underlying: error as? AWSError)
            }
        }
    }

    /// Refreshes started (tests).
    public var refreshes: Int { get async { await cache.refreshes } }
}

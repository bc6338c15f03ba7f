import Foundation
import Rendering
import SigV4

/// The default chain that AWS CLI users expect: environment keys, then web identity from the
/// environment (`AWS_WEB_IDENTITY_TOKEN_FILE`), then the shared files' profile (static keys,
/// `credential_process`, role assumption, SSO), then container credentials, then EC2 instance
/// metadata (the order of the AWS SDK for Java 2.x's default chain).
/// The first source that has credentials answers; they are cached until shortly before they
/// expire. When none has any, the error names every source that was tried. Credentials holding a
/// line break (CR, LF, NUL) are refused, whichever source answered them: they would end the
/// header they are sent in.
public actor CredentialChain: CredentialProvider {
    public nonisolated let name = "default chain"
    let providers: [any CredentialProvider]
    /// The credentials, refreshed shortly before they expire; one refresh shared by concurrent callers.
    private let cache: ExpiringValue<Credentials>
    /// Which provider answered last (for `--debug`-style messages).
    public private(set) var lastSource: String?

    /// A chain over `providers`, in order; credentials are refreshed `refreshMargin` seconds before they expire.
    public init(providers: [any CredentialProvider], refreshMargin: Double = 300,
                now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.providers = providers
        self.cache = ExpiringValue(refreshMargin: refreshMargin, now: now)
    }

    /// The standard chain for an environment and an optional explicit profile (`--profile`).
    /// `files` are the shared config files already read, if any (read here otherwise).
    public static func standard(environment: [String: String], profile: String? = nil, files: SharedConfigFiles? = nil,
                                transport: any HTTPTransport) -> CredentialChain {
        let files = files ?? SharedConfigFiles(environment: environment)
        let chosen = profile ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        var providers: [any CredentialProvider] = []
        // `--profile` overrides the environment keys and the environment's web identity, as in the
        // AWS CLI; `AWS_PROFILE` does not: botocore removes its environment provider only for a
        // profile given to the session (the CLI's `--profile`), so keys in the environment win
        // over `AWS_PROFILE`.
        if profile == nil {
            providers.append(EnvironmentCredentialProvider(environment: environment))
            let sts = STSClient(environment: environment, files: files, profile: nil, transport: transport)
            if let webIdentity = WebIdentityCredentialProvider.fromEnvironment(environment, sts: sts) { providers.append(webIdentity) }
        }
        providers.append(ProfileCredentialProvider(files: files, profile: chosen ?? "default", explicit: chosen != nil,
                                                   environment: environment, transport: transport))
        providers.append(ContainerCredentialProvider(environment: environment, transport: transport))
        providers.append(InstanceMetadataCredentialProvider(environment: environment, transport: transport))
        return CredentialChain(providers: providers)
    }

    /// The credentials: cached ones while they are fresh; otherwise one refresh, shared by every
    /// caller that asks while it runs (single-flight), so concurrent calls never each re-run the chain.
    public func credentials() async throws -> Credentials? {
        let providers = self.providers
        return try await cache.value { [weak self] in
            let (c, source) = try await CredentialChain.firstAnswer(from: providers)
            await self?.answered(by: source)
            return (c, c.expiration)
        }
    }

    private func answered(by source: String) { lastSource = source }

    /// Refreshes started, for tests of the single flight.
    public var refreshes: Int { get async { await cache.refreshes } }

    /// The first provider's credentials, in order, with its name.
    static func firstAnswer(from providers: [any CredentialProvider]) async throws -> (Credentials, String) {
        var tried: [String] = []
        for p in providers {
            tried.append(p.name)
            if let c = try await p.credentials() {
                guard Credentials.isSaneAccessKeyId(c.accessKeyId) else {
                    throw CredentialError("the access key id from \(p.name) is not an access key id (\(c.accessKeyId.utf8.count) bytes; 4 to 128 ASCII letters, digits and _ expected); it is not repeated here, in case a secret was put in its place")
                }
                for (field, value) in [("secret access key", c.secretAccessKey), ("session token", c.sessionToken ?? "")]
                where !Printable.isClean(value) {
                    throw CredentialError("the \(field) from \(p.name) holds a line break or control character; refusing to use it")
                }
                return (c, p.name)
            }
        }
        throw CredentialError("no AWS credentials found; tried: \(tried.joined(separator: ", ")). Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run where a container or instance role provides them")
    }

    /// The credentials, or an error when no source has any.
    public func resolve() async throws -> Credentials {
        guard let c = try await credentials() else { throw CredentialError("no AWS credentials found") }
        return c
    }
}

/// Fixed credentials (tests, the emulator demo, a profile's static keys).
public struct StaticCredentialProvider: CredentialProvider {
    let value: Credentials
    public let name: String
    public init(_ value: Credentials, name: String = "static") {
        self.value = value
        self.name = name
    }
    public func credentials() async throws -> Credentials? { value }
}

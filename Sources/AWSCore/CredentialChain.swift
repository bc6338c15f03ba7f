import Foundation
import SigV4

/// The default chain that AWS CLI users expect: environment, then the shared files' profile
/// (static keys or `credential_process`), then container credentials, then EC2 instance metadata.
/// The first source that has credentials answers; they are cached until shortly before they
/// expire. When none has any, the error names every source that was tried.
public actor CredentialChain: CredentialProvider {
    public nonisolated let name = "default chain"
    let providers: [any CredentialProvider]
    /// Refresh this many seconds before expiry.
    let refreshMargin: Double
    let now: @Sendable () -> Double
    private var cached: Credentials?
    /// The refresh in flight, awaited by every caller that asks meanwhile.
    private var refreshing: Task<(Credentials, String), any Error>?
    /// Which provider answered last (for `--debug`-style messages).
    public private(set) var lastSource: String?

    /// A chain over `providers`, in order.
    public init(providers: [any CredentialProvider], refreshMargin: Double = 300,
                now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.providers = providers
        self.refreshMargin = refreshMargin
        self.now = now
    }

    /// The standard chain for an environment and an optional explicit profile (`--profile`).
    /// `files` are the shared config files already read, if any (read here otherwise).
    public static func standard(environment: [String: String], profile: String? = nil, files: SharedConfigFiles? = nil,
                                transport: any HTTPTransport) -> CredentialChain {
        let files = files ?? SharedConfigFiles(environment: environment)
        let chosen = profile ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        var providers: [any CredentialProvider] = []
        // An explicit profile overrides the environment keys, as in the AWS CLI.
        if chosen == nil { providers.append(EnvironmentCredentialProvider(environment: environment)) }
        providers.append(ProfileCredentialProvider(files: files, profile: chosen ?? "default", explicit: chosen != nil))
        providers.append(ContainerCredentialProvider(environment: environment, transport: transport))
        providers.append(InstanceMetadataCredentialProvider(environment: environment, transport: transport))
        return CredentialChain(providers: providers)
    }

    /// The credentials: cached ones while they are fresh; otherwise one refresh, shared by every
    /// caller that asks while it runs (single-flight), so concurrent calls never each re-run the chain.
    public func credentials() async throws -> Credentials? {
        if let c = cached, c.expiration.map({ $0 - refreshMargin > now() }) ?? true { return c }
        if let refreshing { return try await refreshing.value.0 }
        let providers = self.providers
        let task = Task { try await CredentialChain.firstAnswer(from: providers) }
        refreshing = task
        defer { refreshing = nil }
        let (c, source) = try await task.value
        cached = c
        lastSource = source
        return c
    }

    /// The first provider's credentials, in order, with its name.
    static func firstAnswer(from providers: [any CredentialProvider]) async throws -> (Credentials, String) {
        var tried: [String] = []
        for p in providers {
            tried.append(p.name)
            if let c = try await p.credentials() { return (c, p.name) }
        }
        throw CredentialError("no AWS credentials found; tried: \(tried.joined(separator: ", ")). Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run where a container or instance role provides them")
    }

    /// The credentials, or an error when no source has any.
    public func resolve() async throws -> Credentials {
        guard let c = try await credentials() else { throw CredentialError("no AWS credentials found") }
        return c
    }
}

/// Fixed credentials (tests, the emulator demo).
public struct StaticCredentialProvider: CredentialProvider {
    let value: Credentials
    public let name = "static"
    public init(_ value: Credentials) { self.value = value }
    public func credentials() async throws -> Credentials? { value }
}

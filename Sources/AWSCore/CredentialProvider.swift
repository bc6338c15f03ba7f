import Rendering
import SigV4

/// A source of credentials. Providers are small and tried in order by `CredentialChain`.
public protocol CredentialProvider: Sendable {
    /// Short name for messages: `environment`, `profile default`, `container`, ...
    var name: String { get }
    /// The credentials, or nil when this source has none (so the chain tries the next one).
    /// Throws when the source is configured but fails (a broken `credential_process`).
    func credentials() async throws -> Credentials?
}

/// Why no credentials could be had.
public struct CredentialError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, never containing a secret.
    public let message: String
    /// The service's error behind it, when a call failed (STS `AccessDenied`).
    public let underlying: AWSError?
    /// An error; its message through the one sanitizer (a source's answer or a path may be in it).
    public init(_ message: String, underlying: AWSError? = nil) {
        self.message = Printable.line(message)
        self.underlying = underlying
    }
    public var description: String { message }
}

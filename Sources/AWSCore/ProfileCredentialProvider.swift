import Foundation
import SigV4

/// Credentials from a profile of the shared files: static keys (`aws_access_key_id`,
/// `aws_secret_access_key`, `aws_session_token`), `credential_process`, role assumption
/// (`role_arn` with `source_profile`, `credential_source` or `web_identity_token_file`) or IAM
/// Identity Center (`sso_session`, `sso_start_url`). `ProfileCredentialResolver` reads the profile
/// once, here; the provider it builds (and its cache of temporary credentials) lives as long as this.
public struct ProfileCredentialProvider: CredentialProvider {
    let files: SharedConfigFiles
    let profile: String
    /// Whether the profile was chosen explicitly (`--profile`, `AWS_PROFILE`): then a missing
    /// profile is an error rather than "not here".
    let explicit: Bool
    /// What the profile resolves to (nil: no credential settings), or why it cannot be used.
    let resolved: Result<(any CredentialProvider)?, CredentialError>

    public var name: String { "profile \(profile)" }

    /// A provider for `profile`. `environment` and `transport` serve the sources that need them
    /// (STS and SSO endpoints, `credential_source`); without a transport those sources fail.
    public init(files: SharedConfigFiles, profile: String, explicit: Bool, environment: [String: String] = [:],
                transport: (any HTTPTransport)? = nil) {
        self.files = files
        self.profile = profile
        self.explicit = explicit
        let resolver = ProfileCredentialResolver(files: files, environment: environment, transport: transport, selected: profile)
        do {
            resolved = .success(try resolver.provider(for: profile))
        } catch {
            resolved = .failure(error)
        }
    }

    public func credentials() async throws -> Credentials? {
        guard files.profile(profile) != nil else {
            if explicit { throw CredentialError("the profile '\(profile)' is not defined in the shared config or credentials files") }
            return nil
        }
        return try await resolved.get()?.credentials()
    }
}

/// Runs a `credential_process` command and reads the JSON it prints.
enum ProcessCredentials {
    struct Output: Decodable {
        let Version: Int
        let AccessKeyId: String
        let SecretAccessKey: String
        let SessionToken: String?
        let Expiration: String?
    }

    static func run(_ command: String, profile: String, timeout: Double = CredentialProcessRunner.defaultTimeout) async throws -> Credentials {
        let result: CredentialProcessRunner.Result
        do {
            result = try await CredentialProcessRunner.run(command, timeout: timeout)
        } catch {
            throw CredentialError("credential_process of profile '\(profile)' could not be started")
        }
        if result.timedOut {
            throw CredentialError("credential_process of profile '\(profile)' did not finish within \(Int(timeout)) s; it and every process it started were killed")
        }
        guard result.status == 0 else {
            // Its standard error may hold anything, secrets included: do not repeat it.
            throw CredentialError("credential_process of profile '\(profile)' exited with status \(result.status)")
        }
        let data = Data(result.stdout)
        guard let parsed = try? JSONDecoder().decode(Output.self, from: data) else {
            throw CredentialError("credential_process of profile '\(profile)' did not print the expected JSON ({\"Version\": 1, \"AccessKeyId\": ..., \"SecretAccessKey\": ...})")
        }
        guard parsed.Version == 1 else {
            throw CredentialError("credential_process of profile '\(profile)' printed Version \(parsed.Version); only 1 is supported")
        }
        return Credentials(accessKeyId: parsed.AccessKeyId, secretAccessKey: parsed.SecretAccessKey,
                           sessionToken: parsed.SessionToken, expiration: parsed.Expiration.flatMap(ISO8601.parse))
    }
}

/// ISO 8601 timestamps in credential documents (`2026-11-29T12:00:00Z`, fractions allowed).
enum ISO8601 {
    static func parse(_ text: String) -> Double? {
        // botocore once wrote SSO cache times as `...T12:00:00UTC`.
        let text = text.hasSuffix("UTC") ? String(text.dropLast(3)) + "Z" : text
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: text) { return d.timeIntervalSince1970 }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text)?.timeIntervalSince1970
    }
}

import Foundation
import SigV4

/// Credentials from a profile of the shared files: static keys (`aws_access_key_id`,
/// `aws_secret_access_key`, `aws_session_token`) or `credential_process`.
public struct ProfileCredentialProvider: CredentialProvider {
    let files: SharedConfigFiles
    let profile: String
    /// Whether the profile was chosen explicitly (`--profile`, `AWS_PROFILE`): then a missing
    /// profile is an error rather than "not here".
    let explicit: Bool

    public var name: String { "profile \(profile)" }

    public init(files: SharedConfigFiles, profile: String, explicit: Bool) {
        self.files = files
        self.profile = profile
        self.explicit = explicit
    }

    public func credentials() async throws -> Credentials? {
        guard let settings = files.profile(profile) else {
            if explicit { throw CredentialError("the profile '\(profile)' is not defined in the shared config or credentials files") }
            return nil
        }
        if let id = settings["aws_access_key_id"], !id.isEmpty {
            guard let secret = settings["aws_secret_access_key"], !secret.isEmpty else {
                throw CredentialError("profile '\(profile)' has aws_access_key_id but no aws_secret_access_key")
            }
            return Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: settings["aws_session_token"])
        }
        if let command = settings["credential_process"], !command.isEmpty {
            return try await ProcessCredentials.run(command, profile: profile)
        }
        if explicit && (settings["role_arn"] != nil || settings["sso_session"] != nil || settings["sso_start_url"] != nil) {
            throw CredentialError("profile '\(profile)' uses role assumption or SSO, which lookout-scheduler does not support; use credential_process (for example `aws configure export-credentials --format process`)")
        }
        return nil
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
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: text) { return d.timeIntervalSince1970 }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text)?.timeIntervalSince1970
    }
}

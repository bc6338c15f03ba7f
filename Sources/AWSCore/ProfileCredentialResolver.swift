import Foundation
import SigV4

/// Turns a profile of the shared files into the provider that answers for it, the way the AWS CLI
/// (botocore) reads profiles:
///
/// - `role_arn` with `web_identity_token_file`: `AssumeRoleWithWebIdentity`.
/// - `role_arn` with `source_profile` (a chain of profiles; a cycle is an error, a profile that
///   names itself uses its own static keys) or `credential_source` (`Environment`,
///   `Ec2InstanceMetadata`, `EcsContainer`): `AssumeRole`, with `external_id`, `role_session_name`
///   and `duration_seconds`. `mfa_serial` is an error (an unattended run cannot prompt).
/// - `sso_session` (with its `[sso-session NAME]` section) or the legacy `sso_start_url`, with
///   `sso_account_id` and `sso_role_name`: IAM Identity Center.
/// - static keys, then `credential_process`.
///
/// A source profile with static keys uses them even when it has `role_arn` too (botocore's rule).
/// Pure: reads no file and sends nothing; the providers it builds do, when asked.
struct ProfileCredentialResolver {
    let files: SharedConfigFiles
    let environment: [String: String]
    let transport: (any HTTPTransport)?
    /// The profile the run uses: its region and `endpoint_url` apply to STS and SSO.
    let selected: String

    static let credentialSources = ["Environment", "Ec2InstanceMetadata", "EcsContainer"]

    /// The provider for `profile`, or nil when it has no credential settings at all.
    func provider(for profile: String) throws(CredentialError) -> (any CredentialProvider)? {
        try resolve(profile, visited: [], asSource: false)
    }

    private func resolve(_ name: String, visited: [String], asSource: Bool) throws(CredentialError) -> (any CredentialProvider)? {
        let settings = files.profile(name) ?? [:]
        func value(_ key: String) -> String? { settings[key].flatMap { $0.isEmpty ? nil : $0 } }
        let hasStaticKeys = value("aws_access_key_id") != nil

        if let roleArn = value("role_arn"), value("web_identity_token_file") == nil, !(asSource && hasStaticKeys) {
            return try assumeRole(roleArn, profile: name, settings: value, hasStaticKeys: hasStaticKeys, visited: visited)
        }
        if let tokenFile = value("web_identity_token_file") {
            guard let roleArn = value("role_arn") else {
                throw CredentialError("profile '\(name)' has web_identity_token_file but no role_arn")
            }
            return WebIdentityCredentialProvider(
                roleArn: roleArn, roleSessionName: value("role_session_name") ?? STSClient.defaultSessionName,
                tokenFile: SharedConfigFiles.expand(environment["HOME"] ?? NSHomeDirectory())(tokenFile),
                durationSeconds: try duration(value("duration_seconds"), profile: name), origin: "profile \(name)", sts: try sts())
        }
        if value("sso_session") != nil || value("sso_start_url") != nil {
            return try sso(profile: name, settings: value)
        }
        if hasStaticKeys { return try staticKeys(profile: name, settings: value) }
        if let command = value("credential_process") { return ProcessCredentialProvider(command: command, profile: name) }
        return nil
    }

    private func assumeRole(_ roleArn: String, profile: String, settings value: (String) -> String?, hasStaticKeys: Bool,
                            visited: [String]) throws(CredentialError) -> any CredentialProvider {
        if value("mfa_serial") != nil {
            throw CredentialError("profile '\(profile)' has mfa_serial, but an unattended run cannot prompt for an MFA code; use credential_process instead, with a command that supplies the credentials without prompting")
        }
        let sourceProfile = value("source_profile"), credentialSource = value("credential_source")
        let source: any CredentialProvider
        switch (sourceProfile, credentialSource) {
        case (_?, _?):
            throw CredentialError("profile '\(profile)' has both source_profile and credential_source; keep one")
        case (nil, nil):
            throw CredentialError("profile '\(profile)' has role_arn but neither source_profile nor credential_source: name where the credentials to assume it come from")
        case (let next?, nil):
            let chain = visited + [profile]
            if next == profile && hasStaticKeys {
                source = try staticKeys(profile: profile, settings: value)  // a profile may name itself for its own keys
            } else if chain.contains(next) {
                throw CredentialError("the source_profile chain of profile '\(chain[0])' loops: \((chain + [next]).joined(separator: " -> ")); a profile's source_profile cannot lead back to it")
            } else if files.profile(next) == nil {
                throw CredentialError("profile '\(profile)' names source_profile '\(next)', which is not defined in the shared config or credentials files")
            } else if let p = try resolve(next, visited: chain, asSource: true) {
                source = p
            } else {
                throw CredentialError("the source_profile '\(next)' of profile '\(profile)' has no credentials")
            }
        case (nil, let named?):
            source = try self.credentialSource(named, profile: profile)
        }
        let request = STSClient.AssumeRoleRequest(
            roleArn: roleArn, roleSessionName: value("role_session_name") ?? STSClient.defaultSessionName,
            externalId: value("external_id"), durationSeconds: try duration(value("duration_seconds"), profile: profile))
        return AssumeRoleCredentialProvider(request: request, source: source, sts: try sts())
    }

    private func credentialSource(_ named: String, profile: String) throws(CredentialError) -> any CredentialProvider {
        switch named {
        case "Environment": return EnvironmentCredentialProvider(environment: environment)
        case "Ec2InstanceMetadata": return InstanceMetadataCredentialProvider(environment: environment, transport: try requireTransport())
        case "EcsContainer": return ContainerCredentialProvider(environment: environment, transport: try requireTransport())
        default:
            throw CredentialError("profile '\(profile)' has credential_source '\(named)'; use one of \(ProfileCredentialResolver.credentialSources.joined(separator: ", "))")
        }
    }

    private func sso(profile: String, settings value: (String) -> String?) throws(CredentialError) -> any CredentialProvider {
        var startURL = value("sso_start_url"), region = value("sso_region")
        let sessionName = value("sso_session")
        if let sessionName {
            guard let session = files.ssoSession(sessionName) else {
                throw CredentialError("profile '\(profile)' names sso_session '\(sessionName)', but the config file has no [sso-session \(sessionName)] section")
            }
            for key in ["sso_start_url", "sso_region"] {
                if let mine = value(key), let theirs = session[key], mine != theirs {
                    throw CredentialError("profile '\(profile)' has \(key) = \(mine), but its sso_session '\(sessionName)' has \(theirs); they must match")
                }
            }
            startURL = session["sso_start_url"].flatMap { $0.isEmpty ? nil : $0 }
            region = session["sso_region"].flatMap { $0.isEmpty ? nil : $0 }
        }
        let missing = [("sso_start_url", startURL), ("sso_region", region), ("sso_account_id", value("sso_account_id")),
                       ("sso_role_name", value("sso_role_name"))].filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty, let startURL, let region, let account = value("sso_account_id"), let role = value("sso_role_name") else {
            let place = sessionName.map { "profile '\(profile)' (with sso-session '\($0)')" } ?? "profile '\(profile)'"
            throw CredentialError("\(place) is configured for SSO but lacks \(missing.joined(separator: ", "))")
        }
        let transport = try requireTransport()
        let oidc = SSOOIDCClient(region: region, environment: environment, files: files, profile: selected, transport: transport)
        let token = SSOTokenProvider(sessionName: sessionName, startURL: startURL, region: region, profile: profile,
                                     cacheDirectory: SSOTokenCache.directory(environment: environment), oidc: oidc)
        let portal = SSOPortalClient(region: region, environment: environment, files: files, profile: selected, transport: transport)
        return SSOCredentialProvider(accountId: account, roleName: role, token: token, portal: portal)
    }

    private func staticKeys(profile: String, settings value: (String) -> String?) throws(CredentialError) -> any CredentialProvider {
        guard let id = value("aws_access_key_id"), let secret = value("aws_secret_access_key") else {
            throw CredentialError("profile '\(profile)' has aws_access_key_id but no aws_secret_access_key")
        }
        return StaticCredentialProvider(Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: value("aws_session_token")),
                                        name: "profile \(profile)")
    }

    private func duration(_ text: String?, profile: String) throws(CredentialError) -> Int? {
        guard let text else { return nil }
        guard let seconds = Int(text), (900...43200).contains(seconds) else {
            throw CredentialError("profile '\(profile)' has duration_seconds = \(text); use a whole number of seconds from 900 to 43200")
        }
        return seconds
    }

    private func sts() throws(CredentialError) -> STSClient {
        STSClient(environment: environment, files: files, profile: selected, transport: try requireTransport())
    }

    private func requireTransport() throws(CredentialError) -> any HTTPTransport {
        guard let transport else { throw CredentialError("role assumption and SSO need an HTTP transport") }
        return transport
    }
}

/// A profile's `credential_process`, run at each refresh.
struct ProcessCredentialProvider: CredentialProvider {
    let command: String
    let profile: String
    var name: String { "profile \(profile) credential_process" }
    func credentials() async throws -> Credentials? { try await ProcessCredentials.run(command, profile: profile) }
}

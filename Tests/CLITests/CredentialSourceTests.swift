import Foundation
import Hashing
import Testing

/// Role assumption, web identity and SSO through the built binary, against the emulator's STS,
/// SSO portal and SSO OIDC (every endpoint is the emulator's, through `AWS_ENDPOINT_URL`).
@Suite struct CredentialSourceTests {
    static let account = "123456789012"
    static let webToken = "eyJhbGciOiJSUzI1NiJ9.web-identity-token-SECRET-1"
    static let ssoAccessToken = "sso-access-token-SECRET-valid"
    static let ssoRefreshToken = "sso-refresh-token-SECRET-r1"
    static let ssoClientSecret = "sso-client-secret-SECRET-c1"

    static let fleet = """
        account: "123456789012"
        region: eu-west-1
        projects:
          - name: pcb-inspection
            models:
              - { version: 3, status: HOSTED }
        roles:
          - { arn: "arn:aws:iam::123456789012:role/hop", trust: [AKIDEMULATOR] }
          - arn: "arn:aws:iam::123456789012:role/scheduler"
            trust: ["arn:aws:iam::123456789012:role/hop", AKIDEMULATOR, web-identity]
            external_id: ext-42
          - { arn: "arn:aws:iam::123456789012:role/irsa", trust: [web-identity] }
        web_identity_tokens: ["\(webToken)"]
        sso:
          access_tokens: ["\(ssoAccessToken)"]
          refresh_grants: [{ client_id: client-1, client_secret: "\(ssoClientSecret)", refresh_token: "\(ssoRefreshToken)" }]
          roles: [{ account_id: "123456789012", role_name: SchedulerAccess }]
        """

    static let config = """
        [profile base]
        aws_access_key_id = \(EmulatorProcess.accessKeyId)
        aws_secret_access_key = \(EmulatorProcess.secret)

        [profile hop]
        role_arn = arn:aws:iam::123456789012:role/hop
        source_profile = base

        [profile scheduler]
        role_arn = arn:aws:iam::123456789012:role/scheduler
        source_profile = hop
        external_id = ext-42
        region = eu-west-1

        [profile loop-a]
        role_arn = arn:aws:iam::123456789012:role/hop
        source_profile = loop-b

        [profile loop-b]
        role_arn = arn:aws:iam::123456789012:role/hop
        source_profile = loop-a

        [profile from-env]
        role_arn = arn:aws:iam::123456789012:role/scheduler
        credential_source = Environment
        external_id = ext-42

        [profile with-mfa]
        role_arn = arn:aws:iam::123456789012:role/scheduler
        source_profile = base
        mfa_serial = arn:aws:iam::123456789012:mfa/ops

        [profile sso-user]
        sso_session = corp
        sso_account_id = 123456789012
        sso_role_name = SchedulerAccess
        region = eu-west-1

        [profile sso-legacy]
        sso_start_url = https://d-abc123.awsapps.com/start
        sso_region = eu-west-1
        sso_account_id = 123456789012
        sso_role_name = SchedulerAccess

        [sso-session corp]
        sso_start_url = https://d-abc123.awsapps.com/start
        sso_region = eu-west-1
        sso_registration_scopes = sso:account:access
        """

    /// A fresh HOME with the config file and the emulator's fleet, and the emulator itself.
    final class Scenario {
        let home: String
        let emulator: EmulatorProcess
        init(fleet: String = CredentialSourceTests.fleet) throws {
            home = FileManager.default.temporaryDirectory.appendingPathComponent("creds-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: home + "/.aws/sso/cache", withIntermediateDirectories: true)
            try CredentialSourceTests.config.write(toFile: home + "/.aws/config", atomically: true, encoding: .utf8)
            try fleet.write(toFile: home + "/fleet.yaml", atomically: true, encoding: .utf8)
            emulator = try EmulatorProcess(fleet: home + "/fleet.yaml")
        }

        /// No keys in the environment: every credential comes from the source under test.
        func environment(_ extra: [String: String] = [:]) -> [String: String] {
            ["HOME": home, "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL": emulator.endpoint, "AWS_REGION": "eu-west-1",
             "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "TZ": "UTC"].merging(extra) { _, new in new }
        }

        func models(_ extra: [String: String] = [:], arguments: [String] = []) throws -> CommandResult {
            try CommandRunner.run(["models", "--output", "json"] + arguments, environment: environment(extra))
        }

        /// Operation and signing key of every request the emulator served.
        func calls() throws -> [String] {
            try emulator.requests().map { r in
                let key = (r["accessKeyId"] as? String).map { $0.hasPrefix("ASIA") ? "ASIA" : $0 } ?? "unsigned"
                return "\(r["operation"] as? String ?? "?") \(key) \(r["status"] as? Int ?? 0)"
            }
        }

        /// Every secret in play: the emulator's key, the tokens, and every credential STS and SSO issued.
        func secrets() throws -> [String] {
            let data = try emulator.admin("/_emulator/credentials")
            let issued = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
            return [EmulatorProcess.secret, CredentialSourceTests.webToken, CredentialSourceTests.ssoAccessToken,
                    CredentialSourceTests.ssoRefreshToken, CredentialSourceTests.ssoClientSecret]
                + issued.flatMap { [$0["secretAccessKey"] as? String ?? "?", $0["sessionToken"] as? String ?? "?"] }
        }

        /// Fails the test if any output repeats a secret.
        func expectNoSecret(in results: [CommandResult], extra: [String] = []) throws {
            let all = try secrets() + extra
            for r in results {
                for s in all {
                    #expect(!r.stdout.contains(s) && !r.stderr.contains(s), "a secret appeared in the output")
                }
            }
        }

        /// Writes the SSO cache file as `aws sso login` leaves it.
        func writeSSOCache(name: String, _ fields: [String: String]) throws -> String {
            let path = home + "/.aws/sso/cache/" + Digest.hex(Digest.sha1(Array(name.utf8))) + ".json"
            let data = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
            try data.write(to: URL(fileURLWithPath: path))
            return path
        }

        deinit { try? FileManager.default.removeItem(atPath: home) }
    }

    static func timestamp(_ offset: Double) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: Date(timeIntervalSinceNow: offset))
    }

    static func projects(_ r: CommandResult) -> [String] {
        let doc = (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) as? [[String: String]] ?? []
        return doc.map { "\($0["project"] ?? "")/\($0["version"] ?? "")=\($0["status"] ?? "")" }
    }

    // MARK: - Role assumption from profiles

    @Test func aProfileChainAssumesEachRoleInTurn() throws {
        let s = try Scenario()
        let r = try s.models(arguments: ["--profile", "scheduler"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(CredentialSourceTests.projects(r) == ["pcb-inspection/3=HOSTED"])
        // base's keys assume hop; hop's credentials assume scheduler (with the external id); the
        // service calls are signed with scheduler's.
        #expect(try s.calls() == ["AssumeRole AKIDEMULATOR 200", "AssumeRole ASIA 200", "ListProjects ASIA 200", "ListModels ASIA 200"])
        let issued = try JSONSerialization.jsonObject(with: s.emulator.admin("/_emulator/credentials")) as? [[String: Any]] ?? []
        #expect(issued.compactMap { $0["assumedRoleArn"] as? String }.sorted() == [
            "arn:aws:sts::123456789012:assumed-role/hop/lookout-scheduler",
            "arn:aws:sts::123456789012:assumed-role/scheduler/lookout-scheduler",
        ])
        // The run, too (a dry run: it reads and decides, and changes nothing).
        let rules = s.home + "/rules.yaml"
        try "version: 1\nrules:\n  - { project: \"*\", schedule: never, region: eu-west-1 }\n".write(toFile: rules, atomically: true, encoding: .utf8)
        let run = try CommandRunner.run(["run", "--rules", rules, "--dry-run", "--now", "2026-11-30T12:00:00Z"],
                                        environment: s.environment(["AWS_PROFILE": "scheduler"]))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("pcb-inspection"))
        // A real run, with its audit log and metrics: the stop is signed with the assumed role's
        // credentials, and neither file holds a secret.
        let log = s.home + "/audit.jsonl", metrics = s.home + "/metrics.prom"
        let real = try CommandRunner.run(["run", "--rules", rules, "--log", log, "--metrics-file", metrics, "--output", "json"],
                                         environment: s.environment(["AWS_PROFILE": "scheduler"]))
        #expect(real.status == 0, "\(real.stderr)")
        let calls = try s.calls()
        #expect(calls.contains("StopModel ASIA 202"), "\(calls)")
        let files = CommandResult(status: 0, stdout: try String(contentsOfFile: log, encoding: .utf8),
                                  stderr: try String(contentsOfFile: metrics, encoding: .utf8))
        #expect(files.stdout.contains("\"outcome\":\"stopped\""))
        try s.expectNoSecret(in: [r, run, real, files])
    }

    @Test func aSourceProfileCycleIsAClearError() throws {
        let s = try Scenario()
        let r = try s.models(arguments: ["--profile", "loop-a"])
        #expect(r.status == 2)
        #expect(r.stderr == "error: CredentialsError: the source_profile chain of profile 'loop-a' loops: loop-a -> loop-b -> loop-a; a profile's source_profile cannot lead back to it\n")
        #expect(try s.calls().isEmpty)
    }

    @Test func credentialSourceEnvironmentAssumesTheRoleFromTheEnvironmentKeys() throws {
        let s = try Scenario()
        let r = try s.models(["AWS_ACCESS_KEY_ID": EmulatorProcess.accessKeyId, "AWS_SECRET_ACCESS_KEY": EmulatorProcess.secret],
                             arguments: ["--profile", "from-env"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try s.calls() == ["AssumeRole AKIDEMULATOR 200", "ListProjects ASIA 200", "ListModels ASIA 200"])
        // Without the keys, the source has none: a configuration error.
        let none = try s.models(["AWS_PROFILE": "from-env"])
        #expect(none.status == 2)
        #expect(none.stderr == "error: CredentialsError: cannot assume role arn:aws:iam::123456789012:role/scheduler: its source (environment) has no credentials\n")
        try s.expectNoSecret(in: [r, none])
    }

    /// As botocore and the AWS CLI: keys in the environment win over `AWS_PROFILE`; only
    /// `--profile` overrides them.
    @Test func environmentKeysWinOverAWSProfileButNotOverTheProfileFlag() throws {
        let s = try Scenario()
        let keys = ["AWS_ACCESS_KEY_ID": EmulatorProcess.accessKeyId, "AWS_SECRET_ACCESS_KEY": EmulatorProcess.secret]
        let r = try s.models(keys.merging(["AWS_PROFILE": "scheduler"]) { a, _ in a })
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try s.calls() == ["ListProjects AKIDEMULATOR 200", "ListModels AKIDEMULATOR 200"])
        // A profile that does not exist is not even read when the keys answer, as in the CLI.
        let ghost = try s.models(keys.merging(["AWS_PROFILE": "no-such-profile"]) { a, _ in a })
        #expect(ghost.status == 0, "\(ghost.stderr)")
        // --profile wins over the keys: the profile's role chain is assumed.
        let flag = try s.models(keys, arguments: ["--profile", "scheduler"])
        #expect(flag.status == 0, "\(flag.stderr)")
        #expect(try s.calls().suffix(4) == ["AssumeRole AKIDEMULATOR 200", "AssumeRole ASIA 200", "ListProjects ASIA 200", "ListModels ASIA 200"])
        try s.expectNoSecret(in: [r, ghost, flag])
    }

    /// Concurrent runs that find the same SSO token expired take turns: one refreshes it (the
    /// service rotates the refresh token), the others find the fresh token in the cache.
    @Test func concurrentRunsRefreshAnExpiredSSOTokenOnce() throws {
        let s = try Scenario()
        _ = try s.writeSSOCache(name: "corp", [
            "startUrl": "https://d-abc123.awsapps.com/start", "region": "eu-west-1", "accessToken": "expired-access-token-SECRET",
            "expiresAt": CredentialSourceTests.timestamp(-60), "refreshToken": CredentialSourceTests.ssoRefreshToken,
            "clientId": "client-1", "clientSecret": CredentialSourceTests.ssoClientSecret,
            "registrationExpiresAt": CredentialSourceTests.timestamp(86400 * 30)])
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var all: [CommandResult] = []
        }
        let results = Results()
        let environment = s.environment(["AWS_PROFILE": "sso-user"])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let r = (try? CommandRunner.run(["models", "--output", "json"], environment: environment))
                ?? CommandResult(status: -1, stdout: "", stderr: "did not start")
            results.lock.withLock { results.all.append(r) }
        }
        for r in results.all { #expect(r.status == 0, "\(r.stderr)") }
        #expect(try s.calls().filter { $0.hasPrefix("CreateToken") } == ["CreateToken unsigned 200"])
        try s.expectNoSecret(in: results.all, extra: ["expired-access-token-SECRET"])
    }

    /// A CreateToken answer that claims ten years is written to the shared cache as 90 days.
    @Test func aRefreshedTokensLifetimeIsBoundedBeforeItIsCached() throws {
        let tenYears = CredentialSourceTests.fleet.replacingOccurrences(of: "  roles: [{ account_id", with: "  token_seconds: 315360000\n  roles: [{ account_id")
        #expect(tenYears != CredentialSourceTests.fleet)
        let s = try Scenario(fleet: tenYears)
        let path = try s.writeSSOCache(name: "corp", [
            "startUrl": "https://d-abc123.awsapps.com/start", "region": "eu-west-1", "accessToken": "expired-access-token-SECRET",
            "expiresAt": CredentialSourceTests.timestamp(-60), "refreshToken": CredentialSourceTests.ssoRefreshToken,
            "clientId": "client-1", "clientSecret": CredentialSourceTests.ssoClientSecret,
            "registrationExpiresAt": CredentialSourceTests.timestamp(86400 * 30)])
        let r = try s.models(["AWS_PROFILE": "sso-user"])
        #expect(r.status == 0, "\(r.stderr)")
        let cache = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: String])
        let expiresAt = try #require(cache["expiresAt"].flatMap { ISO8601DateFormatter().date(from: $0) })
        #expect(expiresAt.timeIntervalSinceNow <= 90 * 86_400 && expiresAt.timeIntervalSinceNow > 89 * 86_400)
    }

    @Test func mfaSerialIsAClearErrorThatNamesCredentialProcess() throws {
        let s = try Scenario()
        let r = try s.models(arguments: ["--profile", "with-mfa"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("profile 'with-mfa' has mfa_serial, but an unattended run cannot prompt for an MFA code; use credential_process instead"))
        #expect(try s.calls().isEmpty)
    }

    // MARK: - Web identity

    @Test func webIdentityFromTheEnvironmentIsUnsignedAndNeverPrinted() throws {
        let s = try Scenario()
        let tokenFile = s.home + "/token"
        try CredentialSourceTests.webToken.write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let env = ["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/irsa",
                   "AWS_ROLE_SESSION_NAME": "cronjob-1"]
        let r = try s.models(env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try s.calls() == ["AssumeRoleWithWebIdentity unsigned 200", "ListProjects ASIA 200", "ListModels ASIA 200"])
        let issued = try JSONSerialization.jsonObject(with: s.emulator.admin("/_emulator/credentials")) as? [[String: Any]] ?? []
        #expect(issued.compactMap { $0["assumedRoleArn"] as? String } == ["arn:aws:sts::123456789012:assumed-role/irsa/cronjob-1"])
        // A token the identity provider did not issue: STS's error, and still no token printed.
        try "forged-token-SECRET".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let forged = try s.models(env, arguments: ["--max-attempts", "1"])
        #expect(forged.status == 2)
        #expect(forged.stderr.hasPrefix("error: CredentialsError: cannot assume role arn:aws:iam::123456789012:role/irsa with the web identity token of \(tokenFile): InvalidIdentityToken (HTTP 400): The web identity token that was passed could not be validated by AWS."))
        try s.expectNoSecret(in: [r, forged], extra: ["forged-token-SECRET"])
    }

    // MARK: - SSO

    @Test func ssoSessionWithAValidCachedToken() throws {
        let s = try Scenario()
        _ = try s.writeSSOCache(name: "corp", ["startUrl": "https://d-abc123.awsapps.com/start", "region": "eu-west-1",
                                               "accessToken": CredentialSourceTests.ssoAccessToken,
                                               "expiresAt": CredentialSourceTests.timestamp(3600)])
        let r = try s.models(["AWS_PROFILE": "sso-user"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(CredentialSourceTests.projects(r) == ["pcb-inspection/3=HOSTED"])
        #expect(try s.calls() == ["GetRoleCredentials unsigned 200", "ListProjects ASIA 200", "ListModels ASIA 200"])
        try s.expectNoSecret(in: [r])
    }

    @Test func legacySSOProfileReadsTheCacheNamedByItsStartURL() throws {
        let s = try Scenario()
        let path = try s.writeSSOCache(name: "https://d-abc123.awsapps.com/start", [
            "startUrl": "https://d-abc123.awsapps.com/start", "region": "eu-west-1",
            "accessToken": CredentialSourceTests.ssoAccessToken, "expiresAt": CredentialSourceTests.timestamp(3600)])
        #expect(path.hasSuffix("/40a89917e3175433e361b710a9d43528d7f1890a.json"))
        let r = try s.models(arguments: ["--profile", "sso-legacy"])
        #expect(r.status == 0, "\(r.stderr)")
        try s.expectNoSecret(in: [r])
    }

    @Test func anExpiredSSOTokenIsRefreshedAndTheCacheRewrittenOwnerOnly() throws {
        let s = try Scenario()
        let path = try s.writeSSOCache(name: "corp", [
            "startUrl": "https://d-abc123.awsapps.com/start", "region": "eu-west-1", "accessToken": "expired-access-token-SECRET",
            "expiresAt": CredentialSourceTests.timestamp(-60), "refreshToken": CredentialSourceTests.ssoRefreshToken,
            "clientId": "client-1", "clientSecret": CredentialSourceTests.ssoClientSecret,
            "registrationExpiresAt": CredentialSourceTests.timestamp(86400 * 30)])
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let r = try s.models(["AWS_PROFILE": "sso-user"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try s.calls() == ["CreateToken unsigned 200", "GetRoleCredentials unsigned 200", "ListProjects ASIA 200", "ListModels ASIA 200"])
        let cache = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: String])
        let newAccess = try #require(cache["accessToken"])
        let newRefresh = try #require(cache["refreshToken"])
        #expect(newAccess.hasPrefix("aoa") && newRefresh.hasPrefix("aor"))
        #expect(cache["clientId"] == "client-1" && cache["clientSecret"] == CredentialSourceTests.ssoClientSecret)
        #expect(cache["startUrl"] == "https://d-abc123.awsapps.com/start" && cache["region"] == "eu-west-1")
        let expiresAt = try #require(cache["expiresAt"].flatMap { ISO8601DateFormatter().date(from: $0) })
        #expect(abs(expiresAt.timeIntervalSinceNow - 3600) < 120)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // Nothing else left in the cache directory (the temporary file was renamed over it) but
        // the lock concurrent refreshes take turns on.
        let name = (path as NSString).lastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.home + "/.aws/sso/cache").sorted() == [name, name + ".lock"])
        // The next run uses the refreshed token as is.
        let again = try s.models(["AWS_PROFILE": "sso-user"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try s.calls().filter { $0.hasPrefix("CreateToken") }.count == 1)
        try s.expectNoSecret(in: [r, again], extra: ["expired-access-token-SECRET", newAccess, newRefresh])
    }

    @Test func anExpiredSSOTokenWithoutARefreshTokenSaysWhichLoginToRun() throws {
        let s = try Scenario()
        _ = try s.writeSSOCache(name: "corp", ["startUrl": "https://d-abc123.awsapps.com/start", "region": "eu-west-1",
                                               "accessToken": "expired-access-token-SECRET",
                                               "expiresAt": CredentialSourceTests.timestamp(-60)])
        let r = try s.models(["AWS_PROFILE": "sso-user"])
        #expect(r.status == 2)
        #expect(r.stderr == "error: CredentialsError: the cached SSO token for sso-session 'corp' has expired; run `aws sso login --sso-session corp`\n")
        let rules = s.home + "/rules.yaml"
        try "version: 1\nrules:\n  - { project: \"*\", schedule: never, region: eu-west-1 }\n".write(toFile: rules, atomically: true, encoding: .utf8)
        let run = try CommandRunner.run(["run", "--rules", rules, "--dry-run"], environment: s.environment(["AWS_PROFILE": "sso-user"]))
        #expect(run.status == 2)
        #expect(run.stderr.contains("run `aws sso login --sso-session corp`"))
        // The legacy profile names itself in the command.
        let legacy = try s.models(arguments: ["--profile", "sso-legacy"])
        #expect(legacy.status == 2)
        #expect(legacy.stderr.contains("run `aws sso login --profile sso-legacy`"))
        #expect(try s.calls().isEmpty)
        try s.expectNoSecret(in: [r, run, legacy], extra: ["expired-access-token-SECRET"])
    }
}

import Foundation
import LookoutEmulator
import SigV4
import Testing
@testable import AWSCore

/// A temporary HOME with `.aws/` files.
final class TemporaryHome {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("home-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/.aws", withIntermediateDirectories: true)
    }
    func write(_ relative: String, _ text: String, executable: Bool = false) throws -> String {
        let file = path + "/" + relative
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file) }
        return file
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Environment with IMDS off, so that tests never reach for 169.254.169.254.
func env(_ home: TemporaryHome, _ extra: [String: String] = [:]) -> [String: String] {
    ["HOME": home.path, "AWS_EC2_METADATA_DISABLED": "true"].merging(extra) { _, new in new }
}

@Suite struct CredentialProviderTests {
    let transport = CurlTransport()

    @Test func environmentComesFirst() async throws {
        let home = try TemporaryHome()
        _ = try home.write(".aws/credentials", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = filesecret\n")
        let chain = CredentialChain.standard(environment: env(home, ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret",
                                                                     "AWS_SESSION_TOKEN": "envtoken"]), transport: transport)
        let c = try await chain.resolve()
        #expect(c == Credentials(accessKeyId: "AKIDENV", secretAccessKey: "envsecret", sessionToken: "envtoken"))
        #expect(await chain.lastSource == "environment")
    }

    @Test func profilesFromBothFilesWithCredentialsWinning() async throws {
        let home = try TemporaryHome()
        _ = try home.write(".aws/config", """
            [default]
            region = eu-west-1
            [profile ops]
            region = us-east-1
            aws_access_key_id = AKIDCONFIG
            aws_secret_access_key = configsecret
            [sso-session corp]
            sso_start_url = https://example.invalid
            """)
        _ = try home.write(".aws/credentials", """
            # comment
            [default]
            aws_access_key_id = AKIDDEFAULT
            aws_secret_access_key = defaultsecret ; inline comment
            [ops]
            aws_access_key_id = AKIDOPS
            """)
        let files = SharedConfigFiles(environment: env(home))
        #expect(files.profile("default")?["aws_secret_access_key"] == "defaultsecret")
        #expect(files.profile("ops")?["aws_access_key_id"] == "AKIDOPS")
        #expect(files.profile("ops")?["aws_secret_access_key"] == "configsecret")
        #expect(files.profile("corp") == nil)
        let def = try await CredentialChain.standard(environment: env(home), transport: transport).resolve()
        #expect(def.accessKeyId == "AKIDDEFAULT")
        let ops = CredentialChain.standard(environment: env(home, ["AWS_PROFILE": "ops"]), transport: transport)
        #expect(try await ops.resolve().accessKeyId == "AKIDOPS")
        #expect(await ops.lastSource == "profile ops")
        // Environment keys win over AWS_PROFILE (botocore, the AWS CLI).
        let keys = CredentialChain.standard(environment: env(home, ["AWS_PROFILE": "ops", "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "x"]),
                                            transport: transport)
        #expect(try await keys.resolve().accessKeyId == "AKIDENV")
        #expect(await keys.lastSource == "environment")
        // --profile wins over AWS_PROFILE and over environment keys.
        let flag = CredentialChain.standard(environment: env(home, ["AWS_PROFILE": "nope", "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "x"]),
                                            profile: "default", transport: transport)
        #expect(try await flag.resolve().accessKeyId == "AKIDDEFAULT")
    }

    @Test func filePathOverrides() async throws {
        let home = try TemporaryHome()
        let creds = try home.write("elsewhere-credentials", "[default]\naws_access_key_id = AKIDELSEWHERE\naws_secret_access_key = s\n")
        let chain = CredentialChain.standard(environment: env(home, ["AWS_SHARED_CREDENTIALS_FILE": creds]), transport: transport)
        #expect(try await chain.resolve().accessKeyId == "AKIDELSEWHERE")
    }

    @Test func aMissingExplicitProfileIsAnError() async throws {
        let home = try TemporaryHome()
        let chain = CredentialChain.standard(environment: env(home, ["AWS_PROFILE": "ghost"]), transport: transport)
        let error = await #expect(throws: CredentialError.self) { try await chain.resolve() }
        #expect(error?.message == "the profile 'ghost' is not defined in the shared config or credentials files")
    }

    @Test func credentialProcessRunsARealScript() async throws {
        let home = try TemporaryHome()
        let script = try home.write("creds.sh", """
            #!/bin/sh
            echo "secret-ish diagnostics" >&2
            cat <<JSON
            {"Version": 1, "AccessKeyId": "ASIAPROCESS", "SecretAccessKey": "processsecret", "SessionToken": "processtoken", "Expiration": "2099-01-01T00:00:00Z"}
            JSON
            """, executable: true)
        let failing = try home.write("fail.sh", "#!/bin/sh\necho 'AKIA-LEAK secret' >&2\nexit 3\n", executable: true)
        _ = try home.write(".aws/config", "[profile proc]\ncredential_process = \(script)\n[profile broken]\ncredential_process = \(failing) --flag\n")
        let c = try await CredentialChain.standard(environment: env(home), profile: "proc", transport: transport).resolve()
        #expect(c == Credentials(accessKeyId: "ASIAPROCESS", secretAccessKey: "processsecret", sessionToken: "processtoken",
                                 expiration: 4_070_908_800))
        let error = await #expect(throws: CredentialError.self) {
            try await CredentialChain.standard(environment: env(home), profile: "broken", transport: transport).resolve()
        }
        #expect(error?.message == "credential_process of profile 'broken' exited with status 3")
    }

    @Test func containerCredentialsFromALoopbackEndpoint() async throws {
        let seen = LockedBox<[String]>([])
        let server = try await EmulatorServer(handler: { request in
            seen.mutate { $0.append("\(request.uri) auth=\(request.header("authorization") ?? "-")") }
            return .respond(status: 200, headers: ["Content-Type": "application/json"], body: Array("""
                {"AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "containersecret", "Token": "containertoken", "Expiration": "2099-01-01T00:00:00Z"}
                """.utf8), delay: 0)
        })
        defer { Task { await server.shutdown() } }
        let home = try TemporaryHome()
        let tokenFile = try home.write("token", "file-token\n")
        let chain = CredentialChain.standard(environment: env(home, [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/v2/credentials/abc",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
        ]), transport: transport)
        let c = try await chain.resolve()
        #expect(c.accessKeyId == "ASIACONTAINER")
        #expect(c.sessionToken == "containertoken")
        #expect(await chain.lastSource == "container")
        #expect(seen.value == ["/v2/credentials/abc auth=file-token"])
        // Cached: a second resolve does not ask again.
        _ = try await chain.resolve()
        #expect(seen.value.count == 1)
    }

    @Test func instanceMetadataV2FromALoopbackEndpoint() async throws {
        let seen = LockedBox<[String]>([])
        let server = try await EmulatorServer(handler: { request in
            seen.mutate { $0.append("\(request.method) \(request.uri)") }
            switch (request.method, request.uri) {
            case ("PUT", "/latest/api/token"):
                guard request.header("x-aws-ec2-metadata-token-ttl-seconds") != nil else { return .respond(status: 400, headers: [:], body: [], delay: 0) }
                return .respond(status: 200, headers: [:], body: Array("imds-session".utf8), delay: 0)
            case (_, _) where request.header("x-aws-ec2-metadata-token") != "imds-session":
                return .respond(status: 401, headers: [:], body: [], delay: 0)
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return .respond(status: 200, headers: [:], body: Array("scheduler-role".utf8), delay: 0)
            case ("GET", "/latest/meta-data/iam/security-credentials/scheduler-role"):
                return .respond(status: 200, headers: [:], body: Array("""
                    {"Code": "Success", "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "imdssecret", "Token": "imdstoken", "Expiration": "2099-01-01T00:00:00Z"}
                    """.utf8), delay: 0)
            default:
                return .respond(status: 404, headers: [:], body: [], delay: 0)
            }
        })
        defer { Task { await server.shutdown() } }
        let home = try TemporaryHome()
        let chain = CredentialChain.standard(environment: ["HOME": home.path, "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint],
                                             transport: transport)
        let c = try await chain.resolve()
        #expect(c.accessKeyId == "ASIAIMDS")
        #expect(await chain.lastSource == "instance metadata (IMDSv2)")
        #expect(seen.value == ["PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
                               "GET /latest/meta-data/iam/security-credentials/scheduler-role"])
    }

    @Test func noCredentialsNamesWhatWasTried() async throws {
        let home = try TemporaryHome()
        let error = await #expect(throws: CredentialError.self) {
            try await CredentialChain.standard(environment: env(home), transport: transport).resolve()
        }
        #expect(error?.message.hasPrefix("no AWS credentials found; tried: environment, profile default, container, instance metadata (IMDSv2).") == true)
    }

    @Test func refreshesShortlyBeforeExpiry() async throws {
        let clock = LockedBox(1000.0)
        let calls = LockedBox(0)
        struct Counting: CredentialProvider {
            let calls: LockedBox<Int>
            let name = "counting"
            func credentials() async throws -> Credentials? {
                let n = calls.mutate { $0 += 1; return $0 }
                return Credentials(accessKeyId: "AKID\(n)", secretAccessKey: "s", expiration: 2000)
            }
        }
        let chain = CredentialChain(providers: [Counting(calls: calls)], refreshMargin: 300, now: { clock.value })
        #expect(try await chain.resolve().accessKeyId == "AKID1")
        clock.mutate { $0 = 1600 }
        #expect(try await chain.resolve().accessKeyId == "AKID1")
        clock.mutate { $0 = 1750 }
        #expect(try await chain.resolve().accessKeyId == "AKID2")
    }
}

/// A value behind a lock, for handlers and fakes.
final class LockedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: T
    init(_ value: T) { _value = value }
    var value: T { lock.withLock { _value } }
    @discardableResult
    func mutate<R>(_ body: (inout T) -> R) -> R { lock.withLock { body(&_value) } }
}

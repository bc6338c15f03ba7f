import Foundation
import Hashing
import LookoutEmulator
import SigV4
import Testing
@testable import AWSCore

/// The STS Query protocol (XML answers and errors), the SSO token cache, and the temporary
/// credential sources' caching, single flight and refresh, against the in-process emulator.
@Suite struct STSAndSSOTests {
    let transport = CurlTransport()

    // MARK: - XML

    /// The sample answer of the STS API reference (AssumeRole).
    static let assumeRoleDocument = """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
        <AssumeRoleResult>
        <SourceIdentity>Alice</SourceIdentity>
          <AssumedRoleUser>
            <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
            <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
          </AssumedRoleUser>
          <Credentials>
            <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
            <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
            <SessionToken>
             AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW
             LWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGd
            </SessionToken>
            <Expiration>2019-07-15T23:28:33.359Z</Expiration>
          </Credentials>
          <PackedPolicySize>8</PackedPolicySize>
        </AssumeRoleResult>
        <ResponseMetadata>
        <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
        </ResponseMetadata>
        </AssumeRoleResponse>
        """

    static let errorDocument = """
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error>
            <Type>Sender</Type>
            <Code>AccessDenied</Code>
            <Message>User: arn:aws:iam::123456789012:user/ops is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/demo</Message>
          </Error>
          <RequestId>4ee31fe2-4b3b-4f6e-a1f0-0c3bd1f7a1a6</RequestId>
        </ErrorResponse>
        """

    @Test func theAssumeRoleAnswerParsesIntoCredentials() throws {
        let root = try #require(QueryXMLElement.parse(Array(STSAndSSOTests.assumeRoleDocument.utf8)))
        #expect(root.name == "AssumeRoleResponse")
        #expect(root.at("ResponseMetadata", "RequestId")?.text == "c6104cbe-af31-11e0-8154-cbc7ccf896c7")
        let assumed = try STSClient.assumedRole(from: root, action: "AssumeRole")
        #expect(assumed.credentials.accessKeyId == "ASIAIOSFODNN7EXAMPLE")
        #expect(assumed.credentials.secretAccessKey == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY")
        #expect(assumed.credentials.sessionToken?.hasPrefix("AQoDYXdzEPT//////////wEXAMPLE") == true)
        #expect(assumed.credentials.expiration == 1_563_233_313.359)
        #expect(assumed.assumedRoleArn == "arn:aws:sts::123456789012:assumed-role/demo/TestAR")
        #expect(assumed.assumedRoleId == "ARO123EXAMPLE123:TestAR")
    }

    @Test func anAnswerWithoutCredentialsIsAnInvalidResponse() throws {
        let root = try #require(QueryXMLElement.parse(Array("<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>".utf8)))
        let error = #expect(throws: AWSError.self) { try STSClient.assumedRole(from: root, action: "AssumeRole") }
        #expect(error?.code == .invalidResponse)
        #expect(QueryXMLElement.parse(Array("<a><b></a>".utf8)) == nil)
        #expect(QueryXMLElement.parse(Array("{\"json\": true}".utf8)) == nil)
        // Entities are text, never fetched.
        let entity = QueryXMLElement.parse(Array("<a>x &amp; y &lt;z&gt;</a>".utf8))
        #expect(entity?.text == "x & y <z>")
    }

    @Test(arguments: [
        (403, errorDocument, "AccessDenied", RetryPolicy.Class.never, "4ee31fe2-4b3b-4f6e-a1f0-0c3bd1f7a1a6"),
        (400, "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>",
         "Throttling", .throttling, "r1"),
        (400, "<ErrorResponse><Error><Type>Sender</Type><Code>IDPCommunicationError</Code><Message>idp</Message></Error><RequestId>r2</RequestId></ErrorResponse>",
         "IDPCommunicationError", .transient, "r2"),
        (503, "<Response><Errors><Error><Code>ServiceUnavailable</Code><Message>busy</Message></Error></Errors><RequestID>r3</RequestID></Response>",
         "ServiceUnavailable", .transient, "r3"),
    ])
    func queryErrorsParseAsTheSDKsDo(status: Int, body: String, code: String, retry: RetryPolicy.Class, requestId: String) {
        let error = AWSError.parse(HTTPResponse(status: status, headers: [("Content-Type", "text/xml")], body: Array(body.utf8)))
        #expect(error.code == AWSErrorCode(code))
        #expect(error.status == status)
        #expect(error.requestId == requestId)
        #expect(RetryPolicy.classify(error) == retry)
        if code == "AccessDenied" {
            #expect(error.description == "AccessDenied (HTTP 403): User: arn:aws:iam::123456789012:user/ops is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/demo [request 4ee31fe2-4b3b-4f6e-a1f0-0c3bd1f7a1a6]")
        }
    }

    // MARK: - The SSO token cache

    @Test(arguments: [
        (nil as String?, "https://d-abc123.awsapps.com/start", "40a89917e3175433e361b710a9d43528d7f1890a.json"),
        (nil, "https://d-abc123.awsapps.com", "ab6e8a5ac0e97bd6867ae3eacd5fd7dc0cd4de86.json"),
        (nil, "https://vanity.example.com", "7ed69759fe20aa3027c01db4b744e1437b0c8f4f.json"),
        ("admin", "https://d-abc123.awsapps.com/start", "d033e22ae348aeb5660fc2140aec35850c4da997.json"),
        ("corp", "https://ignored.example.com", "ee0bfd2552fbd840c02cc48b6e823320543c450f.json"),
    ])
    func cacheFileNamesAreTheCLIs(session: String?, startURL: String, expected: String) {
        #expect(SSOTokenCache.fileName(sessionName: session, startURL: startURL) == expected)
    }

    @Test func sha1MatchesFIPS180Vectors() {
        #expect(Digest.hex(Digest.sha1(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Digest.hex(Digest.sha1([UInt8]())) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    }

    @Test func theCacheIsWrittenOwnerOnlyAndReplacesASymlinkNotItsTarget() throws {
        let home = try TemporaryHome()
        try FileManager.default.createDirectory(atPath: home.path + "/.aws/sso/cache", withIntermediateDirectories: true)
        let target = try home.write("elsewhere.json", "{\"keep\": \"me\"}")
        let path = home.path + "/.aws/sso/cache/x.json"
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        try SSOTokenCache.write(SSOTokenCache.Entry(fields: ["accessToken": .string("t"), "expiresAt": .string("2099-01-01T00:00:00Z")]), to: path)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "{\"keep\": \"me\"}")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(SSOTokenCache.read(path)?.expiresAt == 4_070_908_800)
        #expect(SSOTokenCache.read(path)?.accessToken == "t")
        // botocore's older spelling of the time zone.
        #expect(ISO8601.parse("2099-01-01T00:00:00UTC") == 4_070_908_800)
    }

    // MARK: - Caching and single flight

    @Test func expiringValueSharesOneRefreshAmongConcurrentCallers() async throws {
        let cache = ExpiringValue<Int>(refreshMargin: 300, now: { 1000 })
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await cache.value {
                        try await Task.sleep(nanoseconds: 100_000_000)
                        return (42, 5000)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values == Array(repeating: 42, count: 20))
        #expect(await cache.refreshes == 1)
    }

    /// An emulator on loopback, with roles and a web identity token.
    static func emulator() async throws -> EmulatorServer {
        let fleet = Fleet(account: "123456789012", region: "eu-west-1", projects: [])
        var f = fleet
        f.roles = [Fleet.Role(arn: "arn:aws:iam::123456789012:role/scheduler", trust: ["AKIDSOURCE", "web-identity"], externalId: "ext-1")]
        f.webIdentityTokens = ["token-one", "token-two"]
        let service = EmulatorService(fleet: f, configuration: .init(credentials: ["AKIDSOURCE": ("source-secret", nil)]))
        return try await EmulatorServer(service: service)
    }

    @Test func assumeRoleIsSingleFlightAndRefreshedFiveMinutesBeforeExpiry() async throws {
        let server = try await STSAndSSOTests.emulator()
        defer { Task { await server.shutdown() } }
        let clock = LockedBox(Date().timeIntervalSince1970)
        let sts = STSClient(configuration: ServiceConfiguration(region: "eu-west-1", endpoint: server.endpoint), transport: transport)
        let provider = AssumeRoleCredentialProvider(
            request: .init(roleArn: "arn:aws:iam::123456789012:role/scheduler", externalId: "ext-1", durationSeconds: 900),
            source: StaticCredentialProvider(Credentials(accessKeyId: "AKIDSOURCE", secretAccessKey: "source-secret")),
            sts: sts, now: { clock.value })
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 { group.addTask { try await provider.credentials()!.accessKeyId } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(keys.count == 1)
        #expect(server.service.requests.map(\.operation) == ["AssumeRole"])
        let first = try #require(try await provider.credentials())
        let expiration = try #require(first.expiration)
        #expect(abs(expiration - clock.value - 900) < 60)  // the emulator's clock is the real one; the test's may lag on a loaded machine
        #expect(first.sessionToken != nil)
        clock.mutate { $0 = expiration - 301 }
        #expect(try await provider.credentials()?.accessKeyId == first.accessKeyId)
        clock.mutate { $0 = expiration - 299 }
        #expect(try await provider.credentials()?.accessKeyId != first.accessKeyId)
        #expect(server.service.requests.map(\.operation) == ["AssumeRole", "AssumeRole"])
        #expect(await provider.refreshes == 2)
        // The issued credentials are the emulator's: it accepts them on STS too.
        let identity = try await sts.getCallerIdentity(credentials: provider)
        #expect(identity.arn == "arn:aws:sts::123456789012:assumed-role/scheduler/lookout-scheduler")
        #expect(identity.account == "123456789012")
    }

    @Test func aWrongExternalIdIsDeniedWithTheServicesMessage() async throws {
        let server = try await STSAndSSOTests.emulator()
        defer { Task { await server.shutdown() } }
        let sts = STSClient(configuration: ServiceConfiguration(region: "eu-west-1", endpoint: server.endpoint), transport: transport)
        let provider = AssumeRoleCredentialProvider(
            request: .init(roleArn: "arn:aws:iam::123456789012:role/scheduler", externalId: "wrong"),
            source: StaticCredentialProvider(Credentials(accessKeyId: "AKIDSOURCE", secretAccessKey: "source-secret")), sts: sts)
        let error = await #expect(throws: CredentialError.self) { try await provider.credentials() }
        #expect(error?.message.hasPrefix("cannot assume role arn:aws:iam::123456789012:role/scheduler: AccessDenied (HTTP 403): User: arn:aws:iam::123456789012:user/emulator is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/scheduler [request ") == true)
        // Not retried: a 4xx other than throttling.
        #expect(server.service.requests.count == 1)
    }

    @Test func stsThrottlingIsRetriedUnderTheStandardRules() async throws {
        let server = try await STSAndSSOTests.emulator()
        defer { Task { await server.shutdown() } }
        server.service.inject(FaultRule(operation: "AssumeRole", kind: .throttle, times: 2, seconds: 0))
        let sts = STSClient(configuration: ServiceConfiguration(region: "eu-west-1", endpoint: server.endpoint), transport: transport,
                            options: .init(retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01), requestsPerSecond: 0))
        let assumed = try await sts.assumeRole(.init(roleArn: "arn:aws:iam::123456789012:role/scheduler", externalId: "ext-1"),
                                               credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKIDSOURCE", secretAccessKey: "source-secret")))
        #expect(assumed.credentials.accessKeyId.hasPrefix("ASIA"))
        #expect(server.service.requests.map(\.status) == [400, 400, 200])
    }

    @Test func theWebIdentityTokenFileIsReadAgainAtEachRefresh() async throws {
        let service = try await STSAndSSOTests.emulator().service!
        let sent = LockedBox<[String]>([])
        let server = try await EmulatorServer(handler: { request in
            let form = String(decoding: request.body, as: UTF8.self)
            if let token = form.split(separator: "&").first(where: { $0.hasPrefix("WebIdentityToken=") }) {
                sent.mutate { $0.append(String(token.dropFirst("WebIdentityToken=".count))) }
            }
            #expect(request.header("authorization") == nil)  // unsigned
            return service.handle(request)
        })
        defer { Task { await server.shutdown() } }
        let home = try TemporaryHome()
        let file = try home.write("token", "token-one\n")
        let clock = LockedBox(Date().timeIntervalSince1970)
        let sts = STSClient(configuration: ServiceConfiguration(region: "eu-west-1", endpoint: server.endpoint), transport: transport)
        let provider = WebIdentityCredentialProvider(roleArn: "arn:aws:iam::123456789012:role/scheduler", tokenFile: file,
                                                     durationSeconds: 900, origin: "test", sts: sts, now: { clock.value })
        let first = try #require(try await provider.credentials())
        // The kubelet rotates the token in place; the cached credentials are used until they near expiry.
        _ = try home.write("token", "token-two\n")
        #expect(try await provider.credentials()?.accessKeyId == first.accessKeyId)
        clock.mutate { $0 = first.expiration! - 200 }
        let second = try #require(try await provider.credentials())
        #expect(second.accessKeyId != first.accessKeyId)
        #expect(sent.value == ["token-one", "token-two"])
        #expect(await provider.refreshes == 2)
    }

    // MARK: - Endpoints and the chain

    @Test func endpointsResolveAsTheCLIs() {
        let files = SharedConfigFiles(config: "[profile p]\nregion = ap-south-1\n", credentials: nil)
        func sts(_ env: [String: String], profile: String? = nil) -> String? {
            try? STSClient(environment: env, files: files, profile: profile, transport: transport).configuration.get().endpoint
        }
        #expect(sts([:]) == "https://sts.us-east-1.amazonaws.com")
        #expect(sts(["AWS_REGION": "eu-west-1"]) == "https://sts.eu-west-1.amazonaws.com")
        #expect(sts([:], profile: "p") == "https://sts.ap-south-1.amazonaws.com")
        #expect(sts(["AWS_ENDPOINT_URL": "http://127.0.0.1:9"]) == "http://127.0.0.1:9")
        #expect(sts(["AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:8/"]) == "http://127.0.0.1:8")
        let portal = SSOPortalClient(region: "eu-west-1", environment: [:], files: files, profile: nil, transport: transport)
        #expect((try? portal.configuration.get().endpoint) == "https://portal.sso.eu-west-1.amazonaws.com")
        let oidc = SSOOIDCClient(region: "eu-west-1", environment: ["AWS_ENDPOINT_URL_SSO_OIDC": "http://127.0.0.1:7"], files: files,
                                 profile: nil, transport: transport)
        #expect((try? oidc.configuration.get().endpoint) == "http://127.0.0.1:7")
        let portal2 = SSOPortalClient(region: "eu-west-1", environment: ["AWS_ENDPOINT_URL_SSO": "http://127.0.0.1:6"], files: files,
                                      profile: nil, transport: transport)
        #expect((try? portal2.configuration.get().endpoint) == "http://127.0.0.1:6")
    }

    @Test func webIdentityFromTheEnvironmentComesAfterTheKeysAndBeforeTheProfile() async throws {
        let server = try await STSAndSSOTests.emulator()
        defer { Task { await server.shutdown() } }
        let home = try TemporaryHome()
        _ = try home.write(".aws/credentials", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = filesecret\n")
        let file = try home.write("token", "token-one")
        let irsa = ["AWS_WEB_IDENTITY_TOKEN_FILE": file, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/scheduler",
                    "AWS_ENDPOINT_URL_STS": server.endpoint]
        let chain = CredentialChain.standard(environment: env(home, irsa), transport: transport)
        #expect(try await chain.resolve().accessKeyId.hasPrefix("ASIA"))
        #expect(await chain.lastSource == "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)")
        let keys = CredentialChain.standard(environment: env(home, irsa.merging(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s"]) { $1 }),
                                            transport: transport)
        #expect(try await keys.resolve().accessKeyId == "AKIDENV")
    }

    @Test(arguments: [
        ("[profile p]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = q\ncredential_source = Environment\n[profile q]\n",
         "profile 'p' has both source_profile and credential_source; keep one"),
        ("[profile p]\nrole_arn = arn:aws:iam::1:role/r\n",
         "profile 'p' has role_arn but neither source_profile nor credential_source: name where the credentials to assume it come from"),
        ("[profile p]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Ec2\n",
         "profile 'p' has credential_source 'Ec2'; use one of Environment, Ec2InstanceMetadata, EcsContainer"),
        ("[profile p]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = ghost\n",
         "profile 'p' names source_profile 'ghost', which is not defined in the shared config or credentials files"),
        ("[profile p]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = q\n[profile q]\nregion = eu-west-1\n",
         "the source_profile 'q' of profile 'p' has no credentials"),
        ("[profile p]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = p\n",
         "the source_profile chain of profile 'p' loops: p -> p; a profile's source_profile cannot lead back to it"),
        ("[profile p]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = q\nduration_seconds = 60\n[profile q]\naws_access_key_id = A\naws_secret_access_key = s\n",
         "profile 'p' has duration_seconds = 60; use a whole number of seconds from 900 to 43200"),
        ("[profile p]\nweb_identity_token_file = /tmp/t\n", "profile 'p' has web_identity_token_file but no role_arn"),
        ("[profile p]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n",
         "profile 'p' names sso_session 'corp', but the config file has no [sso-session corp] section"),
        ("[profile p]\nsso_session = corp\nsso_account_id = 1\n[sso-session corp]\nsso_region = eu-west-1\n",
         "profile 'p' (with sso-session 'corp') is configured for SSO but lacks sso_start_url, sso_role_name"),
        ("[profile p]\nsso_start_url = https://x\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = R\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://y\nsso_region = eu-west-1\n",
         "profile 'p' has sso_start_url = https://x, but its sso_session 'corp' has https://y; they must match"),
    ])
    func profileMistakesAreClearErrors(config: String, message: String) async {
        let provider = ProfileCredentialProvider(files: SharedConfigFiles(config: config, credentials: nil), profile: "p", explicit: true,
                                                 environment: [:], transport: transport)
        let error = await #expect(throws: CredentialError.self) { try await provider.credentials() }
        #expect(error?.message == message)
    }

    @Test func aProfileMayNameItselfForItsOwnKeys() throws {
        let files = SharedConfigFiles(config: "[profile p]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = p\naws_access_key_id = A\naws_secret_access_key = s\n",
                                      credentials: nil)
        let provider = try #require(try ProfileCredentialResolver(files: files, environment: [:], transport: transport, selected: "p").provider(for: "p"))
        let role = try #require(provider as? AssumeRoleCredentialProvider)
        #expect(role.request == .init(roleArn: "arn:aws:iam::1:role/r", roleSessionName: "lookout-scheduler"))
        #expect(role.source.name == "profile p")
    }
}

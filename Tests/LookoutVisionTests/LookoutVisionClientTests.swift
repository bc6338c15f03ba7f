import AWSCore
import Foundation
import LookoutEmulator
import SigV4
import Testing
@testable import LookoutVision

@Suite struct LookoutVisionClientTests {
    @Test func followsNextTokenAcrossPages() async throws {
        let h = try await EmulatorHarness.start(fleet: EmulatorHarness.fleet(projects: 25), pageSize: 7)
        defer { Task { await h.server.shutdown() } }
        let projects = try await h.client.listProjects()
        #expect(projects.value.map(\.projectName) == (1...25).map { "project-\($0)" })
        let calls = h.service.requests.filter { $0.operation == "ListProjects" }
        #expect(calls.count == 4)
        #expect(calls.allSatisfy { $0.status == 200 })
        // Later pages carry the token, percent-encoded on the wire.
        #expect(calls.dropFirst().allSatisfy { $0.uri.contains("nextToken=") })
        #expect(calls[1].uri.contains("%3D"))
    }

    @Test func listsModelsWithStatusesInOneCallPerProject() async throws {
        let h = try await EmulatorHarness.start(fleet: EmulatorHarness.fleet(projects: 3, models: 4))
        defer { Task { await h.server.shutdown() } }
        let models = try await h.client.listModels(project: "project-2")
        #expect(Set(models.value.map(\.modelVersion)) == ["1", "2", "3", "4"])
        #expect(models.value.first { $0.modelVersion == "1" }?.knownStatus == .hosted)
        #expect(models.value.first { $0.modelVersion == "2" }?.knownStatus == .trained)
        #expect(h.service.requests.count == 1)
    }

    @Test func stopsAHostedModelThenItSettles() async throws {
        let h = try await EmulatorHarness.start(fleet: EmulatorHarness.fleet(projects: 1), stopDelay: 4)
        defer { Task { await h.server.shutdown() } }
        let stopped = try await h.client.stopModel(project: "project-1", version: "1", clientToken: "token-1")
        #expect(stopped.value == "STOPPING_HOSTING")
        #expect(stopped.attempts == 1)
        #expect(stopped.requestId != nil)
        #expect(try await h.client.describeModel(project: "project-1", version: "1").value.status == "STOPPING_HOSTING")
        try await Task.sleep(nanoseconds: 4_100_000_000)
        #expect(try await h.client.describeModel(project: "project-1", version: "1").value.status == "TRAINED")
        // The same token answers the first answer again, even though the model has moved on.
        let again = try await h.client.stopModel(project: "project-1", version: "1", clientToken: "token-1")
        #expect(again.value == "STOPPING_HOSTING")
        let stops = h.service.requests.filter { $0.operation == "StopModel" }
        #expect(stops.map(\.clientToken) == ["token-1", "token-1"])
    }

    /// Each modelled error reaches the caller typed, with code, status and request id; 4xx are
    /// never retried.
    @Test(arguments: [
        ("project-1", "2", "ConflictException", 409),      // TRAINED: cannot stop
        ("project-9", "1", "ResourceNotFoundException", 404),
        ("project-1", "7", "ResourceNotFoundException", 404),
    ])
    func reportsServiceErrorsWithoutRetrying(project: String, version: String, code: String, status: Int) async throws {
        let h = try await EmulatorHarness.start(fleet: EmulatorHarness.fleet(projects: 1))
        defer { Task { await h.server.shutdown() } }
        let error = await #expect(throws: AWSError.self) {
            try await h.client.stopModel(project: project, version: version, clientToken: "t")
        }
        #expect(error?.code.rawValue == code)
        #expect(error?.status == status)
        #expect(error?.requestId?.isEmpty == false)
        #expect(error?.retryable == false)
        #expect(error?.attempts == 1)
        #expect(h.service.requests.count == 1)
    }

    @Test func retriesThrottlingWithTheSameClientToken() async throws {
        var fleet = EmulatorHarness.fleet(projects: 1)
        fleet.faults = [FaultRule(operation: "StopModel", kind: .throttle, times: 2, seconds: 1)]
        let h = try await EmulatorHarness.start(fleet: fleet)
        defer { Task { await h.server.shutdown() } }
        let stopped = try await h.client.stopModel(project: "project-1", version: "1", clientToken: "same-token")
        #expect(stopped.value == "STOPPING_HOSTING")
        #expect(stopped.attempts == 3)
        let stops = h.service.requests.filter { $0.operation == "StopModel" }
        #expect(stops.map(\.status) == [429, 429, 202])
        #expect(Set(stops.map(\.clientToken)) == ["same-token"])
    }

    @Test(arguments: [FaultRule.Kind.throttle, .error500, .nonJSON, .drop])
    func givesUpAfterThreeAttempts(kind: FaultRule.Kind) async throws {
        var fleet = EmulatorHarness.fleet(projects: 1)
        fleet.faults = [FaultRule(operation: "ListModels", kind: kind)]
        let h = try await EmulatorHarness.start(fleet: fleet)
        defer { Task { await h.server.shutdown() } }
        let error = await #expect(throws: AWSError.self) { try await h.client.listModels(project: "project-1") }
        #expect(error?.attempts == 3)
        #expect(error?.retryable == true)
        #expect(h.service.requests.count == 3)
        switch kind {
        case .throttle: #expect(error?.code == "ThrottlingException")
        case .error500: #expect(error?.code == "InternalServerException")
        case .nonJSON:
            #expect(error?.status == 503)
            #expect(error?.code == "HTTP503")
            #expect(error?.message.hasPrefix("unexpected non-JSON body (HTTP 503): <html>") == true)
        default: #expect(error?.code == "ConnectionError")
        }
    }

    @Test func neverRetriesAccessDenied() async throws {
        var fleet = EmulatorHarness.fleet(projects: 1)
        fleet.faults = [FaultRule(operation: "ListProjects", kind: .accessDenied)]
        let h = try await EmulatorHarness.start(fleet: fleet)
        defer { Task { await h.server.shutdown() } }
        let error = await #expect(throws: AWSError.self) { try await h.client.listProjects() }
        #expect(error?.code == "AccessDeniedException")
        #expect(error?.attempts == 1)
        #expect(h.service.requests.count == 1)
    }

    @Test func timesOutAHangingServer() async throws {
        var fleet = EmulatorHarness.fleet(projects: 1)
        fleet.faults = [FaultRule(operation: "DescribeModel", kind: .hang, times: 2)]
        let h = try await EmulatorHarness.start(fleet: fleet, requestTimeout: 0.5)
        defer { Task { await h.server.shutdown() } }
        // Two attempts hang past the timeout, the third answers.
        let d = try await h.client.describeModel(project: "project-1", version: "1")
        #expect(d.value.status == "HOSTED")
        #expect(d.attempts == 3)
    }

    @Test func recoversFromADroppedConnectionAndLatency() async throws {
        var fleet = EmulatorHarness.fleet(projects: 1)
        fleet.faults = [FaultRule(operation: "ListModels", kind: .drop, times: 1),
                        FaultRule(operation: "ListModels", kind: .latency, times: 1, seconds: 0.2)]
        let h = try await EmulatorHarness.start(fleet: fleet)
        defer { Task { await h.server.shutdown() } }
        let models = try await h.client.listModels(project: "project-1")
        #expect(models.value.count == 2)
        #expect(models.attempts == 2)
    }

    @Test func wrongSecretIsRejectedAsAWSDoes() async throws {
        let h = try await EmulatorHarness.start(fleet: EmulatorHarness.fleet(projects: 1),
                                                credentials: Credentials(accessKeyId: EmulatorHarness.accessKeyId, secretAccessKey: "wrong"))
        defer { Task { await h.server.shutdown() } }
        let error = await #expect(throws: AWSError.self) { try await h.client.listProjects() }
        #expect(error?.code == "InvalidSignatureException")
        #expect(error?.status == 403)
        #expect(error?.message.hasPrefix("The request signature we calculated does not match") == true)
        #expect(error?.attempts == 1)
    }

    @Test func unknownAccessKeyIsRejected() async throws {
        let h = try await EmulatorHarness.start(fleet: EmulatorHarness.fleet(projects: 1),
                                                credentials: Credentials(accessKeyId: "AKIDOTHER", secretAccessKey: EmulatorHarness.secret))
        defer { Task { await h.server.shutdown() } }
        let error = await #expect(throws: AWSError.self) { try await h.client.listProjects() }
        #expect(error?.code == "UnrecognizedClientException")
    }

    @Test func signsArnPathLabelsAndReadsTags() async throws {
        let h = try await EmulatorHarness.start(fleet: EmulatorHarness.fleet(projects: 2))
        defer { Task { await h.server.shutdown() } }
        let models = try await h.client.listModels(project: "project-2")
        let arn = try #require(models.value.first { $0.modelVersion == "1" }?.modelArn)
        let tags = try await h.client.listTags(resourceArn: arn)
        #expect(tags.value == [Tag(key: "owner", value: "team-2")])
        let call = try #require(h.service.requests.last)
        #expect(call.uri == "/2020-11-20/tags/arn%3Aaws%3Alookoutvision%3Aeu-west-1%3A123456789012%3Amodel%2Fproject-2%2F1")
        #expect(call.status == 200)
    }

    @Test func startsATrainedModel() async throws {
        let h = try await EmulatorHarness.start(fleet: EmulatorHarness.fleet(projects: 1), stopDelay: 0.1)
        defer { Task { await h.server.shutdown() } }
        let started = try await h.client.startModel(project: "project-1", version: "2", minInferenceUnits: 2, clientToken: "start-1")
        #expect(started.value == "STARTING_HOSTING")
        try await Task.sleep(nanoseconds: 200_000_000)
        let d = try await h.client.describeModel(project: "project-1", version: "2")
        #expect(d.value.status == "HOSTED")
        #expect(d.value.minInferenceUnits == 2)
    }

    @Test(arguments: [("bad/name", "1"), ("-x", "1"), ("ok", "0"), ("ok", "1.2"), ("ok", "latest"), ("ok", "12345678901")])
    func validatesInputBeforeAnyRequest(project: String, version: String) async throws {
        let h = try await EmulatorHarness.start(fleet: EmulatorHarness.fleet(projects: 1))
        defer { Task { await h.server.shutdown() } }
        let error = await #expect(throws: AWSError.self) { try await h.client.stopModel(project: project, version: version, clientToken: "t") }
        #expect(error?.code == "InvalidParameter")
        #expect(h.service.requests.isEmpty)
        let badToken = await #expect(throws: AWSError.self) { try await h.client.stopModel(project: "ok", version: "1", clientToken: "no spaces") }
        #expect(badToken?.code == "InvalidParameter")
    }

    @Test func rejectsASkewedClock() async throws {
        let service = EmulatorService(fleet: EmulatorHarness.fleet(projects: 1),
                                      configuration: .init(credentials: [EmulatorHarness.accessKeyId: (EmulatorHarness.secret, nil)]))
        let server = try await EmulatorServer(service: service)
        defer { Task { await server.shutdown() } }
        let aws = AWSServiceClient(signingName: "lookoutvision", configuration: ServiceConfiguration(region: "eu-west-1", endpoint: server.endpoint),
                                   credentials: StaticCredentialProvider(Credentials(accessKeyId: EmulatorHarness.accessKeyId, secretAccessKey: EmulatorHarness.secret)),
                                   transport: CurlTransport(), options: .init(requestsPerSecond: 0),
                                   now: { Date().timeIntervalSince1970 - 600 })
        let error = await #expect(throws: AWSError.self) { try await LookoutVisionClient(service: aws).listProjects() }
        #expect(error?.code == "InvalidSignatureException")
        #expect(error?.message.hasPrefix("Signature expired") == true)
    }

    @Test func sessionTokensAreSignedAndChecked() async throws {
        let service = EmulatorService(fleet: EmulatorHarness.fleet(projects: 1),
                                      configuration: .init(credentials: ["ASIATEMP": ("temp-secret", "session-token-1")]))
        let server = try await EmulatorServer(service: service)
        defer { Task { await server.shutdown() } }
        func client(token: String?) -> LookoutVisionClient {
            LookoutVisionClient(service: AWSServiceClient(
                signingName: "lookoutvision", configuration: ServiceConfiguration(region: "eu-west-1", endpoint: server.endpoint),
                credentials: StaticCredentialProvider(Credentials(accessKeyId: "ASIATEMP", secretAccessKey: "temp-secret", sessionToken: token)),
                transport: CurlTransport(), options: .init(requestsPerSecond: 0)))
        }
        #expect(try await client(token: "session-token-1").listProjects().value.count == 1)
        let error = await #expect(throws: AWSError.self) { try await client(token: nil).listProjects() }
        #expect(error?.code == "UnrecognizedClientException")
    }
}

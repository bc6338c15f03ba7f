import AWSCore
import Foundation
import LookoutEmulator
import ModelHosting
import SigV4
import Testing
@testable import RekognitionCustomLabels

@Suite struct RekognitionStatusTests {
    /// The documented mapping: RUNNING hosted; STARTING, STOPPING transitional; STOPPED and
    /// TRAINING_COMPLETED stopped (may be started); everything else unavailable.
    @Test(arguments: ProjectVersionStatus.allCases)
    func everyStatusMapsToOneHostingState(_ status: ProjectVersionStatus) {
        let expected: HostingState
        switch status {
        case .running: expected = .hosted
        case .starting, .stopping: expected = .transitional
        case .stopped, .trainingCompleted: expected = .stopped
        default: expected = .unavailable
        }
        #expect(status.hostingState == expected)
        #expect(ProjectVersionStatus.serviceStatus(status.rawValue) == ServiceStatus(raw: status.rawValue, state: expected))
    }

    @Test func anUnknownStatusIsNeverActedOn() {
        #expect(ProjectVersionStatus.serviceStatus("SOMETHING_NEW").state == .unavailable)
        #expect(ProjectVersionStatus.serviceStatus(nil).raw == "UNKNOWN")
    }

    @Test func namesComeFromTheARNs() {
        #expect(RekognitionARN.projectName("arn:aws:rekognition:eu-west-1:123456789012:project/shelf.v2/1690000000000") == "shelf.v2")
        #expect(RekognitionARN.versionName("arn:aws:rekognition:eu-west-1:123456789012:project/shelf/version/shelf.2026-01-15T10.22.04/1690000000001")
            == "shelf.2026-01-15T10.22.04")
        #expect(RekognitionARN.versionName("arn:aws:lookoutvision:eu-west-1:123456789012:model/a/1") == nil)
    }
}

@Suite struct RekognitionClientTests {
    static let fleet = Fleet(region: "eu-west-1", projects: [
        Fleet.Project(name: "shelf", service: "rekognition", models: (1...7).map {
            Fleet.Model(version: "shelf.2026-01-0\($0)T00.00.00", status: $0 == 1 ? "RUNNING" : "STOPPED", inferenceUnits: $0)
        }),
        Fleet.Project(name: "adapter", service: "rekognition", feature: "CONTENT_MODERATION",
                      models: [Fleet.Model(version: "adapter.1", status: "RUNNING")]),
        Fleet.Project(name: "shelf", models: [Fleet.Model(version: "1", status: "HOSTED")]),
    ])

    /// Where the harness's client counts its requests (one per test).
    let ledger = CallLedger()

    func harness(signingName: String = "rekognition", pageSize: Int = 3) async throws -> (EmulatorServer, RekognitionClient) {
        let service = EmulatorService(fleet: RekognitionClientTests.fleet,
                                      configuration: .init(credentials: ["AKIDREK": ("rek-secret", nil)], pageSize: pageSize, stopDelay: 60))
        let server = try await EmulatorServer(service: service)
        let client = RekognitionClient(service: AWSServiceClient(
            signingName: signingName, configuration: ServiceConfiguration(region: "eu-west-1", endpoint: server.endpoint),
            credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKIDREK", secretAccessKey: "rek-secret")),
            transport: CurlTransport(), options: .init(requestsPerSecond: 0, ledger: ledger)))
        return (server, client)
    }

    /// Paging to the end, Custom Labels only; inference units read with the listing.
    @Test func listsEveryVersionAcrossPages() async throws {
        let (server, client) = try await harness()
        defer { Task { await server.shutdown() } }
        let service = RekognitionService(client: client)
        let projects = try await service.listProjects()
        #expect(projects.value == ["shelf"])
        let resolved = ledger.requests(of: RekognitionOperation.describeProjects)
        let models = try await service.listModels(project: "shelf")
        #expect(models.value.count == 7 && ledger.requests(of: RekognitionOperation.describeProjectVersions) == 3)
        #expect(ledger.requests(of: RekognitionOperation.describeProjects) == resolved)  // the ARN came from the listing
        let running = try #require(models.value.first { $0.status.state == .hosted })
        #expect(running.version == "shelf.2026-01-01T00.00.00" && running.inferenceUnits == 1)
        #expect(server.service.requests.allSatisfy { $0.status == 200 })
    }

    /// A project the rules name is resolved by name first (one DescribeProjects), counted apart.
    @Test func aNamedProjectIsResolvedByName() async throws {
        let (server, client) = try await harness()
        defer { Task { await server.shutdown() } }
        let models = try await RekognitionService(client: client).listModels(project: "shelf")
        #expect(models.value.count == 7)
        #expect(ledger.requests(of: RekognitionOperation.describeProjects) == 1)
        let missing = await #expect(throws: AWSError.self) { try await RekognitionService(client: client).listModels(project: "nope") }
        #expect(missing?.code == .resourceNotFound)
    }

    /// The emulator verifies SigV4 for the service `rekognition`, as AWS does.
    @Test func aRequestSignedForAnotherServiceIsRejected() async throws {
        let (server, client) = try await harness(signingName: "lookoutvision")
        defer { Task { await server.shutdown() } }
        let error = await #expect(throws: AWSError.self) { try await client.describeProjects() }
        #expect(error?.code == "InvalidSignatureException")
        #expect(error?.message.contains("'rekognition'") == true)
    }

    /// Errors come from the JSON 1.1 body's `__type`; ResourceInUseException is never retried.
    @Test func aStopOfAStoppedVersionIsResourceInUse() async throws {
        let (server, client) = try await harness()
        defer { Task { await server.shutdown() } }
        let service = RekognitionService(client: client)
        let versions = try await service.listModels(project: "shelf").value
        let stopped = try #require(versions.first { $0.status.state == .stopped })
        let error = await #expect(throws: AWSError.self) { try await service.stop(stopped.ref, clientToken: nil) }
        #expect(error?.code == .resourceInUse && error?.attempts == 1 && error?.status == 400)
        let running = try #require(versions.first { $0.status.state == .hosted })
        let out = try await service.stop(running.ref, clientToken: nil)
        #expect(out.value.raw == "STOPPING" && out.value.state == .transitional)
    }

    @Test func inputsAreCheckedBeforeAnyRequest() async throws {
        let (server, client) = try await harness()
        defer { Task { await server.shutdown() } }
        let bad = await #expect(throws: AWSError.self) { try await client.stopProjectVersion(arn: "arn:aws:rekognition:eu-west-1:1:project/x") }
        #expect(bad?.code == .invalidParameter)
        let units = await #expect(throws: AWSError.self) {
            try await client.startProjectVersion(arn: "arn:aws:rekognition:eu-west-1:123456789012:project/a/version/a.1/1", minInferenceUnits: 0)
        }
        #expect(units?.code == .invalidParameter)
        #expect(server.service.requests.isEmpty)
    }
}

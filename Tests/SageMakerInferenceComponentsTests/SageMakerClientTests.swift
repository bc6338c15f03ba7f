import AWSCore
import Foundation
import LookoutEmulator
import ModelHosting
import SigV4
import Testing
@testable import SageMakerInferenceComponents

@Suite struct InferenceComponentStatusTests {
    /// The documented mapping: InService with copies hosted, with 0 copies stopped; Creating,
    /// Updating, Deleting transitional; Failed unavailable (never started).
    @Test(arguments: InferenceComponentStatus.allCases)
    func everyStatusMapsToOneHostingState(_ status: InferenceComponentStatus) {
        switch status {
        case .inService:
            #expect(status.hostingState(copies: 2) == .hosted)
            #expect(status.hostingState(copies: 0) == .stopped)
        case .creating, .updating, .deleting:
            #expect(status.hostingState(copies: 2) == .transitional && status.hostingState(copies: 0) == .transitional)
        case .failed:
            #expect(status.hostingState(copies: 0) == .unavailable && status.hostingState(copies: 3) == .unavailable)
        }
    }

    @Test func anUnknownStatusIsNeverActedOn() {
        #expect(InferenceComponentStatus.serviceStatus("Pending\u{1B}[2J", copies: 1).state == .unavailable)
        #expect(InferenceComponentStatus.serviceStatus("Pending\u{1B}[2J", copies: 1).raw.contains("\u{1B}") == false)
        #expect(InferenceComponentStatus.serviceStatus(nil, copies: nil).raw == "UNKNOWN")
    }

    @Test func namesFollowTheServiceModelsPatterns() {
        #expect(SageMakerInputValidation.isComponentName("llama-3-8b"))
        #expect(!SageMakerInputValidation.isComponentName("-lead"))
        #expect(!SageMakerInputValidation.isComponentName("trail-"))
        #expect(!SageMakerInputValidation.isComponentName("under_score"))
        #expect(!SageMakerInputValidation.isComponentName(String(repeating: "a", count: 64)))
        #expect(SageMakerInputValidation.isComponentArn("arn:aws:sagemaker:eu-west-1:123456789012:inference-component/a-b"))
        #expect(!SageMakerInputValidation.isComponentArn("arn:aws:sagemaker:eu-west-1:1234:inference-component/a-b"))
        #expect(!SageMakerInputValidation.isComponentArn("arn:aws:rekognition:eu-west-1:123456789012:inference-component/a-b"))
    }
}

@Suite struct SageMakerClientTests {
    static let fleet = Fleet(region: "eu-west-1", projects: [
        Fleet.Project(name: "llm", service: "sagemaker", minInstanceCount: 0, models: (1...7).map {
            Fleet.Model(version: "comp-\($0)", status: "InService", copies: $0 == 1 ? 0 : $0)
        }),
        Fleet.Project(name: "vision", service: "sagemaker", models: [
            Fleet.Model(version: "detector", status: "InService", copies: 2, autoscalingMin: 1),
            Fleet.Model(version: "classifier", status: "Updating", copies: 1),
            Fleet.Model(version: "broken", status: "Failed", copies: 0),
        ]),
    ])
    /// Where the harness's clients count their requests (one per test).
    let ledger = CallLedger()

    /// Requests of `operation` the harness's clients sent so far.
    func sent(_ operation: SageMakerOperation) -> Int { ledger.requests(of: operation) }

    func harness(signingName: String = "sagemaker", pageSize: Int = 3, covers: @escaping @Sendable (String, String) -> Bool = { _, _ in true })
        async throws -> (EmulatorServer, SageMakerService) {
        let emulator = EmulatorService(fleet: SageMakerClientTests.fleet,
                                       configuration: .init(credentials: ["AKIDSM": ("sm-secret", nil)], pageSize: pageSize, stopDelay: 60, startDelay: 60))
        let server = try await EmulatorServer(service: emulator)
        func client(_ name: String) -> AWSServiceClient {
            AWSServiceClient(signingName: name, configuration: ServiceConfiguration(region: "eu-west-1", endpoint: server.endpoint),
                             credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKIDSM", secretAccessKey: "sm-secret")),
                             transport: CurlTransport(), options: .init(requestsPerSecond: 0, ledger: ledger))
        }
        let service = SageMakerService(client: SageMakerClient(service: client(signingName)),
                                       autoScaling: ApplicationAutoScalingClient(service: client(signingName == "sagemaker" ? "application-autoscaling" : signingName)),
                                       covers: covers)
        return (server, service)
    }

    /// Paging to the end: every endpoint, every component; only covered components described.
    @Test func listsEveryComponentAcrossPagesAndDescribesOnlyCoveredOnes() async throws {
        let (server, service) = try await harness(covers: { endpoint, component in endpoint == "llm" && component != "comp-7" })
        defer { Task { await server.shutdown() } }
        let endpoints = try await service.listProjects()
        #expect(endpoints.value == ["llm", "vision"])
        #expect(sent(.listInferenceComponents) == 4)  // 10 components, 3 per page
        let llm = try await service.listModels(project: "llm")
        #expect(llm.value.count == 7 && sent(.listInferenceComponents) == 4)  // from the listing of every component
        #expect(sent(.describeInferenceComponent) == 6 && sent(.describeEndpoint) == 1)
        let idle = try #require(llm.value.first { $0.version == "comp-1" })
        #expect(idle.status == ServiceStatus(raw: "InService", state: .stopped) && idle.copies == 0)
        let busy = try #require(llm.value.first { $0.version == "comp-3" })
        #expect(busy.status.state == .hosted && busy.copies == 3 && busy.inferenceUnits == 3)
        #expect(llm.value.first { $0.version == "comp-7" }?.copies == nil)  // not covered: not described
        let before = ledger.totals
        _ = try await service.listModels(project: "vision")
        #expect(ledger.totals == before)  // nothing covered: no describe, no DescribeEndpoint
        let described = server.service.requests.filter { $0.operation == "DescribeInferenceComponent" }.compactMap(\.version)
        #expect(Set(described) == Set((1...6).map { "comp-\($0)" }))
    }

    /// Under a rate limit, one endpoint's components are described at a time: every describe of
    /// the endpoint listed first comes before any of the other's.
    @Test func underARateLimitEndpointsAreDescribedOneAtATime() async throws {
        // More components than describes in flight (8), so that without the gate the second endpoint's would come between.
        var fleet = Fleet(region: "eu-west-1", projects: [
            Fleet.Project(name: "big", service: "sagemaker", models: (1...20).map { Fleet.Model(version: "big-\($0)", status: "InService", copies: 1) }),
            Fleet.Project(name: "small", service: "sagemaker", models: (1...3).map { Fleet.Model(version: "small-\($0)", status: "InService", copies: 1) }),
        ])
        fleet.faults = [FaultRule(operation: "DescribeInferenceComponent", kind: .latency, seconds: 0.05)]
        let emulator = EmulatorService(fleet: fleet, configuration: .init(credentials: ["AKIDSM": ("sm-secret", nil)]))
        let server = try await EmulatorServer(service: emulator)
        defer { Task { await server.shutdown() } }
        func client(_ name: String) -> AWSServiceClient {
            AWSServiceClient(signingName: name, configuration: ServiceConfiguration(region: "eu-west-1", endpoint: server.endpoint),
                             credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKIDSM", secretAccessKey: "sm-secret")),
                             transport: CurlTransport(), options: .init(requestsPerSecond: 20))
        }
        let service = SageMakerService(client: SageMakerClient(service: client("sagemaker")),
                                       autoScaling: ApplicationAutoScalingClient(service: client("application-autoscaling")))
        _ = try await service.listProjects()
        async let big = service.listModels(project: "big")
        try await Task.sleep(nanoseconds: 20_000_000)
        async let small = service.listModels(project: "small")
        _ = try await (big, small)
        let order = emulator.requests.filter { $0.operation == "DescribeInferenceComponent" }.compactMap(\.version)
        #expect(order.count == 23)
        #expect(order.prefix(20).allSatisfy { $0.hasPrefix("big-") } && order.suffix(3).allSatisfy { $0.hasPrefix("small-") }, "\(order)")
    }

    /// Without a listing of every component, an endpoint the rules name is listed by itself.
    @Test func aNamedEndpointIsListedAlone() async throws {
        let (server, service) = try await harness()
        defer { Task { await server.shutdown() } }
        let vision = try await service.listModels(project: "vision")
        #expect(vision.value.map(\.version).sorted() == ["broken", "classifier", "detector"] && sent(.listInferenceComponents) == 1)
        #expect(vision.value.first { $0.version == "classifier" }?.status.state == .transitional)
        #expect(vision.value.first { $0.version == "broken" }?.status.state == .unavailable)
    }

    /// A stop is CopyCount 0; the copies move after the delay, Updating meanwhile; a second update
    /// while Updating is refused, and the retry after a lost answer is judged by DesiredCopyCount.
    @Test func aStopScalesToZeroAndALostAnswerIsRecognised() async throws {
        let (server, service) = try await harness()
        defer { Task { await server.shutdown() } }
        let ref = ModelRef(project: "llm", version: "comp-2")
        server.service.inject(FaultRule(operation: "UpdateInferenceComponentRuntimeConfig", version: "comp-2", kind: .loseAnswer, times: 1))
        let out = try await service.stop(ref, clientToken: nil)
        #expect(out.value.raw == "Updating" && out.attempts == 2)
        #expect(sent(.updateInferenceComponentRuntimeConfig) == 2 && sent(.describeInferenceComponent) == 1)
        let now = try await service.describe(ref).value
        #expect(now.status.raw == "Updating" && now.copies == 2)
        // An update refused when the component's desired count is not the one asked for stays an error.
        let refused = await #expect(throws: AWSError.self) { try await service.start(ModelRef(project: "vision", version: "broken"),
                                                                                     minInferenceUnits: 1, maxInferenceUnits: nil, clientToken: nil) }
        #expect(refused?.code == .validation && refused?.attempts == 1)
    }

    /// Auto scaling with a minimum of 1 defers; an endpoint without scale-to-zero saves nothing
    /// (one warning per endpoint); scale-to-zero stops. One DescribeScalableTargets per region.
    @Test func theStopCheckDefersOrZeroesTheSaving() async throws {
        let (server, service) = try await harness()
        defer { Task { await server.shutdown() } }
        _ = try await service.listProjects()
        _ = try await service.listModels(project: "llm")
        _ = try await service.listModels(project: "vision")
        #expect(sent(.describeScalableTargets) == 0)
        let detector = await service.checkStop(HostedModelStop(ref: ModelRef(project: "vision", version: "detector"), copies: 2))
        guard case .deferred(let why) = detector.verdict else { Issue.record("not deferred: \(detector.verdict)"); return }
        #expect(why.contains("MinCapacity 1") && detector.warning != nil)
        #expect(sent(.describeScalableTargets) == 1)
        let before = ledger.totals
        let llm = await service.checkStop(HostedModelStop(ref: ModelRef(project: "llm", version: "comp-3"), copies: 3))
        #expect(llm.verdict == .stop && ledger.totals == before)
        // The vision endpoint has no managed instance scaling: stopped, saving 0, warned once.
        let a = await service.checkStop(HostedModelStop(ref: ModelRef(project: "vision", version: "classifier"), copies: 1))
        let b = await service.checkStop(HostedModelStop(ref: ModelRef(project: "vision", version: "broken"), copies: 0))
        guard case .stopWithoutSaving(let reason) = a.verdict, case .stopWithoutSaving = b.verdict else { Issue.record("\(a.verdict) \(b.verdict)"); return }
        #expect(reason.contains("saving 0"))
        #expect(a.warning?.contains("MinInstanceCount: 0") == true && b.warning == nil)
        #expect(server.service.requests.filter { $0.operation == "DescribeScalableTargets" }.count == 1)
    }

    /// The emulator verifies SigV4 for the service `sagemaker`, as AWS does.
    @Test func aRequestSignedForAnotherServiceIsRejected() async throws {
        let (server, service) = try await harness(signingName: "rekognition")
        defer { Task { await server.shutdown() } }
        let error = await #expect(throws: AWSError.self) { try await service.listProjects() }
        #expect(error?.code == "InvalidSignatureException")
        #expect(error?.message.contains("'sagemaker'") == true)
        let scaling = await service.checkStop(HostedModelStop(ref: ModelRef(project: "llm", version: "comp-2")))
        guard case .failed(let e) = scaling.verdict else { Issue.record("\(scaling.verdict)"); return }
        #expect(e.code == "InvalidSignatureException" && e.message.contains("'application-autoscaling'"))
    }

    @Test func inputsAreCheckedBeforeAnyRequest() async throws {
        let (server, service) = try await harness()
        defer { Task { await server.shutdown() } }
        let bad = await #expect(throws: AWSError.self) { try await service.client.updateCopyCount(name: "bad_name", copies: 0) }
        #expect(bad?.code == .invalidParameter)
        let count = await #expect(throws: AWSError.self) { try await service.client.updateCopyCount(name: "ok", copies: -1) }
        #expect(count?.code == .invalidParameter)
        let endpoint = await #expect(throws: AWSError.self) { try await service.client.describeEndpoint(name: "x-") }
        #expect(endpoint?.code == .invalidParameter)
        #expect(server.service.requests.isEmpty)
    }
}

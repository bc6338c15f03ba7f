import AWSCore
import Foundation
import HostingSchedule
import ModelHosting

/// An in-memory `ModelHostingService`: models with statuses, stops that move them, errors on
/// demand, and a record of every call. The seam that lets the runner be tested without HTTP.
final class FakeHostingService: ModelHostingService, @unchecked Sendable {
    let kind = ServiceKind.lookoutVision
    let region: String
    let hostedStatusName = "UP"
    let endpoint = "memory:"
    private let lock = NSLock()
    private var models: [String: [HostedModel]]
    private var failing: [String: AWSError] = [:]
    private var _calls: [String] = []
    /// What `describe` answers after a stop (`DOWN` unless set).
    var statusAfterStop = FakeHostingService.down

    static let up = ServiceStatus(raw: "UP", state: .hosted)
    static let down = ServiceStatus(raw: "DOWN", state: .stopped)
    static let moving = ServiceStatus(raw: "MOVING", state: .transitional)
    static let broken = ServiceStatus(raw: "BROKEN", state: .unavailable)

    init(region: String = "eu-west-1", projects: [String: [(String, ServiceStatus)]]) {
        self.region = region
        models = projects.mapValues { $0.map { HostedModel(project: "", version: $0.0, status: $0.1) } }
        for (p, list) in models { models[p] = list.map { HostedModel(project: p, version: $0.version, status: $0.status) } }
    }

    /// Makes `operation` fail for `key` (a project for listings, `project/version` for a model).
    func fail(_ key: String, with code: AWSErrorCode) {
        lock.withLock { failing[key] = AWSError(code: code, message: "injected", status: 400) }
    }

    var calls: [String] { lock.withLock { _calls } }
    func status(_ project: String, _ version: String) -> String? {
        lock.withLock { models[project]?.first { $0.version == version }?.status.raw }
    }

    private func record(_ call: String, key: String) throws(AWSError) {
        let error: AWSError? = lock.withLock {
            _calls.append(call)
            return failing[key]
        }
        if let error { throw error }
    }

    func name(of operation: HostingOperation) -> String { "\(operation)" }

    func listProjects() async throws(AWSError) -> ServiceAnswer<[String]> {
        try record("listProjects", key: "*")
        return ServiceAnswer(value: lock.withLock { models.keys.sorted() }, attempts: 1, requestId: nil)
    }

    func listModels(project: String) async throws(AWSError) -> ServiceAnswer<[HostedModel]> {
        try record("listModels \(project)", key: project)
        guard let list = lock.withLock({ models[project] }) else {
            throw AWSError(code: .resourceNotFound, message: "no project \(project)", status: 404)
        }
        return ServiceAnswer(value: list, attempts: 1, requestId: nil)
    }

    func describe(_ ref: ModelRef) async throws(AWSError) -> ServiceAnswer<HostedModel> {
        let (project, version) = (ref.project, ref.version)
        try record("describe \(project)/\(version)", key: "describe \(project)/\(version)")
        let model = lock.withLock { models[project]?.first { $0.version == version } }
        guard let model else { throw AWSError(code: .resourceNotFound, message: "no model", status: 404) }
        return ServiceAnswer(value: HostedModel(project: project, version: version, status: model.status, inferenceUnits: 3),
                             attempts: 1, requestId: nil)
    }

    func newClientToken() -> String? { UUID().uuidString }

    func stop(_ ref: ModelRef, clientToken: String?) async throws(AWSError) -> ServiceAnswer<ServiceStatus> {
        let (project, version) = (ref.project, ref.version)
        try record("stop \(project)/\(version)", key: "\(project)/\(version)")
        lock.withLock {
            models[project] = models[project]?.map {
                $0.version == version ? HostedModel(project: project, version: version, status: statusAfterStop) : $0
            }
        }
        return ServiceAnswer(value: FakeHostingService.moving, attempts: 1, requestId: "req-\(version)")
    }

    func start(_ ref: ModelRef, minInferenceUnits: Int, maxInferenceUnits: Int?,
               clientToken: String?) async throws(AWSError) -> ServiceAnswer<ServiceStatus> {
        try record("start \(ref.project)/\(ref.version)", key: "\(ref.project)/\(ref.version)")
        return ServiceAnswer(value: FakeHostingService.moving, attempts: 1, requestId: nil)
    }

    func tags(of model: ModelRef) async throws(AWSError) -> ServiceAnswer<[String: String]> {
        try record("tags \(model.project)/\(model.version)", key: "tags")
        return ServiceAnswer(value: [:], attempts: 1, requestId: nil)
    }
}

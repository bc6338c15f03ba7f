import AWSCore
import Foundation
import LookoutEmulator
import LookoutVision
import SigV4

/// An emulator on loopback and a client pointed at it, over real HTTP with real signing.
struct EmulatorHarness {
    static let accessKeyId = "AKIDTEST"
    static let secret = "test-secret-key/with+chars"

    let server: EmulatorServer
    let client: LookoutVisionClient
    var service: EmulatorService { server.service }

    /// A fleet of `projects` projects of `models` versions each; version 1 of every project HOSTED.
    static func fleet(projects: Int, models: Int = 2, region: String = "eu-west-1") -> Fleet {
        Fleet(region: region, projects: (1...projects).map { p in
            Fleet.Project(name: "project-\(p)", models: (1...models).map { v in
                Fleet.Model(version: String(v), status: v == 1 ? "HOSTED" : "TRAINED", tags: ["owner": "team-\(p)"])
            })
        })
    }

    static func start(fleet: Fleet, pageSize: Int = 100, clientPageSize: Int = 100, region: String = "eu-west-1",
                      credentials: Credentials = Credentials(accessKeyId: accessKeyId, secretAccessKey: secret),
                      retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxBackoff: 0.05, maxRetryAfter: 0.05),
                      requestTimeout: Double = 5, stopDelay: Double = 0.2) async throws -> EmulatorHarness {
        let service = EmulatorService(fleet: fleet, configuration: .init(
            credentials: [accessKeyId: (secret, nil)], pageSize: pageSize, stopDelay: stopDelay, startDelay: stopDelay))
        let server = try await EmulatorServer(service: service)
        let aws = AWSServiceClient(
            signingName: LookoutVisionClient.signingName,
            configuration: ServiceConfiguration(region: region, endpoint: server.endpoint),
            credentials: StaticCredentialProvider(credentials), transport: CurlTransport(options: .init(maximumConnectionsPerHost: 32)),
            options: .init(retry: retry, requestTimeout: requestTimeout, callDeadline: 30, requestsPerSecond: 0))
        return EmulatorHarness(server: server, client: LookoutVisionClient(service: aws, pageSize: clientPageSize))
    }
}

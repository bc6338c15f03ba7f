import AWSCore
import Foundation

/// Amazon EventBridge's `PutEvents` over `AWSServiceClient`: JSON 1.1 (`POST /`,
/// `X-Amz-Target: AWSEvents.PutEvents`, `application/x-amz-json-1.1`), SigV4 with the signing
/// name `events`; retried, rate-limited and bounded like every call of the tool.
public struct EventBridgeClient: Sendable {
    /// The underlying signed client.
    public let service: AWSServiceClient

    /// The signing name and endpoint prefix.
    public static let signingName = "events"
    /// The JSON 1.1 target prefix (the service model's `targetPrefix`).
    static let targetPrefix = "AWSEvents"

    /// A client over a configured service client.
    public init(service: AWSServiceClient) { self.service = service }

    /// What the service said of one entry (`PutEventsResultEntry`): its event id, or why it was rejected.
    public struct ResultEntry: Sendable, Equatable, Decodable {
        /// The event's id, when it was accepted.
        public var EventId: String?
        /// Why it was not (`InternalFailure`, `ThrottlingException`, `MalformedDetail`, ...).
        public var ErrorCode: String?
        /// The service's words about it.
        public var ErrorMessage: String?
    }

    struct Response: Decodable {
        var FailedEntryCount: Int?
        var Entries: [ResultEntry]?
    }

    /// One PutEvents call with 1 to 10 entries for `bus`. Answers one result per entry, in order
    /// (an answer with a different number is `InvalidResponse`).
    public func putEvents(_ entries: [EventEntry], bus: String) async throws(AWSError) -> CallOutcome<[ResultEntry]> {
        guard (1...EventBatches.maximumEntries).contains(entries.count) else {
            throw AWSError(code: .invalidParameter, message: "PutEvents takes 1 to \(EventBatches.maximumEntries) entries, not \(entries.count)")
        }
        let body: [String: Any] = ["Entries": entries.map { $0.wire(bus: bus) }]
        let json = JSONProtocolClient(service: service, targetPrefix: EventBridgeClient.targetPrefix)
        let reply = try await json.call(EventBridgeOperation.putEvents, body)
        guard let decoded = try? json.decode(reply) as Response, let results = decoded.Entries, results.count == entries.count else {
            throw AWSError(code: .invalidResponse, message: "the PutEvents answer does not hold one result per entry",
                           status: reply.response.status, requestId: reply.requestId, attempts: reply.attempts)
        }
        return CallOutcome(value: results, attempts: reply.attempts, requestId: reply.requestId)
    }

    /// A client configured the way the AWS CLI would be (`--endpoint-url`,
    /// `AWS_ENDPOINT_URL_EVENTBRIDGE`, `AWS_ENDPOINT_URL`, the profile's `endpoint_url`, else
    /// `https://events.<region>.amazonaws.com`), sharing transport and credentials with the run.
    public static func fromEnvironment(_ environment: [String: String], region: String, profile: String? = nil,
                                       endpointURL: String? = nil, options: AWSServiceClient.Options = .init(),
                                       files: SharedConfigFiles, transport: any HTTPTransport,
                                       credentials: any CredentialProvider) throws(ServiceConfiguration.ResolutionError) -> EventBridgeClient {
        let configuration = try ServiceConfiguration.resolve(
            service: "EVENTBRIDGE", endpointPrefix: signingName, regionFlag: region, endpointFlag: endpointURL,
            profile: profile, environment: environment, files: files)
        return EventBridgeClient(service: AWSServiceClient(signingName: signingName, configuration: configuration,
                                                           credentials: credentials, transport: transport, options: options))
    }
}

import AWSCore
import EventDelivery
import RuleFile
import SchedulerRun

/// Where a run's events go: the rule file's `defaults.events`, with its EventBridge client.
public struct EventsTarget: Sendable {
    /// The bus and region, as the rule file gives them.
    public let setting: EventsSetting
    /// The client, in the bus's region, with the run's own credentials.
    public let client: EventBridgeClient

    /// A new publisher for one run (the run's `RecordObserver`).
    func publisher() -> EventPublisher {
        // After the actions, the events still queued or in flight get as long as one PutEvents
        // call may take with its retries (attempts x timeout), plus 5 s: then the run stops waiting.
        let options = client.service.options
        return EventPublisher(client: client, bus: setting.bus, region: setting.region,
                              finishDeadline: Double(options.retry.maxAttempts) * options.requestTimeout + 5)
    }
}

extension RunSetup {
    /// The events target of `request`: nil without `defaults.events` or for a dry run, which
    /// sends nothing. The client uses the run's credentials (the scheduler's own account, never a
    /// declared account's role), the run's transport, retries and deadlines, and the endpoint
    /// `--endpoint-url`, `AWS_ENDPOINT_URL_EVENTBRIDGE`, `AWS_ENDPOINT_URL`, the profile's, else
    /// `https://events.REGION.amazonaws.com`. Resolved before the run, so a bad endpoint is an
    /// error before any request. `options` are the run's client options (its ledger among them).
    static func eventsTarget(_ request: RunRequest, options: AWSServiceClient.Options, files: SharedConfigFiles, transport: any HTTPTransport,
                             credentials: any CredentialProvider) throws(RunSetupError) -> EventsTarget? {
        guard let setting = request.ruleFile.events, !request.dryRun else { return nil }
        do {
            let client = try EventBridgeClient.fromEnvironment(request.environment, region: setting.region, profile: request.profile,
                                                               endpointURL: request.endpointURL, options: options,
                                                               files: files, transport: transport, credentials: credentials)
            return EventsTarget(setting: setting, client: client)
        } catch {
            throw .configuration("events: \(error.description)")
        }
    }
}

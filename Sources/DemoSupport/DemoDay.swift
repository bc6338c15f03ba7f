import AuditTrail
import AWSCore
import FileSafety
import Foundation
import Hashing
import HostingSchedule
import LookoutEmulator
import RuleFile
import RunPresentation
import SchedulerRun
import SchedulerSetup
import SigV4
import Yams

/// `lookout-scheduler demo`: the demo's directory, then a sample day of runs against the bundled
/// emulator, started in process on loopback, with the same setup and the same transcript as `run`.
public struct DemoDay: Sendable {
    /// The demo's directory: a new or empty one.
    public let directory: String
    /// The rule file written there.
    public var rulesPath: String { directory + "/rules.yaml" }
    /// The audit log the runs write there.
    public var logPath: String { directory + "/audit.jsonl" }

    /// Claims `directory` (new or empty) and writes the rule file and the fleet in it, each
    /// created where none was (`O_EXCL`): the demo never replaces, removes or re-anchors a rule
    /// file, log, anchor or lock of the user's.
    public init(directory: String) throws(SafeFile.Refusal) {
        self.directory = directory
        try SafeFile.claimEmptyDirectory(directory, what: "the demo's directory")
        try SafeFile.create(rulesPath, with: Array(DemoFiles.rules.utf8), mode: 0o600, what: "the demo's rule file")
        try SafeFile.create(directory + "/fleet.yaml", with: Array(DemoFiles.fleet.utf8), mode: 0o600, what: "the demo's fleet file")
    }

    /// Plays the day: starts the emulator with the demo's fleet, runs at three hours of the day
    /// (the fleet changed between them as the story says), then shows what the log and the bus
    /// hold. Everything goes to `out`, in order; `toolVersion` is the log's.
    public func play(toolVersion: String, out: @escaping (String) -> Void) async throws {
        let ruleFile = try RuleFile.load(path: rulesPath)
        let ruleSet = ruleFile.ruleSet

        // The emulator, on loopback, verifying signatures with the demo's own credentials.
        let secret = Digest.hex(Digest.sha256(Array(UUID().uuidString.utf8))).prefix(40)
        let credentials = Credentials(accessKeyId: "AKIDDEMO", secretAccessKey: String(secret))
        let fleet = try YAMLDecoder().decode(Fleet.self, from: DemoFiles.fleet)
        let service = EmulatorService(fleet: fleet, configuration: .init(credentials: ["AKIDDEMO": (String(secret), nil)], stopDelay: 0.2))
        let server = try await EmulatorServer(service: service)
        defer { Task { await server.shutdown() } }
        // The same setup as `run`, pointed at the emulator, with no environment of the user's.
        let setup = try await RunSetup.resolve(RunRequest(
            ruleFile: ruleFile, environment: ["AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"],
            region: ruleSet.defaultRegion, endpointURL: server.endpoint, serviceOptions: .init(requestsPerSecond: 0),
            logPath: logPath, concurrency: 4, actor: "demo", toolVersion: toolVersion,
            credentials: StaticCredentialProvider(credentials)))

        out("""
            lookout-scheduler demo: a fleet of \(fleet.projects.count) projects (Lookout for Vision, one Rekognition Custom
            Labels project and one SageMaker endpoint) in an emulator at \(server.endpoint)
            (real HTTP, SigV4-signed and verified), rules from \(rulesPath), audit log \(logPath).
            The day: Monday 2026-11-30 (the last day of the month), times in Europe/Berlin.

            """ + "\n")
        let day: [(String, String, () -> Void)] = [
            ("2026-11-30T05:00:00+01:00", "05:00: models were left running overnight.", {}),
            ("2026-11-30T10:00:00+01:00", "10:00: the morning shift started pcb-inspection 3 and finance-audit 1 again.", {
                service.setStatus(region: "eu-west-1", project: "pcb-inspection", version: "3", to: ModelStatus.hosted.rawValue)
                service.setStatus(region: "eu-west-1", project: "finance-audit", version: "1", to: ModelStatus.hosted.rawValue)
            }),
            ("2026-11-30T20:30:00+01:00", "20:30: someone started paint-shop 2 at 19:30, after its window.", {
                service.setStatus(region: "eu-west-1", project: "paint-shop", version: "2", to: ModelStatus.hosted.rawValue)
            }),
        ]
        for (time, story, happen) in day {
            happen()
            out("=== \(story)\n")
            let instant = try InstantFormat.parseISO8601(time)
            // The models of a run arrive as they are done; the demo shows them in a stable order.
            _ = try await RunTranscript(order: .sorted, write: out).present(setup, at: instant)
            out("\n")
            // Let the stops settle (STOPPING_HOSTING -> TRAINED) before the next hour.
            try await Task.sleep(nanoseconds: 400_000_000)
        }
        out("=== What the log says (lookout-scheduler audit --log \(logPath)):\n")
        let audit = AuditReport(summary: try AuditSummary.read(path: logPath), path: logPath)
        out(audit.text())
        let v = try AuditReader.verify(path: logPath)
        out("hash chain: \(v.ok ? "intact" : "BROKEN") (\(v.records) records; check with: lookout-scheduler audit --verify --log \(logPath))\n")
        if let events = ruleFile.events { out("\n" + DemoEvents.text(service.receivedEvents, bus: events.bus)) }
        out("\nNext: write your own rule file (README, \"The rule file\"), check it with `validate`, preview with `run --dry-run`.\n")
    }
}

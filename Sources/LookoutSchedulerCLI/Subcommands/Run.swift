import ArgumentParser
import AWSCore
import Foundation
import HostingSchedule
import Rendering
import RuleFile
import AuditTrail
import RunPresentation
import SchedulerRun
import SchedulerSetup
import ScheduleReport

/// `lookout-scheduler run`: what cron runs every hour.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stop every hosted model that is outside its hosting windows, and record it in the audit log.",
        discussion: """
            Exit status: 0 success (including nothing to do), 1 some actions or listings failed (the others \
            were carried out), 2 invalid rule file or configuration (nothing touched), 3 another run holds the lock.
            """
    )

    @OptionGroup var ruleFile: RuleFileOptions
    @OptionGroup var aws: AWSOptions

    @Flag(help: "Preview: read statuses, print the exact actions a real run would take, send nothing that changes anything, write no log.")
    var dryRun = false

    @Option(help: "Decide as if it were this instant (ISO 8601 with an offset or Z). Only the decision moves; requests are signed with the real clock.")
    var now: String?

    @Option(help: "The audit log (default: $XDG_STATE_HOME/lookout-scheduler/audit.jsonl, ~/.local/state/..., or /var/log/lookout-scheduler/audit.jsonl for root).")
    var log: String?

    @Option(help: "Calls in flight at once.")
    var concurrency = 8

    @Option(name: .customLong("wait"), defaultAsFlag: "10m", parsing: .next,
            help: ArgumentHelp("Confirm each stop by polling until TRAINED, for at most this long (`--wait` alone: 10m).", valueName: "duration"))
    var wait: String? = nil

    @Option(help: "Seconds between polls with --wait.")
    var pollInterval = 5.0

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    @Flag(help: "Start no model this run, whatever the rules' `start` says.")
    var noStart = false

    @Flag(help: "List every model in the text output, not only those acted on or hosted.")
    var verbose = false

    @Option(help: "Write Prometheus metrics for node_exporter's textfile collector to this file (atomically).")
    var metricsFile: String?

    func validate() throws {
        try output.require([.text, .json], by: "run")
        if let now { _ = try parseInstant(now, option: "now") }
        if let wait {
            guard let seconds = DurationText.parse(wait) else { throw ValidationError("--wait: '\(wait)' is not a duration such as 90s, 5m or 1h") }
            guard (1...86_400).contains(seconds) else { throw ValidationError("--wait must be from 1s to 24h, not \(wait)") }
        }
        guard concurrency >= 1 && concurrency <= 64 else { throw ValidationError("--concurrency must be from 1 to 64") }
        try checkRange(pollInterval, 0.1...3600, "--poll-interval", unit: " seconds")
    }

    func run() async throws {
        let started = Date().timeIntervalSince1970
        // A metrics file that cannot be replaced (a symbolic link, a FIFO, a directory) is
        // refused before anything is touched.
        if let metricsFile {
            do {
                try MetricsFile.check(metricsFile)
            } catch {
                StandardError.print("error: \(error)")
                throw ExitCodes.invalidInput
            }
        }
        let (status, result) = await execute()
        // Written for every exit status, so that last_run_exit_code is never stale.
        if let metricsFile, let problem = MetricsFile.record(to: metricsFile, status: status, result: result, startedAt: started, dryRun: dryRun) {
            StandardError.print("warning: \(problem)")
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// The run itself: its exit status, and its result when it got as far as running.
    func execute() async -> (Int32, SchedulerRunner.Result?) {
        // 1. The rule file: an invalid one stops everything before any request.
        let environment = ProcessInfo.processInfo.environment
        let instant = now.flatMap { try? parseInstant($0, option: "now") } ?? Int(Date().timeIntervalSince1970)
        let file: RuleFile
        do {
            file = try ruleFile.load(now: instant)
        } catch {
            return (ExitCodes.invalidInput.rawValue, nil)
        }
        let request = RunRequest(
            ruleFile: file, environment: environment, region: aws.region, profile: aws.profile, endpointURL: aws.endpointURL,
            serviceOptions: aws.serviceOptions, dryRun: dryRun, logPath: log, isRoot: getuid() == 0, concurrency: concurrency,
            wait: wait.flatMap { DurationText.parse($0) }.map(Double.init), pollInterval: pollInterval,
            actor: Actor.current, decideAgainBeforeActing: now == nil, toolVersion: ToolVersion.current)

        // 2. Regions, credentials and services, resolved before anything is touched; then the
        //    lock, the log and the run, shown as it goes.
        let transcript = RunTranscript(format: output, verbose: verbose, warn: { StandardError.print($0) }) { StandardOutput.write($0) }
        let result: SchedulerRunner.Result
        do {
            let setup = try await RunSetup.resolve(request)
            result = try await transcript.present(setup, at: instant, noStart: noStart)
        } catch {
            StandardError.print("error: \(Printable.line(error.description))")
            return (Run.exitStatus(of: error), nil)
        }
        for w in transcript.unmanaged { StandardError.print(Printable.line(w)) }
        for w in result.warnings { StandardError.print("warning: \(Printable.line(w))") }
        if let failure = result.logFailure {
            StandardError.print("error: the audit log could not be written: \(Printable.line(failure)); no stop was sent after that")
        }
        return (result.exitCode, result)
    }

    /// The exit status of a run that could not be set up or carried out (README, "Exit status").
    static func exitStatus(of error: RunSetupError) -> Int32 {
        switch error {
        case .configuration, .logUnavailable: return ExitCodes.invalidInput.rawValue
        case .lockHeld: return ExitCodes.runInProgress.rawValue
        case .logFailed: return ExitCodes.actionsFailed.rawValue
        }
    }
}

/// `user@host`, for the audit log's who.
enum Actor {
    static var current: String {
        let env = ProcessInfo.processInfo.environment
        let user = env["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LOGNAME"].flatMap { $0.isEmpty ? nil : $0 } ?? userDatabaseName ?? String(getuid())
        return "\(user)@\(ProcessInfo.processInfo.hostName)"
    }

    /// The name of the real user in the user database (`getpwuid`), when there is one.
    static var userDatabaseName: String? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(getuid(), &entry, &buffer, buffer.count, &found) == 0, found != nil, let name = entry.pw_name else { return nil }
        let s = String(cString: name)
        return s.isEmpty ? nil : s
    }
}

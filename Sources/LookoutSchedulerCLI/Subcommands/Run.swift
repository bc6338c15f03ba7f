import ArgumentParser
import AWSCore
import Foundation
import HostingSchedule
import LookoutVision
import RuleFile
import SchedulerRun
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

    @Option(name: .customLong("wait"), help: ArgumentHelp("Confirm each stop by polling until TRAINED, for at most this long (`--wait` alone: 10m).", valueName: "duration"))
    var wait: String?

    @Option(help: "Seconds between polls with --wait.")
    var pollInterval = 5.0

    @Option(help: "text or json.")
    var output: OutputFormatOption = .text

    @Flag(help: "List every model in the text output, not only those acted on or hosted.")
    var verbose = false

    @Option(help: "Write Prometheus metrics for node_exporter's textfile collector to this file (atomically).")
    var metricsFile: String?

    func validate() throws {
        if let now { _ = try parseInstant(now, option: "now") }
        if let wait, DurationText.parse(wait) == nil { throw ValidationError("--wait: '\(wait)' is not a duration such as 90s, 5m or 1h") }
        guard concurrency >= 1 && concurrency <= 64 else { throw ValidationError("--concurrency must be from 1 to 64") }
    }

    func run() async throws {
        // 1. The rule file: an invalid one stops everything before any request.
        let file = try ruleFile.load()
        let ruleSet = file.ruleSet
        let environment = ProcessInfo.processInfo.environment
        let instant = try now.map { try parseInstant($0, option: "now") } ?? Int(Date().timeIntervalSince1970)

        // 2. Regions and credentials, resolved before anything is touched.
        let files = SharedConfigFiles(environment: environment)  // read once for the whole run
        let cliRegion = try? ServiceConfiguration.resolve(service: "LOOKOUTVISION", endpointPrefix: "lookoutvision",
                                                          regionFlag: aws.region, profile: aws.profile, environment: environment,
                                                          files: files, fallbackRegion: ruleSet.defaultRegion).region
        let (regions, missing) = SchedulerRunner.regions(of: ruleSet, commandLineRegion: cliRegion)
        if missing {
            StandardError.print("error: some rules name no region and none is set: pass --region, set AWS_REGION, or set defaults.region in the rule file")
            throw ExitCodes.invalidInput
        }
        let transport = try aws.transport(files: files, connections: max(16, concurrency * 2))
        let credentials = CredentialChain.standard(environment: environment, profile: aws.profile, files: files, transport: transport)
        do {
            _ = try await credentials.resolve()
        } catch {
            StandardError.print("error: \(error)")
            throw ExitCodes.invalidInput
        }
        var clients: [String: LookoutVisionClient] = [:]
        for region in regions {
            clients[region] = try aws.client(region: region, files: files, transport: transport, credentials: credentials)
        }

        // 3. The lock and the log (a dry run takes neither and writes nothing).
        var lock: RunLock?
        var auditLog: AuditLog?
        let logPath = log ?? AuditLog.defaultPath(environment: environment, isRoot: getuid() == 0)
        if !dryRun {
            do {
                auditLog = try AuditLog(path: logPath)
            } catch {
                StandardError.print("error: \(error)")
                throw ExitCodes.invalidInput
            }
            do {
                lock = try RunLock(path: logPath + ".lock")
            } catch {
                StandardError.print("error: \(error.description)")
                throw ExitCodes.runInProgress
            }
            if auditLog?.tornTailFound == true {
                StandardError.print("warning: the audit log \(logPath) ended in a torn line (an earlier run was interrupted mid-write); it is kept and reported by 'audit --verify'")
            }
        }
        _ = lock

        // 4. The run.
        let options = SchedulerRunner.Options(
            dryRun: dryRun, evaluationInstant: instant, concurrency: concurrency,
            wait: wait.flatMap { DurationText.parse($0) }.map(Double.init), pollInterval: pollInterval,
            pricePerInferenceUnitHour: ruleSet.pricePerInferenceUnitHour, rulesFile: file.path,
            toolVersion: ToolVersion.current, actor: Actor.current)
        let frozen = clients
        let runner = SchedulerRunner(ruleSet: ruleSet, clientForRegion: { region in
            guard let c = frozen[region] else { throw AuditLogError("no client for region \(region)") }
            return c
        }, sink: auditLog)
        let report = RunReport(options: options, regions: regions, logPath: dryRun ? nil : logPath)
        let json = output == .json
        StandardOutput.write(json ? report.jsonHeader() : report.textHeader())
        var first = true
        var unmanaged: [String] = []
        let result: SchedulerRunner.Result
        do {
            result = try await runner.run(regions: regions, options: options) { m in
                if json {
                    StandardOutput.write(report.jsonModel(m, first: first))
                    first = false
                } else if let lines = report.textLines(m, verbose: verbose) {
                    StandardOutput.write(lines)
                }
                if m.decision == "unmanaged" && m.status_before == "HOSTED" {
                    unmanaged.append("warning: \(m.region) \(m.project) version \(m.version) is hosted and no rule covers it")
                }
            }
        } catch {
            StandardError.print("error: the audit log could not be written: \(error)")
            throw ExitCodes.actionsFailed
        }
        StandardOutput.write(json ? report.jsonFooter(result, anyModels: !first) : report.textFooter(result))
        for w in unmanaged { StandardError.print(w) }
        if let metricsFile {
            do {
                try MetricsFile.write(MetricsFile.render(result, finishedAt: Date().timeIntervalSince1970, dryRun: dryRun), to: metricsFile)
            } catch {
                StandardError.print("warning: \(error)")
            }
        }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}

/// `user@host`, for the audit log's who.
enum Actor {
    static var current: String {
        let env = ProcessInfo.processInfo.environment
        let user = env["USER"] ?? env["LOGNAME"] ?? String(getuid())
        return "\(user)@\(ProcessInfo.processInfo.hostName)"
    }
}

import AWSCore
import Foundation
import RuleFile
import SchedulerRun

/// Everything a run is asked to be, as typed values: what the command line (or the demo, a test,
/// a benchmark) says. `RunSetup.resolve` turns it into services, and `RunSetup.execute` into a run.
public struct RunRequest: Sendable {
    /// The loaded, validated rule file.
    public var ruleFile: RuleFile
    /// The process environment (AWS_REGION, AWS_PROFILE, endpoints, credentials, XDG_STATE_HOME, HOME).
    public var environment: [String: String]
    /// `--region`: the region of rules that name none.
    public var region: String?
    /// `--profile`.
    public var profile: String?
    /// `--endpoint-url`.
    public var endpointURL: String?
    /// Retries, timeouts, rate limit, user agent.
    public var serviceOptions: AWSServiceClient.Options
    /// `--log` (nil: the default path for this user).
    public var logPath: String?
    /// True when the process runs as root (the default log is then under /var/log).
    public var isRoot: Bool
    /// What the runner is asked to do, the one copy of the run's own parameters (dry run,
    /// concurrency, `--wait`, poll interval, who, the tool's version, the rule file's path and time
    /// zones, and, without `--now`, the clock each stop is decided again with): `RunSetup.execute`
    /// only adds the instant, the run's id and `--no-start`.
    public var runner: SchedulerRunner.Options
    /// Preview only: no lock, no log, nothing changed.
    public var dryRun: Bool { runner.dryRun }
    /// Calls in flight at once.
    public var concurrency: Int { runner.concurrency }
    /// The transport (nil: the real one, with room for `concurrency` connections).
    public var transport: (any HTTPTransport)?
    /// The credentials (nil: the standard chain for `environment` and `profile`).
    public var credentials: (any CredentialProvider)?

    /// A request; the defaults are those of the command line.
    public init(ruleFile: RuleFile, environment: [String: String], region: String? = nil, profile: String? = nil,
                endpointURL: String? = nil, serviceOptions: AWSServiceClient.Options = .init(), dryRun: Bool = false,
                logPath: String? = nil, isRoot: Bool = false, concurrency: Int = 8, wait: Double? = nil, pollInterval: Double = 5,
                actor: String? = nil, decideAgainBeforeActing: Bool = false, toolVersion: String = "0", transport: (any HTTPTransport)? = nil,
                credentials: (any CredentialProvider)? = nil) {
        self.ruleFile = ruleFile
        self.environment = environment
        self.region = region
        self.profile = profile
        self.endpointURL = endpointURL
        self.serviceOptions = serviceOptions
        self.logPath = logPath
        self.isRoot = isRoot
        // With no instant given, the real clock decides each stop again just before it is sent.
        let realClock: @Sendable () -> Int = { Int(Date().timeIntervalSince1970) }
        self.runner = SchedulerRunner.Options(
            dryRun: dryRun, evaluationInstant: 0, concurrency: concurrency, wait: wait, pollInterval: pollInterval,
            rulesFile: RunRequest.absolute(ruleFile.path), toolVersion: toolVersion, actor: actor, runId: "",
            redecideWithClock: decideAgainBeforeActing ? realClock : nil, timeZones: ruleFile.zoneDatabase)
        self.transport = transport
        self.credentials = credentials
    }

    /// `path` made absolute (against the working directory), for the log.
    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

/// Why a run could not be set up or carried out, each with the exit status it means.
public enum RunSetupError: Error, Sendable, CustomStringConvertible {
    /// Regions, endpoints or credentials cannot be resolved: nothing was touched (exit 2).
    case configuration(String)
    /// Another run holds the lock: this run wrote nothing and sent nothing (exit 3).
    case lockHeld(String)
    /// The log or its lock cannot be opened: nothing was sent (exit 2).
    case logUnavailable(String)
    /// The log failed mid-run: no further action was taken (exit 1). (A run reports this in its
    /// result, `logFailure`, so that its output stays whole.)
    case logFailed(String)

    public var description: String {
        switch self {
        case .configuration(let m), .lockHeld(let m), .logUnavailable(let m): return m
        case .logFailed(let m): return "the audit log could not be written: \(m)"
        }
    }
}

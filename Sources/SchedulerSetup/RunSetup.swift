import AuditTrail
import AWSCore
import FileSafety
import Foundation
import HostingSchedule
import ModelHosting
import RuleFile
import SchedulerRun

/// A run, set up: the regions it covers, a service per region with shared transport and
/// credentials, and where it logs. The one place that assembles a run, for the command line, the
/// demo, the tests and the benchmarks. `execute` takes the lock before it opens the log, and holds
/// it exactly for the run.
public final class RunSetup: Sendable {
    /// What was asked.
    public let request: RunRequest
    /// The (account, service, region) targets of the rules, computed once (`SchedulerRunner.targets(of:)`).
    public let targets: [SchedulerRunner.Target]
    /// The regions covered, in order.
    public let regions: [String]
    /// One service per (account, service, region) target.
    public let services: [any ModelHostingService]
    /// The targets of accounts whose role could not be assumed: failed listings of the run.
    public let unreachable: [DiscoveryFailure]
    /// The audit log (nil for a dry run, which writes none).
    public let logPath: String?
    /// Where the run's events go (`defaults.events`; nil: none, and none for a dry run).
    public let events: EventsTarget?
    /// Where every client of the run (its services' and its events') counts each request it
    /// sends; the run's `calls` are read from it.
    public let ledger: CallLedger

    init(request: RunRequest, targets: [SchedulerRunner.Target], regions: [String], services: [any ModelHostingService],
         unreachable: [DiscoveryFailure] = [], logPath: String?, events: EventsTarget? = nil, ledger: CallLedger) {
        self.ledger = ledger
        self.events = events
        self.targets = targets
        self.request = request
        self.regions = regions
        self.services = services
        self.unreachable = unreachable
        self.logPath = logPath
    }

    /// The transport a run uses when none is given: libcurl with the CA bundle the AWS CLI would
    /// use (`AWS_CA_BUNDLE`, the profile's `ca_bundle`; a missing file is an error), and room for
    /// the run's calls in flight.
    static func transport(environment: [String: String], profile: String?, files: SharedConfigFiles,
                                 concurrency: Int) throws(RunSetupError) -> any HTTPTransport {
        do {
            return try CurlTransport.fromEnvironment(environment, profile: profile, files: files,
                                                     maximumConnectionsPerHost: max(16, concurrency * 2))
        } catch {
            throw .configuration(error.description)
        }
    }

    /// Resolves regions, endpoints and credentials, before anything is touched: a request that
    /// cannot run fails here, with nothing sent.
    public static func resolve(_ request: RunRequest) async throws(RunSetupError) -> RunSetup {
        let ruleSet = request.ruleFile.ruleSet
        let environment = request.environment
        let files = SharedConfigFiles(environment: environment)  // read once for the whole run
        if let why = files.refused.first { throw .configuration(why) }
        let cliRegion = try? ServiceAssembler.homeRegion(flag: request.region, profile: request.profile, environment: environment,
                                                         files: files, fallback: ruleSet.defaultRegion)
        // The targets, computed once: the regions, the transport's room, the accounts, the services all read them.
        let (targets, missing) = SchedulerRunner.targets(of: ruleSet, commandLineRegion: cliRegion)
        let regions = Array(Set(targets.map(\.region))).sorted()
        if missing {
            throw .configuration("some rules name no region and none is set: pass --region, set AWS_REGION, or set defaults.region in the rule file")
        }
        let used = Set(targets.compactMap(\.account))
        let transport: any HTTPTransport
        if let given = request.transport {
            transport = given
        } else {
            // Each account has `concurrency` calls in flight of its own (see `SchedulerRunner.run`),
            // and accounts often share an endpoint (a region's): room for all of them.
            transport = try RunSetup.transport(environment: environment, profile: request.profile, files: files,
                                               concurrency: min(request.concurrency * (1 + used.count), 512))
        }
        let credentials = request.credentials
            ?? CredentialChain.standard(environment: environment, profile: request.profile, files: files, transport: transport)
        do {
            // Bounded like a call: a credential helper or metadata endpoint that never answers is an error.
            guard try await Deadline.run(within: request.serviceOptions.callDeadline, what: "getting credentials", { try await credentials.credentials() }) != nil else {
                throw CredentialError("no AWS credentials found")
            }
        } catch {
            throw .configuration("\(error)")
        }
        // Declared accounts: each role assumed once, all at once, before the run (see `assumeRoles`).
        let accounts = ruleSet.accounts.filter { used.contains($0.name) }
        let sts = STSClient(environment: environment, files: files, profile: request.profile, transport: transport)
        let (providers, failures) = await assumeRoles(of: accounts, source: credentials, sts: sts, deadline: request.serviceOptions.callDeadline)
        // One ledger for every client of the run: its services' and its events'.
        let ledger = CallLedger()
        var clientOptions = request.serviceOptions
        clientOptions.ledger = ledger
        let assembler = ServiceAssembler(environment: environment, profile: request.profile, endpointURL: request.endpointURL,
                                         options: clientOptions, files: files, transport: transport)
        var services: [any ModelHostingService] = []
        var unreachable: [DiscoveryFailure] = []
        for target in targets {
            var account: HostingAccount?
            var targetCredentials = credentials
            if let name = target.account, let declared = ruleSet.account(named: name) {
                if let failure = failures[name] {
                    unreachable.append(DiscoveryFailure(account: name, service: target.service, region: target.region, operation: CredentialOperation.assumeRole.rawValue,
                                                        project: nil, error_code: failure.code, error_message: failure.message))
                    continue
                }
                guard let provider = providers[name] else { continue }
                account = HostingAccount(name: name, id: declared.id)
                targetCredentials = provider
            }
            do {
                services.append(try assembler.service(target, credentials: targetCredentials, account: account, ruleSet: ruleSet))
            } catch {
                throw .configuration(error.description)
            }
        }
        let logPath = request.dryRun ? nil : request.logPath ?? AuditLog.defaultPath(environment: environment, isRoot: request.isRoot)
        let events = try eventsTarget(request, options: clientOptions, files: files, transport: transport, credentials: credentials)
        return RunSetup(request: request, targets: targets, regions: regions, services: services, unreachable: unreachable,
                        logPath: logPath, events: events, ledger: ledger)
    }

    /// The session name of every role a run assumes in a declared account (CloudTrail shows it).
    public static let roleSessionName = STSClient.defaultSessionName

    /// One `AssumeRoleCredentialProvider` per account (its role, its external id, the session
    /// name `lookout-scheduler`), from the run's own credentials, shared by every service of the
    /// account; every role is assumed now, all in parallel, each bounded like a call. An account
    /// whose role cannot be assumed (access denied, a wrong external id, STS unreachable) is
    /// answered in `failures` with STS's error: the run reports it as that account's failed
    /// listings and handles every other account. Each provider keeps its credentials (refreshed
    /// five minutes before they expire), so every role is assumed once per run.
    static func assumeRoles(of accounts: [Account], source: any CredentialProvider, sts: STSClient, deadline: Double) async
        -> (providers: [String: AssumeRoleCredentialProvider], failures: [String: (code: String, message: String)]) {
        var providers: [String: AssumeRoleCredentialProvider] = [:]
        for a in accounts {
            providers[a.name] = AssumeRoleCredentialProvider(
                request: STSClient.AssumeRoleRequest(roleArn: a.roleArn, roleSessionName: roleSessionName, externalId: a.externalId),
                source: source, sts: sts)
        }
        var failures: [String: (code: String, message: String)] = [:]
        await withTaskGroup(of: (String, (code: String, message: String)?).self) { group in
            for (name, provider) in providers {
                group.addTask {
                    do {
                        _ = try await Deadline.run(within: deadline, what: "assuming the role of account \(name)") { try await provider.credentials() }
                        return (name, nil)
                    } catch let e as CredentialError {
                        if let aws = e.underlying {
                            return (name, (aws.code.rawValue, "cannot assume \(provider.request.roleArn): \(aws.message)\(aws.requestId.map { " [request \($0)]" } ?? "")"))
                        }
                        return (name, (AWSErrorCode.credentialsError.rawValue, e.message))
                    } catch {
                        return (name, (AWSErrorCode.credentialsError.rawValue, "cannot assume \(provider.request.roleArn): \(error)"))
                    }
                }
            }
            for await (name, failure) in group {
                if let failure { failures[name] = failure }
            }
        }
        return (providers.filter { failures[$0.key] == nil }, failures)
    }

    /// What the run knows once it holds the lock, before any request: for the report's header.
    public struct Started: Sendable {
        /// The options the run decides with.
        public let options: SchedulerRunner.Options
        /// Things worth telling (a torn last line found in the log).
        public let warnings: [String]
        /// The regions covered, in order.
        public let regions: [String]
        /// The audit log written (nil for a dry run).
        public let logPath: String?
    }

    /// Runs once for `instant`: takes the lock (not for a dry run), then opens the log, tells
    /// `onStart`, runs, and releases the lock when the run's last record is durable.
    public func execute(at instant: Int, runId: String = UUID().uuidString.lowercased(), noStart: Bool = false,
                        onStart: (Started) -> Void = { _ in },
                        report: (ModelDecision) -> Void = { _ in }) async throws(RunSetupError) -> SchedulerRunner.Result {
        var options = request.runner
        options.evaluationInstant = instant
        options.runId = runId
        options.noStart = noStart
        var lock: RunLock?
        var log: AuditLog?
        var warnings: [String] = []
        if let logPath {
            (lock, log) = try RunSetup.lockThenOpen(logPath: logPath)
            warnings.append(contentsOf: log?.notes ?? [])
        }
        defer { lock?.release() }
        options.memory = try memory(at: instant)
        if let logPath, !request.dryRun {
            // Actions of earlier runs whose outcome the log does not hold: this run settles them.
            do {
                options.unsettled = try AuditTail.unsettledIntents(path: logPath)
            } catch {
                throw .logUnavailable("cannot read the audit log \(logPath) for actions of unknown outcome: \(error)")
            }
        }
        onStart(Started(options: options, warnings: warnings, regions: regions, logPath: logPath))
        let runner = SchedulerRunner(ruleSet: request.ruleFile.ruleSet, services: services, sink: log, unreachable: unreachable,
                                     observer: request.dryRun ? nil : events?.publisher(), ledger: ledger)
        var result: SchedulerRunner.Result
        do {
            result = try await runner.run(options: options, report: report)
        } catch {
            throw .logFailed("\(error)")
        }
        // The anchor, outside the log, once the run's last record is durable.
        if let log, result.logFailure == nil {
            do {
                result.anchor = try log.writeAnchor()
            } catch {
                result.logFailure = "\(error)"
            }
        }
        return result
    }

    /// What the log remembers, when a rule needs it (a grace or starts): read from the log's end
    /// back to the longest grace (a dry run reads the log it would write, if there is one).
    func memory(at instant: Int) throws(RunSetupError) -> RunMemory {
        let rules = request.ruleFile.ruleSet.rules
        let ruleSet = request.ruleFile.ruleSet
        guard rules.contains(where: { $0.grace > 0 || $0.start != nil }) || ruleSet.keepUntilTag != nil else { return RunMemory() }
        let path = logPath ?? request.logPath ?? AuditLog.defaultPath(environment: request.environment, isRoot: request.isRoot)
        // How far back (by when records were written): the longest grace, a day for starts (the
        // previous runs of each model), and keep_until_max for tag keeps; an hour of slack.
        // SageMaker starts that restore the copies of a component's last stop look back 8 days (a
        // weekend, a holiday week).
        let restoring = rules.contains { $0.service == .sagemaker && $0.start != nil && $0.start?.copies == nil }
        let horizon = max(rules.map(\.grace).max() ?? 0, rules.contains { $0.start != nil } ? 86_400 : 0, restoring ? 8 * 86_400 : 0,
                          ruleSet.keepUntilTag != nil ? ruleSet.keepUntilMax : 0) + 3600
        do {
            return try AuditTail.memory(path: path, now: instant, clock: Int(Date().timeIntervalSince1970), horizon: horizon)
        } catch {
            throw .logUnavailable("cannot read the audit log \(path) for grace and starts: \(error)")
        }
    }

    /// The lock first (its directory made if need be), then the log: nothing touches the log, not
    /// even the repair of a torn last line, before this process holds the lock.
    static func lockThenOpen(logPath: String) throws(RunSetupError) -> (RunLock, AuditLog) {
        do {
            try AuditLog.makeDirectory(for: logPath)
            // Refused before a lock file is made beside it: a symbolic link, a FIFO, a device, a
            // directory, a file others may write.
            try SafeFile.checkExisting(logPath, what: "the audit log", ownerOnly: true)
        } catch {
            throw .logUnavailable("\(error)")
        }
        let lock: RunLock
        do {
            lock = try RunLock(path: logPath + ".lock")
        } catch {
            switch error {
            case .held: throw .lockHeld(error.description)
            case .unavailable: throw .logUnavailable(error.description)
            }
        }
        do {
            return (lock, try AuditLog(path: logPath))
        } catch {
            lock.release()
            throw .logUnavailable("\(error)")
        }
    }
}

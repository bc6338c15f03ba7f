import AWSCore
import Foundation
import HostingSchedule
import LookoutEmulator
import LookoutVision
import RuleFile
import AuditTrail
import SchedulerRun
import SigV4

/// `swift run -c release lookout-bench [sign|evaluate|validate|run|accounts|quota|sagemaker|audit|startup|all, or a comma-separated list] [--records N] [--rounds N] [--binary PATH]`: the figures in
/// BENCHMARKS.md. Each prints its figure and the bound it is compared against. `run`, `validate`
/// and `audit` time the release `lookout-scheduler` binary as a child process (build it first:
/// `swift build -c release`).
@main
enum Benchmarks {
    static func main() async throws {
        // One figure, several (`quota,audit,startup`: their ratios in one table), or all.
        let which = Set((CommandLine.arguments.dropFirst().first.flatMap { $0.hasPrefix("-") ? nil : $0 } ?? "all").split(separator: ",").map(String.init))
        let all = which.contains("all")
        var report: [BenchFigure] = []
        if all || which.contains("sign") { sign() }
        if all || which.contains("evaluate") { try evaluate() }
        if all || which.contains("validate") { try validate() }
        if all || which.contains("run") { try await fullRun() }
        if all || which.contains("accounts") { try await accounts() }
        if all || which.contains("quota") { try await quota(&report) }
        if all || which.contains("sagemaker") { try await sageMaker() }
        if all || which.contains("audit") { try audit(&report) }
        if all || which.contains("startup") { try startup(&report) }
        if !report.isEmpty { print(BenchFigure.table(report)) }
    }

    // MARK: - Helpers

    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The `lookout-scheduler` the benchmarks run: `--binary PATH`, else the one built beside this tool.
    static var binary: String {
        if let path = option("--binary") { return path }
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        return dir.appendingPathComponent("lookout-scheduler").path
    }

    /// Runs the scheduler binary; answers wall seconds, peak RSS in MiB, exit status and stdout.
    static func child(_ arguments: [String], environment: [String: String]? = nil) throws -> (seconds: Double, peakMiB: Double, status: Int32, stdout: String) {
        try spawn([binary] + arguments, environment: environment)
    }

    /// Runs `argv`; answers wall seconds, peak RSS in MiB (with `measureMemory`), exit status and stdout.
    /// Spawned and reaped here (Foundation's `Process` adds tens of milliseconds of its own), through
    /// GNU time (`/usr/bin/time -f %M`) when present and memory is measured: a child spawned straight
    /// from this large process would inherit its memory high-water mark, while time forks a small one.
    static func spawn(_ argv: [String], environment: [String: String]? = nil, measureMemory: Bool = true) throws
        -> (seconds: Double, peakMiB: Double, status: Int32, stdout: String) {
        // Both files in a directory of our own (mkdtemp, 0700): `/usr/bin/time -o` follows links.
        let scratch = try temporaryDirectory()
        let outPath = scratch + "/out", rssPath = scratch + "/rss"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let timeTool = "/usr/bin/time"
        let haveTime = measureMemory && FileManager.default.isExecutableFile(atPath: timeTool)
        let command = haveTime ? [timeTool, "-f", "%M", "-o", rssPath] + argv : argv
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let args = command.map { strdup($0) } + [nil]
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (args + env).forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, command[0], &actions, nil, args, env) == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let kib = haveTime ? ((try? String(contentsOfFile: rssPath, encoding: .utf8))?.split(separator: "\n").last.flatMap { Double($0) } ?? -1)
                           : Double(usage.ru_maxrss)
        return (seconds, kib / 1024, exit, (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "")
    }

    static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

    /// Removes a scratch directory `temporaryDirectory` made (the one removal the benchmarks do).
    static func removeScratch(_ dir: String) {
        try? FileManager.default.removeItem(atPath: dir)
    }

    static func temporaryDirectory() throws -> String {
        // mkdtemp: a new directory, mode 0700, that no one else can have prepared or linked.
        var template = Array(FileManager.default.temporaryDirectory.appendingPathComponent("lookout-bench-XXXXXX").path.utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { throw CocoaError(.fileWriteUnknown) }
        return String(cString: made)
    }

    // MARK: - 0. Signing

    static func sign() {
        let signer = SigV4Signer(service: LookoutVisionClient.signingName, region: "eu-west-1")
        let credentials = Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let request = SigV4Signer.Request(method: HTTPMethod.post.rawValue, path: "/2020-11-20/projects/pcb-inspection/models/3/stop",
                                          headers: [("Host", "lookoutvision.eu-west-1.amazonaws.com"), ("Content-Type", "application/json"),
                                                    ("X-Amzn-Client-Token", "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0")],
                                          body: Array("{}".utf8))
        let n = 50_000
        var sink = 0
        let seconds = time { for i in 0..<n { sink &+= signer.sign(request, credentials: credentials, date: 1_798_113_600 + i).count } }
        print(String(format: "sign: %d StopModel signatures in %.3f s = %.0f/s (bound: far above the service's 5 requests/s per API) [%d]",
                     n, seconds, Double(n) / seconds, sink % 2))
    }

    // MARK: - 1. Evaluator

    /// A rule file of `count` rules over a mix of schedules and zones (weekly, midnight-crossing,
    /// cron with `L`/`#`, holidays, DST zones of both hemispheres).
    static func ruleFile(rules count: Int) -> String {
        var s = """
            version: 1
            defaults: { timezone: Europe/Berlin, region: eu-west-1 }
            holidays: [2026-12-24, 2026-12-25, 2027-01-01]
            schedules:
              office: { windows: [ { days: mon-fri, from: "07:00", to: "19:00" } ] }
              night: { timezone: America/Chicago, windows: [ { days: mon-fri, from: "22:00", to: "06:00" } ] }
              sydney: { timezone: Australia/Sydney, windows: [ { days: [sun, mon, tue, wed, thu], from: "21:00", to: "05:00" } ] }
              month-end: { windows: [ { cron: "0 6 L * *", for: 14h } ] }
              first-monday: { timezone: America/New_York, windows: [ { cron: "30 8 * * MON#1", for: 9h } ] }
              shifts:
                timezone: Asia/Kolkata
                windows:
                  - { days: mon-fri, from: "05:45", to: "14:15" }
                  - { days: mon-fri, from: "13:45", to: "22:15" }
                  - { days: sat, from: "06:00", to: "12:00" }
            rules:

            """
        let names = ["office", "night", "sydney", "month-end", "first-monday", "shifts"]
        for i in 0..<count {
            let project = i % 10 == 9 ? "\"team-\(i)-*\"" : "project-\(i)"
            s += "  - { project: \(project), schedule: \(names[i % names.count]) }\n"
        }
        return s
    }

    static func evaluate() throws {
        let set = try RuleFile.parse(yaml: ruleFile(rules: 1000), path: "bench.yaml").ruleSet
        let t = 1_796_032_800  // Mon 2026-11-30 10:00Z
        // 10,000 models spread over the rules' projects.
        let models = (0..<10_000).map { i -> String in i % 10 == 9 ? "team-\(i % 1000)-x" : "project-\(i % 1000)" }
        // Rules are selected once per model (first match); the decision is the schedule's.
        var rulesOf: [Rule] = []
        let selection = time { rulesOf = models.map { set.rule(forProject: $0, version: "1", region: "eu-west-1")! } }
        var hosted = 0
        let rounds = 50
        let seconds = time {
            for r in 0..<rounds {
                for rule in rulesOf where rule.schedule.isHosted(at: t + r * 613) { hosted += 1 }
            }
        }
        print(String(format: "evaluate: 10000 models at one instant: %.0f decisions/s on one core (goal: millions/s); first-match rule selection over 1000 rules: %.1f ms for the 10000 models [%d hosted]",
                     Double(10_000 * rounds) / seconds, selection * 1000, hosted))
        let year = 1_798_761_600  // 2027-01-01
        var intervals = 0
        let timeline = time { for rule in set.rules { intervals += rule.schedule.hostedIntervals(from: year, to: year + 365 * 86_400).count } }
        print(String(format: "timeline: one-year hosting timeline of 1000 rules: %.3f s, %d intervals (goal: well under a second per run)", timeline, intervals))
    }

    // MARK: - 2. Rule loading

    static func validate() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/rules-1000.yaml"
        try ruleFile(rules: 1000).write(toFile: path, atomically: true, encoding: .utf8)
        var times: [Double] = [], peak = 0.0
        for _ in 0..<10 {
            let r = try child(["validate", "--rules", path])
            guard r.status == 0 else { print("validate: FAILED with status \(r.status)"); return }
            times.append(r.seconds)
            peak = max(peak, r.peakMiB)
        }
        let text = ruleFile(rules: 1000)
        var inProcess: [Double] = []
        for _ in 0..<5 { inProcess.append(try time { _ = try RuleFile.parse(yaml: text, path: path) }) }
        print(String(format: "validate: 1000-rule file, whole process: median %.0f ms (min %.0f, max %.0f) over 10 runs, peak RSS %.1f MiB (goal: well under 100 ms); parsing and checking alone, in process: %.1f ms",
                     median(times) * 1000, times.min()! * 1000, times.max()! * 1000, peak, median(inProcess) * 1000))
    }

    // MARK: - 3 and 5. A full run, and the naive loop

    static func fleet(projects: Int, perProject: Int, outsideProjects: Int) -> (Fleet, String) {
        var ps: [Fleet.Project] = []
        for p in 0..<projects {
            // Projects below `outsideProjects` follow `never` (every hosted one must stop); the rest `always`.
            let name = p < outsideProjects ? "off-\(p)" : "on-\(p)"
            ps.append(Fleet.Project(name: name, models: (1...perProject).map { Fleet.Model(version: String($0), status: ModelStatus.hosted.rawValue) }))
        }
        var f = Fleet(region: "eu-west-1", projects: ps)
        f.faults = [FaultRule(operation: "*", kind: .latency, seconds: 0.05)]
        let rules = """
            version: 1
            defaults: { timezone: UTC, region: eu-west-1 }
            rules:
              - { project: "off-*", schedule: never }
              - { project: "on-*", schedule: always }
            """
        return (f, rules)
    }

    static func fullRun() async throws {
        let sizes = ProcessInfo.processInfo.environment["BENCH_FLEETS"].map { text in
            text.split(separator: ",").map { spec -> (Int, Int, Int, Int, Double) in
                let n = spec.split(separator: "x").compactMap { Int($0) }  // PROJECTSxPER_PROJECTxOUTSIDE_PROJECTS
                return (n[0], n[1], n[2], 16, 0)
            }
        } ?? [(100, 10, 30, 16, 0.0), (100, 10, 30, 16, 50.0), (1000, 10, 300, 16, 0.0)]
        for (projects, perProject, outside, concurrency, rps) in sizes {
            let (fleet, rules) = fleet(projects: projects, perProject: perProject, outsideProjects: outside)
            let dir = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try rules.write(toFile: dir + "/rules.yaml", atomically: true, encoding: .utf8)
            let service = EmulatorService(fleet: fleet, configuration: .init(credentials: ["AKIDBENCH": ("bench-secret", nil)], pageSize: 100, stopDelay: 3600))
            let server = try await EmulatorServer(service: service, threads: 2)
            let env = ["AWS_ACCESS_KEY_ID": "AKIDBENCH", "AWS_SECRET_ACCESS_KEY": "bench-secret", "AWS_EC2_METADATA_DISABLED": "true",
                       "HOME": dir, "PATH": "/usr/bin:/bin"]
            let r = try child(["run", "--rules", dir + "/rules.yaml", "--endpoint-url", server.endpoint, "--log", dir + "/audit.jsonl",
                               "--concurrency", String(concurrency), "--requests-per-second", String(rps), "--output",
                               ProcessInfo.processInfo.environment["BENCH_OUTPUT"] ?? "json"], environment: env)
            let calls = service.requests
            let stops = calls.filter { $0.operation == LookoutVisionOperation.stopModel.rawValue }.count
            let listProjects = (projects + 99) / 100
            let minimum = listProjects + projects + outside * perProject
            let latency = 0.05
            // The bound: the minimum number of calls over the concurrency, times the latency; or,
            // with a rate limit, the busiest API's calls beyond the bucket's burst over the rate.
            var bound = Double(minimum) / Double(concurrency) * latency
            if rps > 0 { bound = max(bound, max(0, Double(max(projects, outside * perProject)) - rps) / rps + latency) }
            print(String(format: "run: %d models in %d projects, %d hosted outside their windows, 50 ms per call, concurrency %d, rate limit %@: %.2f s (bound %.2f s, ratio %.2f; goal <= 1.25); %d calls (minimum %d), %d stops, %d TCP connections; peak RSS %.1f MiB; exit %d",
                         projects * perProject, projects, outside * perProject, concurrency, rps > 0 ? "\(Int(rps))/s per API" : "off",
                         r.seconds, bound, r.seconds / bound, calls.count, minimum, stops, Set(calls.compactMap(\.connection)).count, r.peakMiB, r.status))
            await server.shutdown()
        }
        // The naive alternative: a serial loop, one call at a time (as a shell loop over the AWS CLI would).
        let (fleet, _) = fleet(projects: 100, perProject: 10, outsideProjects: 30)
        let service = EmulatorService(fleet: fleet, configuration: .init(credentials: ["AKIDBENCH": ("bench-secret", nil)], pageSize: 100, stopDelay: 3600))
        let server = try await EmulatorServer(service: service, threads: 2)
        let client = LookoutVisionClient(service: AWSServiceClient(
            signingName: LookoutVisionClient.signingName, configuration: ServiceConfiguration(region: "eu-west-1", endpoint: server.endpoint),
            credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret")),
            transport: CurlTransport(), options: .init(requestsPerSecond: 0)))
        let start = Date()
        for p in try await client.listProjects().value {
            for m in try await client.listModels(project: p.projectName).value where p.projectName.hasPrefix("off-") && m.status == ModelStatus.hosted.rawValue {
                _ = try await client.stopModel(project: p.projectName, version: m.modelVersion, clientToken: LookoutVisionClient.newClientToken())
            }
        }
        let serial = Date().timeIntervalSince(start)
        print(String(format: "naive: the same 1000-model fleet by a serial loop, one call at a time: %.2f s for %d calls over %d TCP connections (compare with the run above)",
                     serial, service.requests.count, Set(service.requests.compactMap(\.connection)).count))
        await server.shutdown()
    }

    // MARK: - 6. Many accounts in one run

    /// 20 accounts x 2 regions x 50 models (10 projects of 5 versions; 6 projects follow `never`,
    /// so 30 stops in each (account, region)), every call 50 ms late, the emulator enforcing the
    /// services' default quota of 5 requests per second per account, region and API, and the
    /// run's own limit at the same 5/s. The bound is the slowest (account, region)'s own: its
    /// role assumed, its projects and its first models listed (three calls), then its 30 stops at
    /// 5/s after a burst of 5, plus the last one's latency. Zero throttled requests is the goal
    /// beside the time: the run keeps to every quota while running all accounts at once.
    static func accounts() async throws {
        let many = ProcessInfo.processInfo.environment["BENCH_ACCOUNTS"].flatMap(Int.init) ?? 20
        // One account first, for the comparison: many accounts should take the time of one.
        for n in [1, many] { try await accounts(n) }
    }

    @discardableResult
    static func accounts(_ accountCount: Int, regions: [String] = ["eu-west-1", "us-east-1"], projects: Int = 10, off: Int = 6,
                         quiet: Bool = false) async throws -> (seconds: Double, bound: Double, throttled: Int) {
        let (perProject, rate, latency) = (5, 5.0, 0.05)
        var fleet = Fleet(account: "100000000000", region: "eu-west-1", projects: [])
        var rules = "version: 1\ndefaults: { timezone: UTC, region: eu-west-1 }\naccounts:\n"
        for a in 1...accountCount {
            let id = String(format: "2000000000%02d", a)
            let role = "arn:aws:iam::\(id):role/lookout-scheduler"
            var ps: [Fleet.Project] = []
            for region in regions {
                for p in 0..<projects {
                    ps.append(Fleet.Project(name: p < off ? "off-\(p)" : "on-\(p)", region: region,
                                            models: (1...perProject).map { Fleet.Model(version: String($0), status: ModelStatus.hosted.rawValue) }))
                }
            }
            fleet.accounts.append(Fleet.Account(id: id, name: "account-\(a)", roles: [Fleet.Role(arn: role, trust: ["AKIDBENCH"])], projects: ps))
            rules += "  account-\(a): { role_arn: \"\(role)\", regions: [\(regions.joined(separator: ", "))] }\n"
        }
        rules += "rules:\n  - { account: \"*\", project: \"off-*\", schedule: never }\n  - { account: \"*\", project: \"on-*\", schedule: always }\n"
        fleet.faults = [FaultRule(operation: "*", kind: .latency, seconds: latency)]
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try rules.write(toFile: dir + "/rules.yaml", atomically: true, encoding: .utf8)
        let service = EmulatorService(fleet: fleet, configuration: .init(credentials: ["AKIDBENCH": ("bench-secret", nil)], pageSize: 100,
                                                                         stopDelay: 3600, requestsPerSecond: rate))
        let server = try await EmulatorServer(service: service, threads: 2)
        let childEnv = ["AWS_ACCESS_KEY_ID": "AKIDBENCH", "AWS_SECRET_ACCESS_KEY": "bench-secret", "AWS_EC2_METADATA_DISABLED": "true",
                        "AWS_ENDPOINT_URL": server.endpoint, "AWS_REGION": "eu-west-1", "HOME": dir, "PATH": "/usr/bin:/bin"]
        let r = try child(["run", "--rules", dir + "/rules.yaml", "--endpoint-url", server.endpoint, "--log", dir + "/audit.jsonl",
                           "--requests-per-second", String(rate), "--output", "json"], environment: childEnv)
        let calls = service.requests
        let throttled = calls.filter { $0.status == 429 || $0.fault == "quota" }.count
        let stops = calls.filter { $0.operation == LookoutVisionOperation.stopModel.rawValue && $0.status == 202 }.count
        let assumed = calls.filter { $0.operation == CredentialOperation.assumeRole.rawValue }.count
        // Per (account, region): the busiest API's calls, and when the last of them arrived.
        var perPlace: [String: [String: Int]] = [:]
        for c in calls where c.operation != CredentialOperation.assumeRole.rawValue { perPlace["\(c.account ?? "?") \(c.region ?? "?")", default: [:]][c.operation, default: 0] += 1 }
        let busiest = perPlace.values.map { $0.values.max() ?? 0 }.max() ?? 0
        let bound = 3 * latency + max(0, Double(busiest) - rate) / rate + latency
        let models = accountCount * regions.count * projects * perProject
        await server.shutdown()
        if quiet { return (r.seconds, bound, throttled) }
        print(String(format: "accounts: %d accounts x %d regions x %d models (%d models, %d hosted outside their windows), 50 ms per call, quota and limit %d/s per account, region and API: %.2f s against the slowest (account, region)'s own quota bound %.2f s (%d calls of its busiest API: ratio %.2f; goal <= 1.15); %d calls, %d stops, %d AssumeRole (one per account), %d throttled (goal 0); peak RSS %.1f MiB; exit %d",
                     accountCount, regions.count, projects * perProject, models, accountCount * regions.count * off * perProject, Int(rate),
                     r.seconds, bound, busiest, r.seconds / bound, calls.count, stops, assumed, throttled, r.peakMiB, r.status))
        return (r.seconds, bound, throttled)
    }
}

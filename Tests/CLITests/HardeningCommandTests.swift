import Foundation
import Testing

/// Issue 13 through the real binary: files, the lock, the anchor, inputs, bounds, whole outputs,
/// the examples.
@Suite(.serialized) struct HardeningCommandTests {
    func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    // MARK: 1. Files the tool writes

    @Test(arguments: ["symlink", "fifo", "directory", "group-writable", "device"])
    func aLogThatIsNotAnOwnerOnlyRegularFileIsRefused(kind: String) throws {
        let s = try RunSetup()
        var log = s.log
        try FileManager.default.createDirectory(atPath: (s.log as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let victim = try s.dir.write("victim", "precious\n")
        switch kind {
        case "symlink": try FileManager.default.createSymbolicLink(atPath: s.log, withDestinationPath: victim)
        case "fifo": #expect(mkfifo(s.log, 0o600) == 0)
        case "directory": try FileManager.default.createDirectory(atPath: s.log, withIntermediateDirectories: false)
        case "group-writable":
            FileManager.default.createFile(atPath: s.log, contents: nil)
            chmod(s.log, 0o660)
        default: log = "/dev/null"
        }
        let started = Date()
        let r = try CommandRunner.run(["run", "--rules", s.rules, "--now", RunFixture.now, "--endpoint-url", s.emulator.endpoint,
                                       "--log", log, "--requests-per-second", "0"], environment: s.emulator.environment(home: s.dir.url.path))
        #expect(r.status == 2, "\(r.stderr)")
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(r.stderr.hasPrefix("error: the audit log \(log) "), "\(r.stderr)")
        #expect(try s.stopCalls().isEmpty)
        #expect(bytes(victim) == Data("precious\n".utf8))
        // No lock made beside what is not a log (a device's directory least of all).
        #expect(!FileManager.default.fileExists(atPath: log + ".lock"))
    }

    @Test(arguments: ["fifo", "directory", "device"])
    func aRuleFileOrMetricsFileThatIsNotARegularFileIsAClearError(kind: String) throws {
        let s = try RunSetup()
        let odd: String
        switch kind {
        case "fifo":
            odd = s.dir.url.appendingPathComponent("odd").path
            #expect(mkfifo(odd, 0o600) == 0)
        case "directory": odd = s.dir.url.path
        default: odd = "/dev/zero"
        }
        let asRules = try CommandRunner.run(["run", "--rules", odd, "--now", RunFixture.now, "--endpoint-url", s.emulator.endpoint, "--log", s.log],
                                            environment: s.emulator.environment(home: s.dir.url.path))
        #expect(asRules.status == 2)
        #expect(asRules.stderr.contains("not a regular file"), "\(asRules.stderr)")
        let asMetrics = try s.run(["--metrics-file", odd])
        #expect(asMetrics.status == 2)
        #expect(asMetrics.stderr.contains("the metrics file \(odd) is"), "\(asMetrics.stderr)")
        #expect(try s.stopCalls().isEmpty)
    }

    // MARK: 2. The lock comes first

    @Test func aRunThatLosesTheLockWritesNothingAtAll() throws {
        let s = try RunSetup()
        #expect(try s.run().status == 0)
        // A torn last line, that a run holding the lock would end with a newline.
        let handle = try #require(FileHandle(forWritingAtPath: s.log))
        handle.seekToEndOfFile()
        handle.write(Data("{\"v\":1,\"type\":\"deci".utf8))
        try handle.close()
        let before = bytes(s.log)
        let anchorBefore = bytes(s.log + ".anchor")
        // Another holder of the lock (this process).
        let fd = open(s.log + ".lock", O_RDWR)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        defer { close(fd) }
        let calls = try s.emulator.requests().count
        let r = try s.run()
        #expect(r.status == 3)
        #expect(bytes(s.log) == before)
        #expect(bytes(s.log + ".anchor") == anchorBefore)
        #expect(try s.emulator.requests().count == calls)
    }

    // MARK: 3. The anchor

    @Test func theAnchorCatchesWhatTheChainCannot() throws {
        let s = try RunSetup()
        let metrics = s.dir.url.appendingPathComponent("lookout.prom").path
        #expect(try s.run(["--metrics-file", metrics]).status == 0)
        #expect(try s.run(["--metrics-file", metrics]).status == 0)
        let ok = try CommandRunner.run(["audit", "--log", s.log, "--verify"])
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect(ok.stdout.contains("matches its anchor"))
        let anchor = try #require(JSONSerialization.jsonObject(with: bytes(s.log + ".anchor")!) as? [String: Any])
        let records = try #require(anchor["records"] as? Int)
        #expect(records == (try s.logLines().count))
        let text = try String(contentsOfFile: metrics, encoding: .utf8)
        #expect(text.contains("\nlookout_scheduler_audit_records_total \(records).0\n"))
        #expect(text.contains("lookout_scheduler_audit_chain_head_info{head=\"\(anchor["head"] as! String)\"} 1.0"))
        #expect(try FileManager.default.attributesOfItem(atPath: s.log + ".anchor")[.posixPermissions] as? Int == 0o600)

        // The last run cut off: the chain alone still holds, the anchor does not.
        let lines = try String(contentsOfFile: s.log, encoding: .utf8).split(separator: "\n")
        let firstRun = lines.prefix { !$0.contains("\"type\":\"run-end\"") }.count + 1
        try (lines.prefix(firstRun).joined(separator: "\n") + "\n").write(toFile: s.log, atomically: false, encoding: .utf8)
        #expect(try CommandRunner.run(["audit", "--log", s.log, "--verify", "--chain-only", "--anchor", "/nonexistent"]).status == 0)
        let cut = try CommandRunner.run(["audit", "--log", s.log, "--verify"])
        #expect(cut.status == 1)
        #expect(cut.stdout.contains("records were cut off the end"), "\(cut.stdout)")
        // An empty log never verifies.
        try "".write(toFile: s.log, atomically: false, encoding: .utf8)
        #expect(try CommandRunner.run(["audit", "--log", s.log, "--verify", "--chain-only"]).status == 1)
    }

    // MARK: 6, 7, 11. The command line

    @Test(arguments: [
        (["--request-timeout", "nan"], "--request-timeout must be from 0.1 to 300 seconds"),
        (["--request-timeout", "1e9"], "--request-timeout must be from 0.1 to 300 seconds"),
        (["--requests-per-second", "inf"], "--requests-per-second must be from 0.1 to 1000"),
        (["--requests-per-second", "0.0001"], "--requests-per-second must be from 0.1 to 1000"),
        (["--poll-interval", "0"], "--poll-interval must be from 0.1 to 3600 seconds"),
        (["--max-attempts", "1000"], "--max-attempts must be from 1 to 10"),
        (["--concurrency", "100000"], "--concurrency must be from 1 to 64"),
        (["--wait=100d"], "--wait must be from 1s to 24h"),
        (["--now", "2027-02-29T10:00:00Z"], "2027-02-29 is not a date"),
        (["--now", "2026-11-30T10:00:00+18:30"], "the offset is beyond ±18:00"),
        (["--now", "2026-11-30T25:00:00Z"], "is not a time of day"),
    ])
    func absurdOptionValuesAreUsageErrors(arguments: [String], message: String) throws {
        let r = try CommandRunner.run(["run", "--rules", "schedules/minimal.yaml"] + arguments)
        #expect(r.status == 64)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func timesAreCheckedAsTheRuleFileChecksDates() throws {
        for (option, command) in [("--at", ["explain", "--rules", "schedules/minimal.yaml", "--project", "p", "--version", "1"]),
                                  ("--from", ["windows", "--rules", "schedules/minimal.yaml", "--to", "2026-12-01T00:00:00Z"])] {
            let r = try CommandRunner.run(command + [option, "2026-02-29T00:00:00Z"])
            #expect(r.status == 64, "\(option)")
        }
        #expect(try CommandRunner.run(["audit", "--project", "["]).status == 64)
        #expect(try CommandRunner.run(["audit", "--since", "2026-13-01T00:00:00Z"]).status == 64)
    }

    @Test func anEmptyOrBrokenEndpointIsAnErrorNeverTheRealAWS() throws {
        let s = try RunSetup()
        var env = s.emulator.environment(home: s.dir.url.path)
        for (flag, variable) in [("", nil), ("http://", nil), ("http://[::1", nil), (nil, ""), (nil, " ")] as [(String?, String?)] {
            var args = ["models", "--region", "eu-west-1"]
            if let flag { args += ["--endpoint-url", flag] }
            env["AWS_ENDPOINT_URL"] = variable
            let r = try CommandRunner.run(args, environment: env)
            #expect(r.status == 2, "\(flag ?? "-") \(variable ?? "-"): \(r.stderr)")
            #expect(!r.stderr.contains("amazonaws.com"))
        }
    }

    @Test func aHolidayIncludeNeverPrintsTheFileItNames() throws {
        let s = try RunSetup()
        let secret = try s.dir.write("secret.txt", "root:$6$hashhashhash:19000:0:99999:7:::\nAKIA-SECRET-VALUE\n")
        let rules = try s.dir.write("rules-inc.yaml", """
            version: 1
            defaults: { timezone: UTC, region: eu-west-1 }
            holidays:
              - include: \(secret)
              - include: /dev/zero
            rules:
              - { project: "*", schedule: always }
            """)
        let r = try CommandRunner.run(["validate", "--rules", rules])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(secret):"), "\(r.stderr)")
        #expect(r.stderr.contains(": error: not a valid holiday file here"), "\(r.stderr)")
        #expect(!r.stderr.contains("hashhash") && !r.stderr.contains("AKIA-SECRET"))
        #expect(r.stderr.contains("/dev/zero") && r.stderr.contains("not a regular file"), "\(r.stderr)")
        // A rule file over the size limit is refused from its size alone.
        let big = s.dir.url.appendingPathComponent("big.yaml").path
        FileManager.default.createFile(atPath: big, contents: nil)
        #expect(truncate(big, off_t(9 << 20)) == 0)
        let tooBig = try CommandRunner.run(["validate", "--rules", big])
        #expect(tooBig.status == 2)
        #expect(tooBig.stderr.contains("larger than 8 MiB"))
    }

    // MARK: 8. Whole outputs

    @Test func metricsAreWrittenForEveryExitStatus() throws {
        let s = try RunSetup()
        let metrics = s.dir.url.appendingPathComponent("lookout.prom").path
        let bad = try s.dir.write("bad.yaml", "version: 1\nrules: [ { project: x, schedule: nope } ]\n")
        let r2 = try CommandRunner.run(["run", "--rules", bad, "--log", s.log, "--metrics-file", metrics],
                                       environment: s.emulator.environment(home: s.dir.url.path))
        #expect(r2.status == 2)
        #expect(try String(contentsOfFile: metrics, encoding: .utf8).contains("\nlookout_scheduler_last_run_exit_code 2.0\n"))
        #expect(try s.run(["--metrics-file", metrics]).status == 0)
        #expect(try String(contentsOfFile: metrics, encoding: .utf8).contains("\nlookout_scheduler_last_run_exit_code 0.0\n"))
        let fd = open(s.log + ".lock", O_RDWR)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        defer { close(fd) }
        #expect(try s.run(["--metrics-file", metrics]).status == 3)
        #expect(try String(contentsOfFile: metrics, encoding: .utf8).contains("\nlookout_scheduler_last_run_exit_code 3.0\n"))
    }

    // MARK: 11. Small things

    @Test func theLogRecordsAnAbsoluteRuleFileAndAnActorWithoutUSER() throws {
        let s = try RunSetup(faults: "[ { operation: StopModel, project: retired, kind: non-json } ]")
        let relative = try CommandRunner.run(["run", "--rules", "rules.yaml", "--now", RunFixture.now, "--endpoint-url", s.emulator.endpoint,
                                              "--log", s.log, "--requests-per-second", "0", "--max-attempts", "1"],
                                             environment: s.emulator.environment(home: s.dir.url.path), directory: s.dir.url)
        #expect(relative.status == 1, "\(relative.stderr)")
        let lines = try s.logLines()
        #expect((lines.first?["rules_file"] as? String) == s.dir.url.appendingPathComponent("rules.yaml").standardizedFileURL.path)
        let user = String(cString: getpwuid(getuid())!.pointee.pw_name)
        #expect((lines.first?["actor"] as? String)?.hasPrefix("\(user)@") == true)
        // A 503 with an HTML body is reported by its status, not a guessed code.
        let failed = lines.first { $0["project"] as? String == "retired" && $0["type"] as? String == "decision" }
        #expect(failed?["error_code"] as? String == "HTTP503")
    }

    // MARK: 9. The examples

    @Test func theCrontabLineWorksInAFreshHome() throws {
        let s = try RunSetup()
        let home = s.dir.url.appendingPathComponent("fresh-home").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: false)
        let crontab = try String(contentsOf: CommandRunner.repositoryRoot.appendingPathComponent("examples/crontab"), encoding: .utf8)
        let entry = try #require(crontab.split(separator: "\n").first { !$0.hasPrefix("#") && !$0.isEmpty })
        // The command: everything after the five schedule fields, with this build's binary and the test's files.
        let command = entry.split(separator: " ", maxSplits: 5).last!
            .replacingOccurrences(of: "/usr/local/bin/lookout-scheduler", with: CommandRunner.productsDirectory.appendingPathComponent("lookout-scheduler").path)
            .replacingOccurrences(of: "/etc/lookout-scheduler/rules.yaml", with: s.rules)
            .replacingOccurrences(of: "/var/lib/node_exporter/textfile_collector/lookout_scheduler.prom", with: s.dir.url.appendingPathComponent("cron.prom").path)
        var env = s.emulator.environment(home: home)
        env["AWS_ENDPOINT_URL_LOOKOUTVISION"] = s.emulator.endpoint
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = CommandRunner.childEnvironment(env)
        process.currentDirectoryURL = URL(fileURLWithPath: home)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let out = try String(contentsOfFile: home + "/.local/state/lookout-scheduler/cron.out", encoding: .utf8)
        #expect(out.contains("summary:"), "\(out)")
        // The log the run wrote (under HOME, or /var/log for root), named in its output.
        let log = try #require(out.split(separator: "\n").first { $0.hasPrefix("log: ") }).dropFirst(5)
        #expect(FileManager.default.fileExists(atPath: String(log)))
        #expect(!(try s.stopCalls()).isEmpty)
    }

    /// (Skipped, and reported as skipped, where systemd-analyze is absent; `.ci/run` installs it.)
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"), "systemd-analyze is not installed (apt-get install systemd)"))
    func theSystemdUnitsVerify() throws {
        let analyze = "/usr/bin/systemd-analyze"
        let dir = try TemporaryDirectory()
        let root = CommandRunner.repositoryRoot.appendingPathComponent("examples")
        let service = try String(contentsOf: root.appendingPathComponent("lookout-scheduler.service"), encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/lookout-scheduler", with: CommandRunner.productsDirectory.appendingPathComponent("lookout-scheduler").path)
        let s = try dir.write("lookout-scheduler.service", service)
        let t = try dir.write("lookout-scheduler.timer", try String(contentsOf: root.appendingPathComponent("lookout-scheduler.timer"), encoding: .utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: analyze)
        process.arguments = ["verify", "--man=no", s, t]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}

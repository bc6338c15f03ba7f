import Foundation
import ScheduleReport
import Testing

/// `edges` through the binary: it must agree with `windows` exactly, and its systemd lines must be
/// valid systemd calendar expressions.
@Suite struct EdgesCommandTests {
    /// Berlin windows of every kind, for the week Berlin leaves summer time (Sun 2026-10-25).
    static let rules = """
        version: 1
        defaults: { timezone: Europe/Berlin, region: eu-west-1 }
        schedules:
          office: { windows: [ { days: mon-fri, from: "07:00", to: "19:00" } ] }
          night: { windows: [ { days: fri-sun, from: "22:00", to: "06:00" } ] }
          sunday-early: { windows: [ { cron: "0 0 * * SUN", for: 3h } ] }
          month-end: { windows: [ { cron: "0 6 L * *", for: 14h } ] }
          chicago: { timezone: America/Chicago, windows: [ { days: mon-fri, from: "08:00", to: "17:00" } ] }
        rules:
          - { project: a, schedule: office }
          - { project: b, schedule: night }
          - { project: c, schedule: sunday-early }
          - { project: d, schedule: month-end }
          - { project: e, schedule: chicago, region: us-east-1 }
          - { project: f, schedule: always }
          - { project: "*", schedule: office }
        """
    static let from = "2026-10-21T00:00:00Z", to = "2026-11-02T00:00:00Z"

    func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func edgesOfADSTWeekInBerlinMatchWindowsExactly() throws {
        let dir = try TemporaryDirectory()
        let rules = try dir.write("rules.yaml", EdgesCommandTests.rules)
        let range = ["--from", EdgesCommandTests.from, "--to", EdgesCommandTests.to, "--output", "json"]
        let w = try CommandRunner.run(["windows", "--rules", rules] + range)
        let e = try CommandRunner.run(["edges", "--rules", rules] + range)
        #expect(w.status == 0 && e.status == 0, "\(w.stderr)\(e.stderr)")

        // From windows: each interval's ends, except where the range cuts it.
        let lo = 1_792_540_800, hi = 1_793_577_600  // the range, in epoch seconds
        var expected = Set<String>()
        for rule in try #require(json(w.stdout)["rules"] as? [[String: Any]]) {
            for i in try #require(rule["intervals"] as? [[String: Any]]) {
                let start = try #require(i["start_epoch"] as? Int), end = try #require(i["end_epoch"] as? Int)
                if start > lo { expected.insert("\(rule["rule"]!) opens \(start)") }
                if end < hi { expected.insert("\(rule["rule"]!) closes \(end)") }
            }
        }
        var listed = Set<String>()
        let doc = try json(e.stdout)
        #expect(doc["from"] as? String == EdgesCommandTests.from)
        for edge in try #require(doc["edges"] as? [[String: Any]]) {
            for c in try #require(edge["changes"] as? [[String: Any]]) {
                listed.insert("\(c["rule"]!) \(c["change"]!) \(edge["at_epoch"]!)")
            }
        }
        #expect(!expected.isEmpty)
        #expect(listed == expected)
        #expect(!listed.contains { $0.hasPrefix("6 ") }, "always has no edges")
        // Across the switch: office closes at 17:00Z on Friday (CEST) and 18:00Z on Monday (CET).
        #expect(listed.contains("1 closes 1792774800") && listed.contains("1 closes 1793037600"))
        // The Saturday night window opens in summer time and closes in winter time.
        #expect(listed.contains("2 opens 1792872000") && listed.contains("2 closes 1792904400"))
    }

    @Test func textNamesEachScheduleInItsZone() throws {
        let dir = try TemporaryDirectory()
        let rules = try dir.write("rules.yaml", EdgesCommandTests.rules)
        let r = try CommandRunner.run(["edges", "--rules", rules, "--from", "2026-10-23T00:00:00Z", "--to", "2026-10-24T00:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2026-10-23T17:00:00Z\n  closes office at 2026-10-23T19:00:00+02:00 Europe/Berlin: rule 1 (line "))
        #expect(r.stdout.contains("  opens chicago at 2026-10-23T08:00:00-05:00 America/Chicago: rule 5 (line "))
    }

    @Test func systemdOutputIsATimerInTheSchedulesZones() throws {
        let dir = try TemporaryDirectory()
        let rules = try dir.write("rules.yaml", EdgesCommandTests.rules)
        let r = try CommandRunner.run(["edges", "--rules", rules, "--from", EdgesCommandTests.from, "--to", EdgesCommandTests.to,
                                       "--output", "systemd"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        for expected in ["[Timer]", "OnCalendar=hourly", "OnCalendar=Mon..Fri *-*-* 07:00:00 Europe/Berlin",
                         "OnCalendar=Mon..Fri *-*-* 19:00:00 Europe/Berlin", "OnCalendar=Fri..Sun *-*-* 22:00:00 Europe/Berlin",
                         "OnCalendar=Mon,Sat,Sun *-*-* 06:00:00 Europe/Berlin", "OnCalendar=*-*~01 06:00:00 Europe/Berlin",
                         "OnCalendar=*-*~01 20:00:00 Europe/Berlin", "OnCalendar=Mon..Fri *-*-* 08:00:00 America/Chicago",
                         "OnCalendar=Sun *-*-* 00:00:00 Europe/Berlin", "AccuracySec=1s", "Unit=lookout-scheduler.service"] {
            #expect(lines.contains(expected), "\(expected)")
        }
        // Sun 00:00 CEST + 3 h is the second 02:00 of 2026-10-25: systemd would fire at the first,
        // so that close is listed as an instant.
        #expect(lines.contains("OnCalendar=2026-10-25 01:00:00 UTC"))
        #expect(lines.filter { $0.hasPrefix("OnCalendar=") && $0.hasSuffix(" UTC") }.count == 1)
    }

    /// Every generated expression, checked by systemd itself.
    /// (Skipped, and reported as skipped, where systemd-analyze is absent; `.ci/run` installs it.)
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"), "systemd-analyze is not installed (apt-get install systemd)"))
    func systemdAcceptsEveryGeneratedLine() throws {
        let analyze = "/usr/bin/systemd-analyze"
        let dir = try TemporaryDirectory()
        var files = [try dir.write("rules.yaml", EdgesCommandTests.rules)]
        files.append(CommandRunner.repositoryRoot.appendingPathComponent("schedules/example.yaml").path)
        files.append(CommandRunner.repositoryRoot.appendingPathComponent("schedules/advanced.yaml").path)
        for file in files {
            let r = try CommandRunner.run(["edges", "--rules", file, "--from", "2026-03-01T00:00:00Z", "--to", "2026-12-01T00:00:00Z",
                                           "--output", "systemd"])
            #expect(r.status == 0, "\(file): \(r.stderr)")
            let expressions = r.stdout.split(separator: "\n").filter { $0.hasPrefix("OnCalendar=") }.map { String($0.dropFirst(11)) }
            #expect(expressions.count > 1)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: analyze)
            p.arguments = ["calendar"] + expressions
            p.standardOutput = FileHandle.nullDevice
            let err = Pipe()
            p.standardError = err
            try p.run()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "\(file): \(message)")
        }
    }

    @Test func theExampleTimerIsWhatTheCommandPrints() throws {
        let r = try CommandRunner.run(["edges", "--rules", "schedules/example.yaml", "--from", "2026-01-01T00:00:00Z",
                                       "--to", "2027-01-01T00:00:00Z", "--output", "systemd"])
        #expect(r.status == 0, "\(r.stderr)")
        let example = try String(contentsOf: CommandRunner.repositoryRoot.appendingPathComponent("examples/lookout-scheduler-edges.timer"),
                                 encoding: .utf8)
        #expect(example == r.stdout, "regenerate examples/lookout-scheduler-edges.timer (README, \"Runs at the window edges\")")
    }

    @Test func rejectsABackwardRange() throws {
        let r = try CommandRunner.run(["edges", "--rules", "schedules/example.yaml", "--from", "2026-12-01T00:00:00Z",
                                       "--to", "2026-11-30T00:00:00Z"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("Error: --to must be after --from"))
    }
}

/// `run` reports the next edge; `audit` the hosted time past window closes.
@Suite struct NextEdgeAndLatenessTests {
    @Test func runReportsTheNextEdgeInJSONTextAndMetrics() throws {
        let s = try RunSetup()
        let metrics = s.dir.url.appendingPathComponent("lookout.prom").path
        let r = try s.run(["--metrics-file", metrics, "--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        // At Mon 10:00Z, sydney-night (20:00-23:00 AEDT) is hosted until 12:00Z; nothing changes sooner.
        #expect(doc["next_edge"] as? String == "2026-11-30T12:00:00Z")
        let text = try String(contentsOfFile: metrics, encoding: .utf8)
        #expect(text.contains("# TYPE lookout_scheduler_next_edge_timestamp_seconds gauge\nlookout_scheduler_next_edge_timestamp_seconds 1796040000.0\n"))
        let dry = try s.run(["--dry-run"])
        #expect(dry.stdout.contains("next edge: 2026-11-30T12:00:00Z: sydney-night closes (rule 4)\n"))
    }

    @Test func auditCountsTheHostedTimePastWindowCloses() throws {
        let s = try RunSetup()
        // A run at 21:30Z sees stop-berlin inside its window (18:00-23:00 Berlin, closing at 22:00Z)...
        let before = try CommandRunner.run(["run", "--rules", s.rules, "--now", "2026-11-30T21:30:00Z", "--endpoint-url", s.emulator.endpoint,
                                            "--log", s.log, "--requests-per-second", "0"], environment: s.emulator.environment(home: s.dir.url.path))
        #expect(before.status == 0, "\(before.stderr)")
        // ...and the next one, 40 minutes after the close, stops it: 40 minutes hosted past the close.
        let after = try CommandRunner.run(["run", "--rules", s.rules, "--now", "2026-11-30T22:40:00Z", "--endpoint-url", s.emulator.endpoint,
                                           "--log", s.log, "--requests-per-second", "0"], environment: s.emulator.environment(home: s.dir.url.path))
        #expect(after.status == 0, "\(after.stderr)")
        let stop = try s.logLines().first { $0["project"] as? String == "stop-berlin" && $0["outcome"] as? String == "stopped" }
        #expect(stop?["window_closed_at"] as? String == "2026-11-30T22:00:00Z")
        let audit = try CommandRunner.run(["audit", "--log", s.log, "--output", "json"])
        #expect(audit.status == 0, "\(audit.stderr)")
        let doc = try #require(JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])
        #expect(doc["late_hours"] as? Double == 0.67)
        #expect(doc["late_cost"] as? Double == 2.67)
        let text = try CommandRunner.run(["audit", "--log", s.log])
        #expect(text.stdout.contains("hosted past window closes: 0.67 h (cost 2.67)\n"))
    }
}

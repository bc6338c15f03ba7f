import Foundation
import Testing

/// Two zone directories compiled with `zic` that differ only in one zone's rules (`Test/Shift`
/// is +01 in the first, +03 in the second): the binary's verdicts follow the directory in `TZDIR`.
final class TwinZoneDirectories: @unchecked Sendable {
    let plusOne: String
    let plusThree: String
    let dir = try! TemporaryDirectory()

    init() throws {
        plusOne = try TwinZoneDirectories.compile(dir.url.path + "/zones-a", offset: "1:00", version: "test-a")
        plusThree = try TwinZoneDirectories.compile(dir.url.path + "/zones-b", offset: "3:00", version: "test-b")
    }

    static func compile(_ out: String, offset: String, version: String) throws -> String {
        let source = out + ".zi"
        try "Zone Test/Shift \(offset) - XST\nZone Test/Other 2:00 - YST\n".write(toFile: source, atomically: true, encoding: .utf8)
        let zic = Process()
        zic.executableURL = URL(fileURLWithPath: "/usr/sbin/zic")
        zic.arguments = ["-d", out, source]
        try zic.run()
        zic.waitUntilExit()
        #expect(zic.terminationStatus == 0)
        try "\(version)\n".write(toFile: out + "/+VERSION", atomically: true, encoding: .utf8)
        return out
    }

    /// A Monday 08:00-18:00 window in `Test/Shift`.
    static let rules = """
        version: 1
        defaults: { timezone: Test/Shift, region: eu-west-1 }
        schedules:
          office: { windows: [ { days: mon, from: "08:00", to: "18:00" } ] }
        rules:
          - { project: shift-*, schedule: office }
        """
}

@Suite(.serialized) struct TimeZoneDatabaseTests {
    /// Mon 2026-12-07 06:30Z is 07:30 at +01 (outside) and 09:30 at +03 (inside).
    static let instant = "2026-12-07T06:30:00Z"

    @Test func theSameRuleFileGivesEachDirectorysVerdict() throws {
        let twins = try TwinZoneDirectories()
        let rules = try twins.dir.write("rules.yaml", TwinZoneDirectories.rules)
        func explain(_ tzdir: String) throws -> [String: Any] {
            let r = try CommandRunner.run(["explain", "--rules", rules, "--project", "shift-a", "--version", "1", "--at", Self.instant,
                                           "--output", "json"], environment: ["TZDIR": tzdir])
            #expect(r.status == 0, "\(r.stderr)")
            return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        }
        let a = try explain(twins.plusOne), b = try explain(twins.plusThree)
        #expect(a["hosted"] as? Bool == false)
        #expect(a["local_time"] as? String == "2026-12-07T07:30:00+01:00")
        #expect(b["hosted"] as? Bool == true)
        #expect(b["local_time"] as? String == "2026-12-07T09:30:00+03:00")
        // validate names the database and its version.
        let v = try CommandRunner.run(["validate", "--rules", rules], environment: ["TZDIR": twins.plusThree])
        #expect(v.status == 0, "\(v.stderr)")
        #expect(v.stdout.contains("\n  time zones: tzdata test-b from \(twins.plusThree)\n"))
        // windows and edges read the same rules: the window opens at 05:00Z under +03.
        let w = try CommandRunner.run(["windows", "--rules", rules, "--from", "2026-12-07T00:00:00Z", "--to", "2026-12-08T00:00:00Z",
                                       "--output", "json"], environment: ["TZDIR": twins.plusThree])
        #expect(w.status == 0, "\(w.stderr)")
        #expect(w.stdout.contains("2026-12-07T05:00:00Z"))
        #expect(!w.stdout.contains("2026-12-07T07:00:00Z"))
    }

    /// A run against the emulator stops the model under one directory and keeps it under the
    /// other; the report (text and JSON) and the log's run-start record name the database.
    @Test func runsFollowTheDirectoryAndRecordIt() throws {
        let twins = try TwinZoneDirectories()
        let rules = try twins.dir.write("rules.yaml", TwinZoneDirectories.rules)
        let fleet = try twins.dir.write("fleet.yaml", """
            region: eu-west-1
            projects:
              - { name: shift-a, models: [ { version: 1, status: HOSTED } ] }
            """)
        for (tzdir, stops, name) in [(twins.plusThree, 0, "test-b"), (twins.plusOne, 1, "test-a")] {
            let emulator = try EmulatorProcess(fleet: fleet)
            let log = twins.dir.url.appendingPathComponent("log-\(name)/audit.jsonl").path
            var env = emulator.environment(home: twins.dir.url.path)
            env["TZDIR"] = tzdir
            let r = try CommandRunner.run(["run", "--rules", rules, "--now", Self.instant, "--endpoint-url", emulator.endpoint,
                                           "--log", log, "--requests-per-second", "0", "--output", "json"], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
            #expect(json["time_zones"] as? String == "tzdata \(name) from \(tzdir)")
            let calls = try emulator.requests().filter { $0["operation"] as? String == "StopModel" }
            #expect(calls.count == stops, "\(name)")
            let first = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").first.map(String.init) ?? ""
            let start = try JSONSerialization.jsonObject(with: Data(first.utf8)) as! [String: Any]
            #expect(start["type"] as? String == "run-start")
            #expect(start["time_zones"] as? String == "tzdata \(name) from \(tzdir)")
            let text = try CommandRunner.run(["run", "--rules", rules, "--now", Self.instant, "--endpoint-url", emulator.endpoint,
                                              "--dry-run", "--requests-per-second", "0"], environment: env)
            #expect(text.stdout.contains("\ntime zones: tzdata \(name) from \(tzdir)\n"), "\(text.stdout)")
        }
    }

    @Test func zoneNamesAreCheckedAgainstTheFilesPresent() throws {
        let twins = try TwinZoneDirectories()
        for (zone, message) in [("Test/Missing", "unknown time zone 'Test/Missing' (no such zone file in \(twins.plusOne))"),
                                ("../zones-b/Test/Shift", "'../zones-b/Test/Shift' is not a time zone name"),
                                ("/etc/localtime", "'/etc/localtime' is not a time zone name: a path")] {
            let rules = try twins.dir.write("bad.yaml", TwinZoneDirectories.rules.replacingOccurrences(of: "Test/Shift", with: zone))
            let r = try CommandRunner.run(["validate", "--rules", rules], environment: ["TZDIR": twins.plusOne])
            #expect(r.status == 2)
            #expect(r.stderr.contains("\(rules):2:23: error: \(message)"), "\(r.stderr)")
        }
        // A corrupt file: the error names the zone and the file.
        let broken = twins.plusOne + "/Test/Other"
        try Data("TZif2".utf8).write(to: URL(fileURLWithPath: broken))
        let rules = try twins.dir.write("broken.yaml", TwinZoneDirectories.rules.replacingOccurrences(of: "Test/Shift", with: "Test/Other"))
        let r = try CommandRunner.run(["validate", "--rules", rules], environment: ["TZDIR": twins.plusOne])
        #expect(r.status == 2)
        #expect(r.stderr.contains("error: time zone 'Test/Other': cannot use \(broken): truncated"), "\(r.stderr)")
    }

    /// A refused `defaults.timezone` is one error, not one more per schedule; a TZDIR of one's
    /// own says which zones it has instead of suggesting the very name it refused.
    @Test func aRefusedDefaultZoneIsReportedOnce() throws {
        let twins = try TwinZoneDirectories()
        let rules = try twins.dir.write("default.yaml", TwinZoneDirectories.rules.replacingOccurrences(of: "Test/Shift", with: "Europe/Berlin"))
        let r = try CommandRunner.run(["validate", "--rules", rules], environment: ["TZDIR": twins.plusOne])
        #expect(r.status == 2)
        let errors = r.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors == ["\(rules):2:23: error: unknown time zone 'Europe/Berlin' (no such zone file in \(twins.plusOne)); \(twins.plusOne) has 2 zones (Test/Other, Test/Shift)"], "\(r.stderr)")
    }

    @Test func withoutZoneFilesTheBuiltInDataIsUsedAndSaidOnce() throws {
        let dir = try TemporaryDirectory()
        let rules = try dir.write("rules.yaml", TwinZoneDirectories.rules.replacingOccurrences(of: "Test/Shift", with: "Europe/Berlin"))
        let missing = dir.url.path + "/no-zoneinfo"
        let r = try CommandRunner.run(["validate", "--rules", rules], environment: ["TZDIR": missing])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("  time zones: built-in tzdata "))
        #expect(r.stdout.contains("(no zone files in \(missing))"))
        let notices = r.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: time zones: no zone files in \(missing)") }
        #expect(notices.count == 1, "\(r.stderr)")
    }
}

import Foundation
import HostingSchedule
import Testing
@testable import RuleFile

/// Parses `yaml` as `rules.yaml`; returns the error headlines, or [] when the file is valid.
func headlines(_ yaml: String, readFile: @escaping RuleFile.FileReader = { _ in throw CocoaError(.fileReadNoSuchFile) }) -> [String] {
    do {
        _ = try RuleFile.parse(yaml: yaml, path: "rules.yaml", readFile: readFile)
        return []
    } catch {
        return error.errors.map(\.headline)
    }
}

let header = "version: 1\ndefaults: { timezone: Europe/Berlin }\n"

@Suite struct RuleFileValidationTests {
    /// (file text, the exact error headlines expected).
    @Test(arguments: [
        (header + "schedules:\n  s:\n    windws: []\nrules: []\n",
         ["rules.yaml:5:5: error: unknown key 'windws' in schedule 's'; did you mean 'windows'? (allowed: timezone, windows, holidays, months, valid_from, valid_until, grace, price_per_copy_hour, description)",
          "rules.yaml:5:5: error: schedule 's' has no 'windows:'"]),
        (header + "schedules:\n  s:\n    windows:\n      - { days: mon-fri, from: \"07:00\", to: \"25:00\" }\nrules: []\n",
         ["rules.yaml:6:45: error: bad time '25:00' for 'to'; write HH:MM from 00:00 to 24:00, such as \"07:30\""]),
        (header + "schedules:\n  s:\n    windows:\n      - { days: mon-fri, from: \"07:00\", to: \"07:00\" }\nrules: []\n",
         ["rules.yaml:6:45: error: window 1 of schedule 's' opens and closes at 07:00; for a whole day write from: \"00:00\", to: \"24:00\""]),
        (header + "schedules:\n  s:\n    windows:\n      - { days: mon-fri, from: \"24:00\", to: \"07:00\" }\nrules: []\n",
         ["rules.yaml:6:32: error: a window cannot open at 24:00; write 00:00"]),
        (header + "schedules:\n  s:\n    windows:\n      - { cron: \"31 2 30 2 *\", for: 1h }\nrules: []\n",
         ["rules.yaml:6:17: error: bad cron expression: '31 2 30 2 *' never fires (no date matches its day-of-month, month and day-of-week)"]),
        (header + "schedules:\n  s:\n    windows:\n      - { cron: \"0 6 * * *\", for: 40d }\nrules: []\n",
         ["rules.yaml:6:35: error: bad duration '40d' for 'for'; write for example 90m, 14h, 1h30m or 2d (from 1m to 31d)"]),
        (header + "schedules:\n  s:\n    windows:\n      - { cron: \"0 6 * * *\", for: 1h, days: mon }\nrules: []\n",
         ["rules.yaml:6:39: error: unknown key 'days' in window 1 of schedule 's' (a cron window: cron, for) (allowed: cron, for, months, valid_from, valid_until)"]),
        ("version: 1\nschedules:\n  s:\n    windows:\n      - { days: mon, from: \"07:00\", to: \"08:00\" }\nrules: []\n",
         ["rules.yaml:4:5: error: schedule 's' has no timezone; set 'timezone:' here or in 'defaults:'"]),
        ("version: 1\ndefaults: { timezone: EST }\nrules: []\n",
         ["rules.yaml:2:23: error: 'EST' is an abbreviation, not an IANA time zone; write a zone such as Europe/Berlin or America/Chicago (an abbreviation does not say when daylight saving time applies)"]),
        ("version: 2\nrules: []\n", ["rules.yaml:1:10: error: unsupported rule-file version '2'; this lookout-scheduler reads version 1"]),
        ("rules: []\n", ["rules.yaml:1:1: error: missing 'version: 1' at the top of the rule file"]),
        ("version: 1\n", ["rules.yaml:1:1: error: missing 'rules:'; without rules no model is managed"]),
        ("", ["rules.yaml:1:1: error: the rule file is empty; it needs at least 'version: 1' and 'rules:'"]),
        ("version: 1\nversion: 1\nrules: []\n", ["rules.yaml:2:1: error: duplicate key 'version' (first at line 1, column 1); keys must be unique"]),
        (header + "schedules:\n  s: { windows: [ { from: \"07:00\", to: \"08:00\" } ] }\n  s: { windows: [ { from: \"07:00\", to: \"08:00\" } ] }\nrules: [ { project: a, schedule: s } ]\n",
         ["rules.yaml:5:3: error: duplicate key 's' (first at line 4, column 3); keys must be unique"]),
        (header + "rules:\n  - { project: a, schedule: nope }\n",
         ["rules.yaml:4:29: error: rule 1 uses unknown schedule 'nope' (defined: always, never)"]),
        (header + "rules:\n  - { project: \"a b\", schedule: never }\n",
         ["rules.yaml:4:16: error: project 'a b' can never match: project names use letters, digits, '-' and '_' (up to 255)"]),
        (header + "rules:\n  - { project: a, versions: [1, latest], schedule: never }\n",
         ["rules.yaml:4:33: error: version 'latest' can never match: model versions are whole numbers such as 1, 2, 3"]),
        (header + "holidays: [2026-12-24, 2026-13-01]\nrules: []\n",
         ["rules.yaml:3:24: error: holiday: '2026-13-01' is not a date; write YYYY-MM-DD, such as 2026-12-24"]),
        (header + "rules:\n  - project: a\n    schedule: never\n  - { project: b, schedule: never\n",
         ["rules.yaml:7:1: error: YAML parser: did not find expected ',' or '}' (while parsing a flow mapping that starts at line 6, column 5)"]),
        (header + "schedules:\n  s:\n    valid_from: 2026-12-01\n    valid_until: 2026-11-01\n    windows: [ { from: \"07:00\", to: \"08:00\" } ]\nrules: [ { project: a, schedule: s } ]\n",
         ["rules.yaml:6:18: error: schedule 's': valid_until 2026-11-01 is before valid_from 2026-12-01"]),
    ])
    func reportsLocatedErrors(yaml: String, expected: [String]) {
        #expect(headlines(yaml) == expected)
    }

    @Test func reportsEveryErrorNotJustTheFirst() {
        let yaml = header + "schedules:\n  s:\n    windows:\n      - { days: mon-fry, from: \"7.00\", to: \"19:00\" }\nrules:\n  - { project: \"weld-[\", schedule: s }\n  - { project: a, schedule: missing, region: EU }\n"
        #expect(headlines(yaml) == [
            "rules.yaml:6:17: error: bad days 'mon-fry'; write day names or ranges such as mon-fri, sat,sun, fri-mon, weekdays or daily",
            "rules.yaml:6:32: error: bad time '7.00' for 'from'; write HH:MM from 00:00 to 24:00, such as \"07:30\"",
            "rules.yaml:8:16: error: bad pattern 'weld-[': '[' at position 6 is never closed",
            "rules.yaml:9:29: error: rule 2 uses unknown schedule 'missing' (defined: s, always, never)",
            "rules.yaml:9:46: error: 'EU' is not an AWS region name (such as eu-west-1 or us-east-1)",
        ])
    }

    @Test func printsTheSourceLineAndACaret() throws {
        let yaml = header + "rules:\n  - { project: a, schedule: nope }\n"
        let error = try #require(throws: RuleFileError.self) { try RuleFile.parse(yaml: yaml, path: "r.yaml") }
        #expect(error.diagnostics.first?.description == [
            "r.yaml:4:29: error: rule 1 uses unknown schedule 'nope' (defined: always, never)",
            "  - { project: a, schedule: nope }",
            String(repeating: " ", count: 28) + "^",
        ].joined(separator: "\n"))
    }

    @Test func rejectsAliasBombsQuickly() {
        var yaml = "version: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<9 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        yaml += "holidays: *a8\nrules: []\n"
        let errors = headlines(yaml)
        #expect(errors.contains("rules.yaml:3:1: error: unknown key 'a1' in the rule file (allowed: version, defaults, holidays, schedules, rules, overrides, accounts)"))
        // The aliased tree (10^9 leaves) is never expanded: each of the ten top-level items is
        // rejected as a list, once.
        #expect(errors.filter { $0.contains("unknown key") }.count == 9)
        #expect(errors.filter { $0 == "rules.yaml:9:5: error: holiday must be a single value, not a list" }.count == 10)
        #expect(errors.count == 19)
    }
}

@Suite struct RuleFileWarningTests {
    func warnings(_ yaml: String) throws -> [String] {
        try RuleFile.parse(yaml: yaml, path: "rules.yaml").warnings.map(\.headline)
    }

    @Test func warnsAboutShadowedRulesAndUnusedSchedules() throws {
        let yaml = header + """
            schedules:
              day: { windows: [ { days: mon-fri, from: "07:00", to: "19:00" } ] }
              spare: { windows: [ { days: sat, from: "07:00", to: "19:00" } ] }
            rules:
              - { project: "weld-*", schedule: day }
              - { project: weld-3, versions: [1, 2], schedule: never }
              - { project: "*", versions: ["1*"], schedule: always }
              - { project: other, versions: ["12"], schedule: never }
            """
        #expect(try warnings(yaml) == [
            "rules.yaml:5:3: warning: schedule 'spare' is not used by any rule",
            "rules.yaml:8:5: warning: rule 2 never applies: rule 1 (line 7) comes first and covers every model it covers",
            "rules.yaml:10:5: warning: rule 4 never applies: rule 3 (line 9) comes first and covers every model it covers",
        ])
    }

    @Test func warnsAboutSchedulesThatNeverHost() throws {
        let yaml = header + """
            schedules:
              xmas: { windows: [ { days: mon-fri, from: "07:00", to: "19:00" } ], valid_from: 2026-12-26, valid_until: 2026-12-27 }
            rules:
              - { project: a, schedule: xmas }
            """
        #expect(try warnings(yaml) == [
            "rules.yaml:4:3: warning: schedule 'xmas' never hosts: no window can open on any date (check days, months, valid_from/valid_until and holidays)",
        ])
    }
}

@Suite struct RuleFileSemanticsTests {
    @Test func readsTheIssueSketch() throws {
        let yaml = """
            version: 1
            defaults: { timezone: Europe/Berlin, region: eu-west-1 }
            holidays: [2026-12-24, 2026-12-25]
            schedules:
              office-hours:
                windows:
                  - { days: mon-fri, from: "07:00", to: "19:00" }
              night-shift:
                timezone: America/Chicago
                windows:
                  - { days: mon-fri, from: "22:00", to: "06:00" }
              month-end:
                windows:
                  - { cron: "0 6 L * *", for: 14h }
            rules:
              - { project: pcb-inspection, versions: ["3", "4"], schedule: office-hours }
              - { project: "weld-*", schedule: night-shift, region: us-east-1 }
              - { project: "*", schedule: office-hours }
            """
        let set = try RuleFile.parse(yaml: yaml, path: "r.yaml").ruleSet
        #expect(set.rules.count == 3)
        #expect(set.rules.map(\.line) == [16, 17, 18])
        #expect(set.rule(forProject: "pcb-inspection", version: "4", region: "eu-west-1")?.number == 1)
        #expect(set.rule(forProject: "pcb-inspection", version: "5", region: "eu-west-1")?.number == 3)
        #expect(set.rule(forProject: "weld-7", version: "1", region: "us-east-1")?.number == 2)
        // Rules without a region take the default one.
        #expect(set.rule(forProject: "other", version: "1", region: "us-east-1") == nil)
        let night = try #require(set.schedules["night-shift"])
        #expect(night.zone.identifier == "America/Chicago")
        #expect(night.holidays == [LocalDate(parsing: "2026-12-24")!, LocalDate(parsing: "2026-12-25")!])
        #expect(set.schedules["month-end"]?.windows.first?.description == "cron '0 6 L * *' for 14h")
    }

    @Test func zoneNamesAreKeptAsWritten() throws {
        let yaml = "version: 1\ndefaults: { timezone: UTC }\nschedules:\n  s: { windows: [ { from: \"07:00\", to: \"08:00\" } ] }\nrules: [ { project: a, schedule: s }, { project: b, schedule: always } ]\n"
        let set = try RuleFile.parse(yaml: yaml, path: "r.yaml").ruleSet
        #expect(set.schedules["s"]?.zoneName == "UTC")
        #expect(set.schedules["s"]?.summary == "daily 07:00-08:00 UTC")
        #expect(set.rules[1].schedule.zoneName == "UTC")
    }

    @Test func acceptsUnquotedTimesAndDayForms() throws {
        let yaml = header + """
            schedules:
              s:
                windows:
                  - { days: [sat, sunday], from: 9:00, to: 12:30 }
                  - { days: fri-mon, from: "22:00", to: "24:00", months: nov-feb }
                  - { days: weekdays, from: "06:00", to: "07:00" }
            rules: [ { project: a, versions: all, schedule: s } ]
            """
        let s = try #require(try RuleFile.parse(yaml: yaml, path: "r.yaml").ruleSet.schedules["s"])
        #expect(s.windows.map(\.description) == ["Sat,Sun 09:00-12:30", "Fri-Mon 22:00-24:00 (Jan,Feb,Nov,Dec)", "Mon-Fri 06:00-07:00"])
    }

    @Test func includesHolidayFilesFromDisk() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "- 2026-12-24\n- 2026-12-31\n".write(to: dir.appendingPathComponent("de.yaml"), atomically: true, encoding: .utf8)
        try "2027-01-01: New Year\n2027-01-06: Epiphany\n".write(to: dir.appendingPathComponent("named.yaml"), atomically: true, encoding: .utf8)
        try "- 2026-12-24\n- not-a-date\n".write(to: dir.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let good = header + """
            holidays: [ { include: de.yaml }, 2026-12-25 ]
            schedules:
              s:
                holidays: [ { include: named.yaml } ]
                windows: [ { days: daily, from: "07:00", to: "19:00" } ]
            rules: [ { project: a, schedule: s } ]
            """
        let path = dir.appendingPathComponent("rules.yaml").path
        try good.write(toFile: path, atomically: true, encoding: .utf8)
        let file = try RuleFile.load(path: path)
        #expect(file.ruleSet.schedules["s"]?.holidays.map(\.description).sorted()
            == ["2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01", "2027-01-06"])
        #expect(file.includedFiles.count == 2)

        let bad = header + "holidays: [ { include: broken.yaml }, { include: missing.yaml } ]\nrules: []\n"
        try bad.write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: RuleFileError.self) { try RuleFile.load(path: path) }
        let broken = dir.appendingPathComponent("broken.yaml").path
        let missing = dir.appendingPathComponent("missing.yaml").path
        #expect(error.errors.map(\.headline).sorted() == [
            // The path and position, never the included file's content (it may be any file).
            "\(broken):2:3: error: not a valid holiday file here: a holiday file is a YAML list of dates (YYYY-MM-DD, such as 2026-12-24) or a mapping of date to name; its content is not shown",
            "\(path):3:50: error: cannot read holiday file 'missing.yaml' (\(missing)): no such file",
        ].sorted())
    }

    @Test func reportsAnUnreadableRuleFile() {
        let error = #expect(throws: RuleFileError.self) { try RuleFile.load(path: "/nonexistent/rules.yaml") }
        #expect(error?.errors.map(\.headline) == ["/nonexistent/rules.yaml:1:1: error: cannot read the rule file: no such file"])
    }
}

@Suite struct DiagnosticTests {
    @Test func longLinesShowAWindowAroundTheColumn() {
        let line = String(repeating: "a", count: 300) + "X" + String(repeating: "b", count: 300)
        let d = Diagnostic(severity: .error, path: "f.yaml", line: 1, column: 301, message: "here", sourceLine: line)
        let parts = d.description.split(separator: "\n").map(String.init)
        #expect(parts[0] == "f.yaml:1:301: error: here")
        #expect(parts[1].hasPrefix("...") && parts[1].hasSuffix("..."))
        #expect(parts[1].count == 106)
        let caret = parts[2].count - 1
        #expect(Array(parts[1])[caret] == "X")
    }
}

import Foundation
import Testing

/// Issue 18, "outputs bounded", through the real binary: `windows` and `edges` over long ranges
/// with many rules refuse (exit 2) past their documented limits (100,000 intervals; 100,000 rule
/// changes), saying the limit and how to narrow the question, and answer in full below them.
@Suite struct OutputBoundsCommandTests {
    /// Three rules on a schedule that opens every two minutes for one: 720 intervals and 1,440
    /// edges a day per rule.
    static let rules = """
        version: 1
        defaults: { timezone: Europe/Berlin, region: eu-west-1 }
        schedules:
          blink: { windows: [ { cron: "*/2 * * * *", for: 1m } ] }
        rules:
          - { project: a, schedule: blink }
          - { project: b, schedule: blink }
          - { project: c, schedule: blink }
        """

    @Test func windowsRefusesPastItsLimitAndSaysHowToNarrow() throws {
        let dir = try TemporaryDirectory()
        let rules = try dir.write("rules.yaml", Self.rules)
        // Five years of three rules: over three million intervals; refused without building them.
        for output in ["text", "json", "svg"] {
            let r = try CommandRunner.run(["windows", "--rules", rules, "--from", "2026-01-01T00:00:00Z", "--to", "2031-01-01T00:00:00Z", "--output", output])
            #expect(r.status == 2)
            #expect(r.stdout.isEmpty)
            #expect(r.stderr == "error: the range holds more than 100000 hosted intervals over 3 rules (the limit for one 'windows' answer); narrow it: a shorter range (--from/--to), one model (--project and --version) or one account (--account)\n")
        }
        // 50 days: 3 x 36,000 intervals is past the limit; one model's 36,000 is within it, all printed.
        let all = try CommandRunner.run(["windows", "--rules", rules, "--from", "2026-01-01T00:00:00Z", "--to", "2026-02-20T00:00:00Z", "--output", "json"])
        #expect(all.status == 2)
        let one = try CommandRunner.run(["windows", "--rules", rules, "--from", "2026-01-01T00:00:00Z", "--to", "2026-02-20T00:00:00Z",
                                         "--project", "a", "--version", "1", "--output", "json"])
        #expect(one.status == 0, "\(one.stderr)")
        let doc = try #require(JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])
        let entries = try #require(doc["rules"] as? [[String: Any]])
        #expect((entries.first?["intervals"] as? [Any])?.count == 36_000)
    }

    @Test func edgesRefusesPastItsLimitAndSaysHowToNarrow() throws {
        let dir = try TemporaryDirectory()
        let rules = try dir.write("rules.yaml", Self.rules)
        for output in ["text", "json", "systemd"] {
            let r = try CommandRunner.run(["edges", "--rules", rules, "--from", "2026-01-01T00:00:00Z", "--to", "2031-01-01T00:00:00Z", "--output", output])
            #expect(r.status == 2)
            #expect(r.stdout.isEmpty)
            #expect(r.stderr == "error: the range holds more than 100000 window edges (one rule opening or closing at one instant; the limit for one 'edges' answer); narrow it: a shorter range (--from/--to)\n")
        }
        // 23 days: 33,120 instants x 3 rules = 99,360 rule changes, within the limit; 24 days is not.
        let within = try CommandRunner.run(["edges", "--rules", rules, "--from", "2026-01-01T00:00:00Z", "--to", "2026-01-24T00:00:00Z", "--output", "json"])
        #expect(within.status == 0, "\(within.stderr)")
        let doc = try #require(JSONSerialization.jsonObject(with: Data(within.stdout.utf8)) as? [String: Any])
        #expect(doc["count"] as? Int == 33_120)
        let past = try CommandRunner.run(["edges", "--rules", rules, "--from", "2026-01-01T00:00:00Z", "--to", "2026-01-25T00:00:00Z"])
        #expect(past.status == 2)
    }
}

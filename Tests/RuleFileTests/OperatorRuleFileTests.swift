import Foundation
import HostingSchedule
import Testing
@testable import RuleFile

/// Overrides, grace, starts and keep-until tags in the rule file: parsed, located errors, and
/// the time-dependent warnings judged at the instant given.
@Suite struct OperatorRuleFileTests {
    static let base = header + "schedules:\n  s: { windows: [ { days: mon-fri, from: \"07:00\", to: \"19:00\" } ] }\nrules:\n  - { project: a, schedule: s }\n"

    @Test(arguments: [
        ("overrides:\n  - { project: a, schedule: always, reason: x }\n",
         ["rules.yaml:8:5: error: override 1 has no 'until' (when it ends, ISO 8601 with an offset, such as 2026-12-24T18:00:00+01:00)"]),
        ("overrides:\n  - { project: a, schedule: always, until: 2026-12-24T18:00:00+01:00 }\n",
         ["rules.yaml:8:5: error: override 1 has no 'reason' (who asked, and why: a ticket)"]),
        ("overrides:\n  - { project: a, schedule: always, until: 2026-12-24T18:00:00, reason: x }\n",
         ["rules.yaml:8:44: error: until: '2026-12-24T18:00:00' is not an ISO 8601 instant with an offset, such as 2026-12-24T18:00:00+01:00 or 2026-12-24T17:00:00Z"]),
        ("overrides:\n  - { project: a, schedule: always, until: 2027-02-29T18:00:00Z, reason: x }\n",
         ["rules.yaml:8:44: error: until: '2027-02-29T18:00:00Z' is not a real date and time"]),
        ("overrides:\n  - { project: a, schedule: always, until: 2026-12-24T18:00:00+19:00, reason: x }\n",
         ["rules.yaml:8:44: error: until: '2026-12-24T18:00:00+19:00' has an offset beyond ±18:00"]),
        ("overrides:\n  - { project: a, schedule: nope, until: 2026-12-24T18:00:00Z, reason: x }\n",
         ["rules.yaml:8:29: error: override 1 uses unknown schedule 'nope' (defined: s, always, never)"]),
    ])
    func overrideErrorsAreLocated(_ extra: String, _ expected: [String]) {
        #expect(headlines(OperatorRuleFileTests.base + extra) == expected)
    }

    @Test func graceAndStartAreParsed() throws {
        let file = try RuleFile.parse(yaml: header + """
            schedules:
              s: { grace: 90m, windows: [ { days: mon-fri, from: "07:00", to: "19:00" } ] }
            rules:
              - { project: a, schedule: s }
              - { project: b, schedule: s, grace: 2h, start: { min_inference_units: 2, max_inference_units: 3, enforce: true } }
            """, path: "rules.yaml")
        let rules = file.ruleSet.rules
        #expect(rules[0].grace == 5400 && rules[0].start == nil)
        #expect(rules[1].grace == 7200)
        #expect(rules[1].start == StartPolicy(minInferenceUnits: 2, maxInferenceUnits: 3, enforce: true))
    }

    @Test(arguments: [
        ("  - { project: b, schedule: s, grace: 9d }\n", "rules.yaml:7:39: error: bad duration '9d' for 'grace' of rule 2; write for example 30m, 2h or 1d (from 1m to 7d)"),
        ("  - { project: b, schedule: s, start: { max_inference_units: 2 } }\n", "rules.yaml:7:39: error: start of rule 2 has no 'min_inference_units' (the inference units to start with, such as 1)"),
        ("  - { project: b, schedule: s, start: { min_inference_units: 3, max_inference_units: 2 } }\n",
         "rules.yaml:7:86: error: max_inference_units (2) is below min_inference_units (3)"),
        ("  - { project: b, schedule: never, start: { min_inference_units: 1 } }\n",
         "rules.yaml:7:43: error: rule 2 starts models but its schedule is 'never': nothing would ever be started"),
    ])
    func startAndGraceErrors(_ rule: String, _ expected: String) {
        #expect(headlines(OperatorRuleFileTests.base + rule) == [expected])
    }

    /// Judged at the instant given: an expired override (how long ago), one that reaches too far.
    @Test func overrideWarningsDependOnTheInstant() throws {
        let text = OperatorRuleFileTests.base + "overrides:\n  - { project: a, schedule: never, until: 2026-12-01T00:00:00Z, reason: x }\n"
        let before = try RuleFile.parse(yaml: text, path: "rules.yaml", now: 1_795_996_800)          // 2026-11-30T00:00Z
        #expect(before.warnings.isEmpty)
        let after = try RuleFile.parse(yaml: text, path: "rules.yaml", now: 1_795_996_800 + 3 * 86_400)
        #expect(after.warnings.map(\.headline) == ["rules.yaml:8:43: warning: override 1 expired 2d ago (2026-12-01T00:00:00Z) and is ignored; remove it"])
        let long = try RuleFile.parse(yaml: text, path: "rules.yaml", now: 1_795_996_800 - 60 * 86_400)
        #expect(long.warnings.first?.message.contains("write a rule") == true)
        // The override decides before the rules while it lasts, then the rule again.
        let set = before.ruleSet
        let mondayNoon = 1_795_996_800 + 12 * 3600
        #expect(set.decide(project: "a", version: "1", region: nil, at: mondayNoon).hosted == false)
        #expect(set.decide(project: "a", version: "1", region: nil, at: mondayNoon).override?.number == 1)
        #expect(set.decide(project: "a", version: "1", region: nil, at: mondayNoon + 86_400).hosted == true)
    }
}

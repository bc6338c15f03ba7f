import Testing
@testable import HostingSchedule

@Suite struct RuleSetTests {
    let set: RuleSet = {
        let office = officeHours
        return RuleSet(rules: [
            Rule(number: 1, project: try! Glob("pcb-inspection"), versions: .matching([try! Glob("3"), try! Glob("4")]), schedule: .never()),
            Rule(number: 2, project: try! Glob("weld-*"), region: "us-east-1", schedule: .always()),
            Rule(number: 3, project: try! Glob("*"), schedule: office),
        ], schedules: ["office-hours": office])
    }()

    @Test(arguments: [
        ("pcb-inspection", "3", "eu-west-1", 1),
        ("pcb-inspection", "5", "eu-west-1", 3),
        ("weld-a", "1", "us-east-1", 2),
        ("weld-a", "1", "eu-west-1", 3),   // rule 2 is limited to us-east-1
        ("other", "9", "eu-west-1", 3),
    ])
    func firstMatchingRuleWins(project: String, version: String, region: String, rule: Int) {
        #expect(set.rule(forProject: project, version: version, region: region)?.number == rule)
    }

    @Test func uncoveredModelsAreLeftAlone() {
        let narrow = RuleSet(rules: [Rule(number: 1, project: try! Glob("a"), schedule: .never())], schedules: [:])
        let d = narrow.decide(project: "b", version: "1", region: nil, at: 0)
        #expect(d.hosted == nil)
        #expect(!d.mustStop)
    }

    @Test func decisionsExplainThemselves() {
        let sat = utc("2026-11-28T12:00:00Z")
        let d = set.decide(project: "other", version: "1", region: "eu-west-1", at: sat)
        #expect(d.mustStop)
        #expect(d.reason == "outside office-hours (Mon-Fri 07:00-19:00 Europe/Berlin); closed Fri 2026-11-27 19:00 +01:00, opens Mon 2026-11-30 07:00 +01:00")
        let mon = set.decide(project: "other", version: "1", region: "eu-west-1", at: utc("2026-11-30T08:00:00Z"))
        #expect(mon.hosted == true)
        #expect(mon.windowIndex == 0)
        #expect(mon.reason == "inside office-hours (Mon-Fri 07:00-19:00 Europe/Berlin) by window Mon-Fri 07:00-19:00; opened Mon 2026-11-30 07:00 +01:00, closes Mon 2026-11-30 19:00 +01:00")
    }

    @Test func holidaysAreNamedInReasons() {
        let s = Schedule(name: "o", zone: berlin, kind: .windows([weekly(weekdays, "07:00", "19:00")]), holidays: [date("2026-12-24")])
        let d = Decision.evaluate(rule: Rule(number: 1, project: try! Glob("*"), schedule: s), at: utc("2026-12-24T11:00:00Z"))
        #expect(d.mustStop)
        #expect(d.reason.contains("2026-12-24 is a holiday"))
    }
}

@Suite struct HolidayReasonTests {
    @Test func namesTheHolidayAWindowWouldHaveOpenedOn() {
        // A night window that would have opened on the holiday evening and runs past midnight.
        let s = Schedule(name: "n", zone: zone("UTC"), kind: .windows([weekly(weekdays, "22:00", "06:00")]), holidays: [date("2026-12-24")])
        let rule = Rule(number: 1, project: try! Glob("*"), schedule: s)
        let after = Decision.evaluate(rule: rule, at: utc("2026-12-25T02:00:00Z"))
        #expect(after.mustStop)
        #expect(after.reason.contains("2026-12-24 is a holiday"))
        // Outside any window for ordinary reasons: no holiday is named.
        let midday = Decision.evaluate(rule: rule, at: utc("2026-12-23T12:00:00Z"))
        #expect(!midday.reason.contains("is a holiday"))
    }
}

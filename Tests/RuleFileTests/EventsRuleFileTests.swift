import Testing
@testable import RuleFile

/// `defaults.events`: the bus and region as PutEvents takes them, each problem at its place.
@Suite struct EventsRuleFileTests {
    func file(_ events: String) -> String {
        "version: 1\ndefaults:\n  events: \(events)\nrules: []\n"
    }

    /// Accepted forms, and the setting they give.
    @Test(arguments: [
        ("{ bus: default, region: eu-west-1 }", "default", "eu-west-1"),
        ("{ bus: ops.alerts_2-x, region: us-east-1 }", "ops.alerts_2-x", "us-east-1"),
        ("{ bus: \"arn:aws:events:eu-west-1:123456789012:event-bus/ops\" }", "arn:aws:events:eu-west-1:123456789012:event-bus/ops", "eu-west-1"),
        ("{ bus: \"arn:aws-us-gov:events:us-gov-west-1:123456789012:event-bus/ops\", region: us-gov-west-1 }",
         "arn:aws-us-gov:events:us-gov-west-1:123456789012:event-bus/ops", "us-gov-west-1"),
    ])
    func acceptedBusesAndRegions(events: String, bus: String, region: String) throws {
        let parsed = try RuleFile.parse(yaml: file(events), path: "rules.yaml")
        #expect(parsed.events == EventsSetting(bus: bus, region: region))
    }

    @Test func noEventsWithoutTheKey() throws {
        #expect(try RuleFile.parse(yaml: "version: 1\nrules: []\n", path: "rules.yaml").events == nil)
    }

    /// Every error, located.
    @Test(arguments: [
        ("{ bus: ops, region: eu-west-1, topic: x }", "rules.yaml:3:42: error: unknown key 'topic' in defaults.events"),
        ("{ region: eu-west-1 }", "rules.yaml:3:11: error: defaults.events needs 'bus'"),
        ("{ bus: \"a/b\", region: eu-west-1 }", "rules.yaml:3:18: error: events.bus 'a/b' is not an event bus name"),
        ("{ bus: \"\(String(repeating: "b", count: 257))\", region: eu-west-1 }", "rules.yaml:3:18: error: events.bus '"),
        ("{ bus: \"arn:aws:events:eu-west-1:123456789012:rule/ops\" }", "rules.yaml:3:18: error: events.bus 'arn:aws:events:eu-west-1:123456789012:rule/ops' is not an event bus ARN"),
        ("{ bus: \"arn:aws:sns:eu-west-1:123456789012:event-bus/ops\" }", "is not an event bus ARN"),
        ("{ bus: ops, region: eu-west }", "rules.yaml:3:31: error: 'eu-west' is not an AWS region name"),
        ("ops-alerts", "rules.yaml:3:11: error: defaults.events must be a mapping"),
    ])
    func rejectedWhereTheyAre(events: String, expected: String) {
        do {
            _ = try RuleFile.parse(yaml: file(events), path: "rules.yaml")
            Issue.record("accepted \(events)")
        } catch {
            #expect(error.diagnostics.contains { $0.headline.contains(expected) }, "\(error.diagnostics.map(\.headline))")
        }
    }

    /// The pattern on its own: the service model's `NonPartnerEventBusNameOrArn`.
    @Test func busPattern() {
        #expect(EventsSetting.problem(bus: "default") == nil)
        #expect(EventsSetting.problem(bus: String(repeating: "a", count: 256)) == nil)
        #expect(EventsSetting.problem(bus: String(repeating: "a", count: 257)) != nil)
        #expect(EventsSetting.problem(bus: "") != nil)
        #expect(EventsSetting.problem(bus: "ops alerts") != nil)
        #expect(EventsSetting.problem(bus: "aws.partner/x") != nil)
        #expect(EventsSetting.problem(bus: "arn:aws:events:eu-west-1:123456789012:event-bus/") != nil)
        #expect(EventsSetting.arnRegion("arn:aws-cn:events:cn-north-1:123456789012:event-bus/x") == "cn-north-1")
        #expect(EventsSetting.arnRegion("arn:aws:events:EU-west-1:123456789012:event-bus/x") == nil)
    }
}

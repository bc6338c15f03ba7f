import HostingSchedule
import RuleFile
import AuditTrail
import SchedulerRun
import Testing

/// Where a run goes when the rule file declares accounts: (account, service, region) targets.
@Suite struct AccountTargetTests {
    @Test func eachAccountRunsInItsRegionsElseItsRulesRegionsElseTheDefault() throws {
        let yaml = """
            version: 1
            defaults: { timezone: UTC, region: eu-west-1 }
            accounts:
              prod-eu: { role_arn: "arn:aws:iam::210987654321:role/x", regions: [eu-west-1, eu-central-1] }
              prod-us: { role_arn: "arn:aws:iam::310987654321:role/x" }
              staging: { role_arn: "arn:aws:iam::410987654321:role/x" }
              unused: { role_arn: "arn:aws:iam::510987654321:role/x" }
            rules:
              - { project: a, schedule: always }
              - { account: "prod-*", project: a, schedule: never }
              - { account: staging, project: a, schedule: never, region: us-west-2 }
              - { account: staging, service: rekognition, project: b, schedule: never }
            """
        let set = try RuleFile.parse(yaml: yaml, path: "rules.yaml").ruleSet
        // Home in the default region; prod-eu in its two regions; prod-us in the default region
        // (its rules name none); staging in the region its rule names, for both its services.
        let (targets, missing) = SchedulerRunner.targets(of: set, commandLineRegion: "ap-south-1")
        #expect(!missing)
        #expect(targets.map { "\($0.account ?? "home") \($0.service) \($0.region)" } == [
            "home lookoutvision eu-west-1", "prod-eu lookoutvision eu-central-1", "prod-eu lookoutvision eu-west-1",
            "prod-us lookoutvision eu-west-1", "staging lookoutvision us-west-2", "staging rekognition us-west-2",
        ])
    }

    @Test func anAccountWithNoRegionAnywhereIsAMissingRegion() throws {
        let yaml = """
            version: 1
            defaults: { timezone: UTC }
            accounts:
              prod: { role_arn: "arn:aws:iam::210987654321:role/x" }
            rules:
              - { account: prod, project: a, schedule: never }
            """
        let set = try RuleFile.parse(yaml: yaml, path: "rules.yaml").ruleSet
        #expect(SchedulerRunner.targets(of: set, commandLineRegion: nil).missing)
        #expect(SchedulerRunner.targets(of: set, commandLineRegion: "us-east-1").targets.map(\.region) == ["us-east-1"])
    }
}

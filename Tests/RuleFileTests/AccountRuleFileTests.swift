import Foundation
import HostingSchedule
import Testing
@testable import RuleFile

/// `accounts:` and the `account:` key of rules and overrides: every check located, the warnings,
/// and what the rule set and the run's targets make of them.
@Suite struct AccountRuleFileTests {
    static let head = "version: 1\ndefaults: { timezone: UTC, region: eu-west-1 }\n"
    static let prod = "accounts:\n  prod: { role_arn: \"arn:aws:iam::210987654321:role/lookout-scheduler\" }\n"

    func warnings(_ yaml: String) throws -> [String] {
        try RuleFile.parse(yaml: yaml, path: "rules.yaml").warnings.map(\.headline)
    }

    /// (file text, the exact error headlines expected).
    @Test(arguments: [
        (head + "accounts:\n  prod: { regions: [eu-west-1] }\nrules: []\n",
         ["rules.yaml:4:9: error: account 'prod' has no 'role_arn' (the role the run assumes in it, such as arn:aws:iam::210987654321:role/lookout-scheduler)"]),
        (head + "accounts:\n  prod: { role_arn: \"arn:aws:iam::21098765432:role/x\" }\nrules: []\n",
         ["rules.yaml:4:21: error: role_arn 'arn:aws:iam::21098765432:role/x' of account 'prod' is not an IAM role ARN; write arn:aws:iam::<12-digit account id>:role/<name>, such as arn:aws:iam::210987654321:role/lookout-scheduler"]),
        (head + "accounts:\n  prod: { role_arn: \"arn:aws:iam::210987654321:user/x\" }\nrules: []\n",
         ["rules.yaml:4:21: error: role_arn 'arn:aws:iam::210987654321:user/x' of account 'prod' is not an IAM role ARN; write arn:aws:iam::<12-digit account id>:role/<name>, such as arn:aws:iam::210987654321:role/lookout-scheduler"]),
        (head + "accounts:\n  prod: { role_arn: \"arn:aws:sts::210987654321:role/x\" }\nrules: []\n",
         ["rules.yaml:4:21: error: role_arn 'arn:aws:sts::210987654321:role/x' of account 'prod' is not an IAM role ARN; write arn:aws:iam::<12-digit account id>:role/<name>, such as arn:aws:iam::210987654321:role/lookout-scheduler"]),
        (head + "accounts:\n  prod: { role_arn: \"arn:aws:iam::210987654321:role/\" }\nrules: []\n",
         ["rules.yaml:4:21: error: role_arn 'arn:aws:iam::210987654321:role/' of account 'prod' is not an IAM role ARN; write arn:aws:iam::<12-digit account id>:role/<name>, such as arn:aws:iam::210987654321:role/lookout-scheduler"]),
        (head + "accounts:\n  prod: { role_arn: \"arn:aws:iam::210987654321:role/x\", external_id: \"a b\" }\nrules: []\n",
         ["rules.yaml:4:70: error: external_id of account 'prod' must be 2 to 1224 characters of letters, digits and + = , . @ : / - _"]),
        (head + "accounts:\n  prod: { role_arn: \"arn:aws:iam::210987654321:role/x\", external_id: x }\nrules: []\n",
         ["rules.yaml:4:70: error: external_id of account 'prod' must be 2 to 1224 characters of letters, digits and + = , . @ : / - _"]),
        (head + "accounts:\n  prod: { role_arn: \"arn:aws:iam::210987654321:role/x\", regions: [eu-west-1, EU, eu-west-1] }\nrules: []\n",
         ["rules.yaml:4:78: error: 'EU' is not an AWS region name (such as eu-west-1 or us-east-1)",
          "rules.yaml:4:82: error: region eu-west-1 is listed twice in the regions of account 'prod'"]),
        (head + "accounts:\n  prod: { role_arn: \"arn:aws:iam::210987654321:role/x\", region: eu-west-1 }\nrules: []\n",
         ["rules.yaml:4:57: error: unknown key 'region' in account 'prod'; did you mean 'regions'? (allowed: role_arn, external_id, regions, description)"]),
        (head + "accounts:\n  \"prod eu\": { role_arn: \"arn:aws:iam::210987654321:role/x\" }\nrules: []\n",
         ["rules.yaml:4:3: error: account name 'prod eu' may use only letters, digits, '-', '_' and '.' (up to 64)"]),
        (head + "accounts:\n  \"210987654321\": { role_arn: \"arn:aws:iam::210987654321:role/x\" }\nrules: []\n",
         ["rules.yaml:4:3: error: account name '210987654321' is an account id; give the account a name (such as prod-eu): its id comes from role_arn"]),
        (head + "accounts: [prod]\nrules: []\n",
         ["rules.yaml:3:11: error: accounts must be a mapping (key: value lines), not a list"]),
        (head + prod + "rules:\n  - { account: prd, project: a, schedule: never }\n",
         ["rules.yaml:6:16: error: rule 1 names account 'prd', which 'accounts:' does not declare; did you mean 'prod'?"]),
        (head + "rules:\n  - { account: prod, project: a, schedule: never }\n",
         ["rules.yaml:4:16: error: rule 1 names account 'prod', which 'accounts:' does not declare (declare it: accounts: { prod: { role_arn: arn:aws:iam::ACCOUNT_ID:role/NAME } })"]),
        (head + prod + "rules:\n  - { account: \"prod-[\", project: a, schedule: never }\n",
         ["rules.yaml:6:16: error: account: bad pattern 'prod-[': '[' at position 6 is never closed"]),
        (head + prod + "rules:\n  - { account: prod, project: a, schedule: never }\noverrides:\n  - { account: stage, project: a, schedule: always, until: 2026-12-01T00:00:00Z, reason: x }\n",
         ["rules.yaml:8:16: error: override 1 names account 'stage', which 'accounts:' does not declare (declared: prod)"]),
    ])
    func reportsLocatedErrors(yaml: String, expected: [String]) {
        #expect(headlines(yaml) == expected)
    }

    @Test func acceptsEveryPartitionAndRolePaths() {
        for arn in ["arn:aws:iam::210987654321:role/lookout-scheduler", "arn:aws-cn:iam::210987654321:role/ops/lookout-scheduler",
                    "arn:aws-us-gov:iam::210987654321:role/a+b=c,d.e@f_g-h"] {
            #expect(RuleFileParser.isRoleARN(arn), "\(arn)")
        }
        for arn in ["arn:aws:iam::210987654321:role", "arn:aws:iam:eu-west-1:210987654321:role/x", "arn:AWS:iam::210987654321:role/x",
                    "arn:aws:iam::210987654321:role//x", "arn:aws:iam::210987654321:role/x/", "arn:aws:iam::21098765432a:role/x",
                    "arn:aws:iam::210987654321:role/" + String(repeating: "x", count: 65)] {
            #expect(!RuleFileParser.isRoleARN(arn), "\(arn)")
        }
        #expect(RuleFileParser.isExternalId("ext-42:a/b=c"))
        #expect(!RuleFileParser.isExternalId(String(repeating: "x", count: 1225)))
    }

    @Test func warnsAboutUnusedAccountsGlobsMatchingNoneAndRegionsOutsideTheAccount() throws {
        let yaml = AccountRuleFileTests.head + """
            accounts:
              prod: { role_arn: "arn:aws:iam::210987654321:role/x", regions: [eu-west-1] }
              spare: { role_arn: "arn:aws:iam::310987654321:role/x" }
            rules:
              - { account: prod, project: a, schedule: never, region: us-east-1 }
              - { account: "qa-*", project: a, schedule: never }
              - { account: "p*", project: b, schedule: never }
              - { account: prod, project: b, schedule: always }
            """
        #expect(try warnings(yaml) == [
            "rules.yaml:5:3: warning: account 'spare' is not used by any rule or override: no model in it is managed",
            "rules.yaml:7:5: warning: rule 1 is limited to region us-east-1, which is not among the regions of account prod (eu-west-1): it never applies",
            "rules.yaml:8:16: warning: rule 2: the account pattern 'qa-*' matches no declared account, so it never applies",
            "rules.yaml:10:5: warning: rule 4 never applies: rule 3 (line 9) comes first and covers every model it covers",
        ])
    }

    @Test func rulesMatchPerAccountAndTheHomeAccountKeepsItsOwn() throws {
        let yaml = AccountRuleFileTests.head + """
            accounts:
              prod-eu: { role_arn: "arn:aws:iam::210987654321:role/x", external_id: ext-1, regions: [eu-west-1, eu-central-1] }
              prod-us: { role_arn: "arn:aws:iam::310987654321:role/x" }
              staging: { role_arn: "arn:aws:iam::410987654321:role/x" }
            rules:
              - { project: a, schedule: always }
              - { account: "prod-*", project: a, schedule: never }
              - { account: staging, project: a, schedule: never, region: us-west-2 }
            """
        let set = try RuleFile.parse(yaml: yaml, path: "rules.yaml").ruleSet
        #expect(set.accounts.map(\.name) == ["prod-eu", "prod-us", "staging"])
        #expect(set.account(named: "prod-eu")?.id == "210987654321")
        #expect(set.account(named: "prod-eu")?.externalId == "ext-1")
        #expect(set.rule(forProject: "a", version: "1", region: "eu-west-1")?.number == 1)
        #expect(set.rule(forProject: "a", version: "1", region: "eu-west-1", account: "prod-eu")?.number == 2)
        #expect(set.rule(forProject: "a", version: "1", region: "us-east-1", account: "prod-us")?.number == 2)
        #expect(set.rule(forProject: "a", version: "1", region: "us-west-2", account: "staging")?.number == 3)
        #expect(set.rule(forProject: "a", version: "1", region: "eu-west-1", account: "staging") == nil)
        #expect(set.decide(project: "a", version: "1", region: "eu-west-1", at: 0).hosted == true)
        #expect(set.decide(project: "a", version: "1", region: "eu-west-1", account: "prod-eu", at: 0).hosted == false)
        // The rules of an account take no region from defaults.region: their regions are the account's.
        #expect(set.rules[1].region == nil)
    }

    @Test func accountIdsComeFromARNs() {
        #expect(Account.id(fromARN: "arn:aws:lookoutvision:eu-west-1:210987654321:model/pcb/3") == "210987654321")
        #expect(Account.id(fromARN: "arn:aws:rekognition:eu-west-1:210987654321:project/p/version/v/1") == "210987654321")
        #expect(Account.id(fromARN: "arn:aws:s3:::bucket") == nil)
        #expect(Account.id(fromARN: nil) == nil)
        #expect(Account.id(fromARN: "not-an-arn") == nil)
    }
}

import Foundation
import Testing

/// Many accounts in one run, through the built binary against the emulator's multi-account fleet:
/// each declared account's role assumed once from the run's own keys, the models of each account
/// seen only with its credentials, decided by its own rules, and a denied role isolated to its account.
@Suite struct AccountsRunTests {
    static let fleet = """
        account: "111111111111"
        region: eu-west-1
        projects:
          - name: pcb-inspection
            models: [ { version: 1, status: HOSTED } ]
          - name: weld-line
            models: [ { version: 1, status: HOSTED } ]
        accounts:
          - id: "222222222222"
            name: prod
            region: eu-west-1
            roles:
              - { arn: "arn:aws:iam::222222222222:role/lookout-scheduler", trust: [AKIDEMULATOR] }
            projects:
              - name: pcb-inspection
                models: [ { version: 1, status: HOSTED } ]
              - name: pcb-inspection
                region: us-east-1
                models: [ { version: 1, status: HOSTED } ]
              - name: weld-line
                models: [ { version: 1, status: HOSTED } ]
          - id: "333333333333"
            name: staging
            region: eu-west-1
            roles:
              - { arn: "arn:aws:iam::333333333333:role/lookout-scheduler", trust: [AKIDEMULATOR], external_id: ext-staging-7 }
            projects:
              - name: pcb-inspection
                models: [ { version: 1, status: HOSTED }, { version: 2, status: HOSTED } ]
          - id: "444444444444"
            roles:
              - { arn: "arn:aws:iam::444444444444:role/lookout-scheduler", trust: [AKIDSOMEONEELSE] }
            projects:
              - name: pcb-inspection
                models: [ { version: 1, status: HOSTED } ]
        """

    /// Home: keep pcb-inspection, stop weld-line. prod: stop pcb-inspection in both its regions
    /// (its weld-line has the home rule's name but not its account: untouched). staging: stop
    /// version 2 only (version 1 is unmanaged).
    static let rules = """
        version: 1
        defaults: { timezone: UTC, region: eu-west-1 }
        accounts:
          prod: { role_arn: "arn:aws:iam::222222222222:role/lookout-scheduler", regions: [eu-west-1, us-east-1] }
          staging: { role_arn: "arn:aws:iam::333333333333:role/lookout-scheduler", external_id: ext-staging-7 }
        rules:
          - { project: pcb-inspection, schedule: always }
          - { project: weld-line, schedule: never }
          - { account: prod, project: pcb-inspection, schedule: never }
          - { account: staging, project: pcb-inspection, versions: ["2"], schedule: never }

        """

    final class Scenario {
        let dir: String
        let emulator: EmulatorProcess
        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("accounts-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try AccountsRunTests.fleet.write(toFile: dir + "/fleet.yaml", atomically: true, encoding: .utf8)
            emulator = try EmulatorProcess(fleet: dir + "/fleet.yaml")
        }

        var log: String { dir + "/audit.jsonl" }

        func environment() -> [String: String] {
            emulator.environment(home: dir).merging(["AWS_ENDPOINT_URL": emulator.endpoint]) { _, new in new }
        }

        func write(_ rules: String) throws -> String {
            let path = dir + "/rules.yaml"
            try rules.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        func run(_ rules: String, _ extra: [String] = []) throws -> CommandResult {
            try CommandRunner.run(["run", "--rules", try write(rules), "--log", log, "--now", "2026-11-30T12:00:00Z"] + extra,
                                  environment: environment())
        }

        /// "account/region/project/version" to status, from the emulator.
        func statuses() throws -> [String: String] {
            let list = try JSONSerialization.jsonObject(with: emulator.admin("/_emulator/models")) as? [[String: String]] ?? []
            return Dictionary(uniqueKeysWithValues: list.map { ("\($0["account"]!)/\($0["region"]!)/\($0["project"]!)/\($0["version"]!)", $0["status"]!) })
        }

        /// "operation account status" of every request the emulator served.
        func calls() throws -> [String] {
            try emulator.requests().map { "\($0["operation"] as? String ?? "?") \($0["account"] as? String ?? "-") \($0["status"] as? Int ?? 0)" }
        }

        /// The emulator's secret and every credential its STS issued.
        func secrets() throws -> [String] {
            let issued = try JSONSerialization.jsonObject(with: emulator.admin("/_emulator/credentials")) as? [[String: Any]] ?? []
            return [EmulatorProcess.secret] + issued.flatMap { [$0["secretAccessKey"] as? String ?? "?", $0["sessionToken"] as? String ?? "?"] }
        }

        deinit { try? FileManager.default.removeItem(atPath: dir) }
    }

    static func hosted(_ statuses: [String: String]) -> [String] {
        statuses.filter { $0.value == "HOSTED" }.keys.sorted()
    }

    @Test func aThreeAccountRunStopsExactlyTheRightModelsInTheRightAccounts() throws {
        let s = try Scenario()
        let r = try s.run(AccountsRunTests.rules, ["--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        // Still hosted: home's pcb-inspection (always), prod's weld-line (the home rule is not
        // prod's), staging's version 1 (no rule), and the fourth account (no rule names it).
        #expect(AccountsRunTests.hosted(try s.statuses()) == [
            "111111111111/eu-west-1/pcb-inspection/1",
            "222222222222/eu-west-1/weld-line/1",
            "333333333333/eu-west-1/pcb-inspection/1",
            "444444444444/eu-west-1/pcb-inspection/1",
        ])
        let calls = try s.calls()
        // Each role assumed once, with the run's own keys; every stop in its own account.
        #expect(calls.filter { $0.hasPrefix("AssumeRole") }.sorted() == ["AssumeRole 111111111111 200", "AssumeRole 111111111111 200"])
        #expect(calls.filter { $0.hasPrefix("StopModel") }.sorted() == [
            "StopModel 111111111111 202", "StopModel 222222222222 202", "StopModel 222222222222 202", "StopModel 333333333333 202",
        ])
        #expect(!calls.contains { $0.contains("444444444444") })

        // Every entry carries the account's id (from the ARN) and name (null at home).
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let models = doc["models"] as? [[String: Any]] ?? []
        let seen = models.map { m in
            "\(m["account_name"] as? String ?? "home") \(m["account_id"] as? String ?? "?") \(m["region"]!) \(m["project"]!) \(m["version"]!) \(m["decision"]!)"
        }.sorted()
        #expect(seen == [
            "home 111111111111 eu-west-1 pcb-inspection 1 keep",
            "home 111111111111 eu-west-1 weld-line 1 stop",
            "prod 222222222222 eu-west-1 pcb-inspection 1 stop",
            "prod 222222222222 us-east-1 pcb-inspection 1 stop",
            "staging 333333333333 eu-west-1 pcb-inspection 1 unmanaged",
            "staging 333333333333 eu-west-1 pcb-inspection 2 stop",
        ])
        #expect(models.allSatisfy { $0.keys.contains("account_name") && $0.keys.contains("account_id") })
        #expect(r.stderr.contains("warning: Lookout for Vision eu-west-1 pcb-inspection version 1 in account staging (333333333333) is hosted and no rule covers it"))

        // The log's records carry the same fields; the text lines name the account.
        let log = try String(contentsOfFile: s.log, encoding: .utf8)
        #expect(log.contains("\"account_id\":\"222222222222\",\"account_name\":\"prod\""))
        let text = try CommandRunner.run(["audit", "--log", s.log, "--list"])
        #expect(text.stdout.contains("prod (222222222222) us-east-1 pcb-inspection v1 stop -> stopped"))

        // audit --account: by name, by id, and the home account by its id.
        func stops(_ account: String) throws -> Int {
            let a = try CommandRunner.run(["audit", "--log", s.log, "--account", account, "--output", "json"])
            let d = try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any]
            return d?["stops"] as? Int ?? -1
        }
        #expect(try stops("prod") == 2)
        #expect(try stops("222222222222") == 2)
        #expect(try stops("staging") == 1)
        #expect(try stops("111111111111") == 1)
        #expect(try stops("nobody") == 0)
        // The savings summary per account, in text and JSON.
        let summary = try CommandRunner.run(["audit", "--log", s.log])
        #expect(summary.stdout.contains("per account:\n  111111111111: 2 decisions, 1 stops, 0 failures"))
        #expect(summary.stdout.contains("  prod (222222222222): 2 decisions, 2 stops, 0 failures"))
        let json = try JSONSerialization.jsonObject(with: Data(try CommandRunner.run(["audit", "--log", s.log, "--output", "json"]).stdout.utf8)) as? [String: Any]
        let accounts = json?["accounts"] as? [String: [String: Any]] ?? [:]
        #expect(accounts.keys.sorted() == ["111111111111", "prod (222222222222)", "staging (333333333333)"])
        #expect(accounts["staging (333333333333)"]?["stops"] as? Int == 1)

        // A second run: nothing left to stop, and the roles are assumed again (once each).
        let again = try s.run(AccountsRunTests.rules)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("UNMANAGED (hosted): lookoutvision eu-west-1 pcb-inspection version 1 [HOSTED] in account staging (333333333333)"))
        #expect(try s.calls().filter { $0.hasPrefix("AssumeRole") }.count == 4)
        try expectNoSecret(in: [r, text, summary, again, CommandResult(status: 0, stdout: log, stderr: "")], secrets: try s.secrets())
    }

    @Test func aDeniedRoleIsAFailureOfItsAccountAloneAndEveryOtherAccountIsHandled() throws {
        let s = try Scenario()
        let rules = AccountsRunTests.rules.replacingOccurrences(of: "rules:\n", with: """
              broken: { role_arn: "arn:aws:iam::444444444444:role/lookout-scheduler" }
            rules:
              - { account: broken, project: "*", schedule: never }

            """)
        let r = try s.run(rules, ["--output", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        // Everything the other accounts' rules ask was done; nothing in the broken account.
        #expect(AccountsRunTests.hosted(try s.statuses()) == [
            "111111111111/eu-west-1/pcb-inspection/1",
            "222222222222/eu-west-1/weld-line/1",
            "333333333333/eu-west-1/pcb-inspection/1",
            "444444444444/eu-west-1/pcb-inspection/1",
        ])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let failures = doc["discovery_failures"] as? [[String: Any]] ?? []
        #expect(failures.count == 1)
        #expect(failures.first?["account"] as? String == "broken")
        #expect(failures.first?["operation"] as? String == "AssumeRole")
        #expect(failures.first?["error_code"] as? String == "AccessDenied")
        #expect(failures.first?["region"] as? String == "eu-west-1")
        #expect((doc["counts"] as? [String: Int])?["discovery_failures"] == 1)
        #expect((doc["counts"] as? [String: Int])?["stopped"] == 4)
        // Tried once, denied, never retried; no call made in its account.
        #expect(try s.calls().filter { $0.hasPrefix("AssumeRole") }.sorted() == [
            "AssumeRole 111111111111 200", "AssumeRole 111111111111 200", "AssumeRole 111111111111 403",
        ])
        // The run-end record says which account failed.
        let end = try String(contentsOfFile: s.log, encoding: .utf8).split(separator: "\n").last.map(String.init) ?? ""
        #expect(end.contains("\"type\":\"run-end\""))
        #expect(end.contains("account broken: lookoutvision AssumeRole eu-west-1: AccessDenied: cannot assume arn:aws:iam::444444444444:role/lookout-scheduler"))
        // And the text output.
        let text = try s.run(rules)
        #expect(text.status == 1)
        #expect(text.stdout.contains("LISTING FAILED: lookoutvision AssumeRole in eu-west-1 of account broken: AccessDenied"))
        try expectNoSecret(in: [r, text], secrets: try s.secrets())
    }

    @Test func aWrongExternalIdIsDeniedAndTheRuleFileIsCheckedFirst() throws {
        let s = try Scenario()
        // A wrong external id: staging's role refuses it; the others are handled.
        let wrong = AccountsRunTests.rules.replacingOccurrences(of: "external_id: ext-staging-7", with: "external_id: ext-wrong")
        let r = try s.run(wrong)
        #expect(r.status == 1)
        #expect(r.stdout.contains("LISTING FAILED: lookoutvision AssumeRole in eu-west-1 of account staging: AccessDenied"))
        #expect(r.stdout.contains("STOPPED: lookoutvision us-east-1 pcb-inspection version 1 [HOSTED] in account prod (222222222222)"))
        // An account a rule names but the file does not declare: rejected before any request.
        let undeclared = AccountsRunTests.rules.replacingOccurrences(of: "account: staging,", with: "account: stagin,")
        let bad = try s.run(undeclared)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("rules.yaml:10:16: error: rule 4 names account 'stagin', which 'accounts:' does not declare; did you mean 'staging'?"))
        #expect(try s.calls().filter { $0.hasPrefix("AssumeRole") }.count == 2)  // from the first run only
    }

    @Test func explainAndWindowsPickTheRulesOfAnAccount() throws {
        let s = try Scenario()
        let rules = try s.write(AccountsRunTests.rules)
        let home = try CommandRunner.run(["explain", "--rules", rules, "--project", "pcb-inspection", "--version", "1", "--at", "2026-11-30T12:00:00Z"])
        #expect(home.stdout.contains("Verdict:  may be hosted (keep)"), "\(home.stdout)")
        let prod = try CommandRunner.run(["explain", "--rules", rules, "--project", "pcb-inspection", "--version", "1", "--account", "prod",
                                          "--at", "2026-11-30T12:00:00Z", "--output", "json"])
        let doc = try JSONSerialization.jsonObject(with: Data(prod.stdout.utf8)) as? [String: Any]
        #expect(doc?["account"] as? String == "prod")
        #expect(doc?["rule"] as? Int == 3)
        #expect(doc?["action"] as? String == "stop")
        let staging = try CommandRunner.run(["explain", "--rules", rules, "--project", "pcb-inspection", "--version", "1", "--account", "staging",
                                             "--at", "2026-11-30T12:00:00Z"])
        #expect(staging.stdout.contains("Rule:     none"))
        let windows = try CommandRunner.run(["windows", "--rules", rules, "--from", "2026-11-30T00:00:00Z", "--to", "2026-12-01T00:00:00Z",
                                             "--account", "prod", "--output", "json"])
        let w = try JSONSerialization.jsonObject(with: Data(windows.stdout.utf8)) as? [String: Any]
        #expect((w?["rules"] as? [[String: Any]])?.map { $0["rule"] as? Int } == [3])
        let unknown = try CommandRunner.run(["windows", "--rules", rules, "--from", "2026-11-30T00:00:00Z", "--to", "2026-12-01T00:00:00Z",
                                             "--account", "qa"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "error: --account: the rule file declares no account 'qa' (declared: prod, staging)\n")
    }

    func expectNoSecret(in results: [CommandResult], secrets: [String]) throws {
        #expect(secrets.count > 1, "the roles' credentials were issued")
        for r in results {
            for secret in secrets {
                #expect(!r.stdout.contains(secret) && !r.stderr.contains(secret), "a secret appeared in the output")
            }
        }
    }
}

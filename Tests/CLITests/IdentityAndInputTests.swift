import Foundation
import HostingSchedule
import Testing

/// Issue 18 through the real binary: accounts are identities (one declared account per id; every
/// listed model checked against the account whose credentials listed it), and strict inputs with
/// honest outputs (ports, region names, access key ids, instants, the anchor's own counts).
@Suite(.serialized) struct IdentityAndInputTests {
    // MARK: Accounts are identities

    @Test func twoDeclaredAccountsWithOneIdAreAnErrorNamingBothPlaces() throws {
        let dir = try TemporaryDirectory()
        let rules = try dir.write("rules.yaml", """
            version: 1
            accounts:
              prod: { role_arn: "arn:aws:iam::222222222222:role/lookout-scheduler" }
              prod-again:
                role_arn: "arn:aws:iam::222222222222:role/other-role"
            rules:
              - { account: prod, project: "*", schedule: never, region: eu-west-1 }
              - { account: prod-again, project: "*", schedule: never, region: eu-west-1 }
            """)
        let r = try CommandRunner.run(["validate", "--rules", rules])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("\(rules):5:15: error: account 'prod-again' has account id 222222222222, as account 'prod' (\(rules):3:21) has: two declared accounts cannot be one account"),
                "\(r.stderr)")
        // The same role under one name is fine.
        let one = try dir.write("one.yaml", """
            version: 1
            accounts:
              prod: { role_arn: "arn:aws:iam::222222222222:role/lookout-scheduler" }
              staging: { role_arn: "arn:aws:iam::333333333333:role/lookout-scheduler" }
            rules:
              - { account: "*", project: "*", schedule: never, region: eu-west-1 }
            """)
        #expect(try CommandRunner.run(["validate", "--rules", one]).status == 0)
    }

    static let crossedFleet = """
        account: "111111111111"
        region: eu-west-1
        projects:
          - name: home-line
            models: [ { version: 1, status: HOSTED } ]
        accounts:
          - id: "222222222222"
            name: prod
            region: eu-west-1
            roles:
              - { arn: "arn:aws:iam::222222222222:role/lookout-scheduler", trust: [AKIDEMULATOR] }
            projects:
              - name: a-crossed
                models: [ { version: 1, status: HOSTED } ]
              - name: b-line
                models: [ { version: 1, status: HOSTED } ]
          - id: "333333333333"
            name: staging
            region: eu-west-1
            roles:
              - { arn: "arn:aws:iam::333333333333:role/lookout-scheduler", trust: [AKIDEMULATOR] }
            projects:
              - name: c-line
                models: [ { version: 1, status: HOSTED } ]
        faults:
          - { operation: ListModels, project: a-crossed, kind: foreign-account }
        """

    static let crossedRules = """
        version: 1
        defaults: { timezone: UTC, region: eu-west-1 }
        accounts:
          prod: { role_arn: "arn:aws:iam::222222222222:role/lookout-scheduler" }
          staging: { role_arn: "arn:aws:iam::333333333333:role/lookout-scheduler" }
        rules:
          - { project: home-line, schedule: never }
          - { account: prod, project: a-crossed, schedule: never }
          - { account: prod, project: b-line, schedule: never }
          - { account: staging, project: c-line, schedule: never }
        """

    @Test func aListingOfAnotherAccountsModelsFailsThatAccountAloneAndNothingIsDoneInIt() throws {
        let dir = try TemporaryDirectory()
        let emulator = try EmulatorProcess(fleet: try dir.write("fleet.yaml", IdentityAndInputTests.crossedFleet))
        let rules = try dir.write("rules.yaml", IdentityAndInputTests.crossedRules)
        let log = dir.url.appendingPathComponent("audit.jsonl").path
        let env = emulator.environment(home: dir.url.path).merging(["AWS_ENDPOINT_URL": emulator.endpoint]) { _, new in new }
        // One call in flight per account: prod lists a-crossed (answered with a foreign ARN) first.
        let r = try CommandRunner.run(["run", "--rules", rules, "--log", log, "--now", "2026-11-30T12:00:00Z", "--concurrency", "1"],
                                      environment: env)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("LISTING FAILED: lookoutvision ListModels in eu-west-1 of account prod for a-crossed: AccountMismatch: ListModels of a-crossed in eu-west-1 in account prod (222222222222) answered model arn:aws:lookoutvision:eu-west-1:999999999999:model/a-crossed/1 of account 999999999999"),
                "\(r.stdout)")
        let requests = try emulator.requests()
        let stops = requests.filter { $0["operation"] as? String == "StopModel" }.map { "\($0["account"]!)/\($0["project"]!)" }.sorted()
        // The other accounts went on; nothing was sent in prod, and b-line was not even listed.
        #expect(stops == ["111111111111/home-line", "333333333333/c-line"])
        #expect(!requests.contains { $0["operation"] as? String == "ListModels" && $0["project"] as? String == "b-line" })
        // Recorded as the account's failure: the run-end record says why.
        let text = try String(contentsOfFile: log, encoding: .utf8)
        let end = try #require(text.split(separator: "\n").last.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect((end["error_message"] as? String)?.contains("account prod: lookoutvision ListModels eu-west-1/a-crossed: AccountMismatch") == true, "\(end)")
        #expect(try CommandRunner.run(["audit", "--log", log, "--verify"]).status == 0)
    }

    @Test func stopsStillQueuedInAnAccountThatFailsTheCheckAreNotSent() throws {
        let dir = try TemporaryDirectory()
        // Two calls in flight: a-line's listing comes back at once and its two stops are queued;
        // one is sent (and answered 3 s late), the other waits for a slot. z-crossed's listing
        // comes back a second later, with another account's ARNs: the waiting stop is not sent.
        let fleet = try dir.write("fleet.yaml", """
            account: "111111111111"
            region: eu-west-1
            projects: []
            accounts:
              - id: "222222222222"
                name: prod
                region: eu-west-1
                roles:
                  - { arn: "arn:aws:iam::222222222222:role/lookout-scheduler", trust: [AKIDEMULATOR] }
                projects:
                  - name: a-line
                    models: [ { version: 1, status: HOSTED }, { version: 2, status: HOSTED } ]
                  - name: z-crossed
                    models: [ { version: 1, status: HOSTED } ]
            faults:
              - { operation: ListModels, project: z-crossed, kind: foreign-account, seconds: 1 }
              - { operation: StopModel, project: a-line, kind: latency, seconds: 3 }
            """)
        let emulator = try EmulatorProcess(fleet: fleet)
        let rules = try dir.write("rules.yaml", """
            version: 1
            defaults: { timezone: UTC, region: eu-west-1 }
            accounts:
              prod: { role_arn: "arn:aws:iam::222222222222:role/lookout-scheduler" }
            rules:
              - { account: prod, project: "*", schedule: never }
            """)
        let env = emulator.environment(home: dir.url.path).merging(["AWS_ENDPOINT_URL": emulator.endpoint]) { _, new in new }
        let r = try CommandRunner.run(["run", "--rules", rules, "--log", dir.url.appendingPathComponent("audit.jsonl").path,
                                       "--now", "2026-11-30T12:00:00Z", "--concurrency", "2", "--output", "json"], environment: env)
        #expect(r.status == 1, "\(r.stderr)")
        let stops = try emulator.requests().filter { $0["operation"] as? String == "StopModel" }.map { "\($0["project"]!)/\($0["version"]!)" }
        #expect(stops == ["a-line/1"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let models = (doc["models"] as? [[String: Any]] ?? []).map { "\($0["project"]!)/\($0["version"]!) \($0["outcome"] ?? "-")" }.sorted()
        #expect(models == ["a-line/1 stopped", "a-line/2 skipped"], "\(r.stdout)")
        let skipped = (doc["models"] as? [[String: Any]])?.first { $0["outcome"] as? String == "skipped" }
        #expect((skipped?["reason"] as? String)?.hasPrefix("not stopped: its account failed the identity check (ListModels of z-crossed") == true, "\(String(describing: skipped))")
    }

    @Test func theHomeAccountsListingsMustAllNameOneAccount() throws {
        let s = try RunSetup(faults: "- { operation: ListModels, project: retired, kind: foreign-account }")
        // One call in flight: the first home listing (syd-a) names the real account, retired's comes later.
        let r = try s.run(["--output", "json", "--concurrency", "1"])
        #expect(r.status == 1, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let failures = doc["discovery_failures"] as? [[String: Any]] ?? []
        #expect(failures.count == 1)
        #expect(failures.first?["error_code"] as? String == "AccountMismatch")
        #expect(failures.first?["account"] is NSNull)
        #expect((failures.first?["error_message"] as? String)?.contains("the run's credentials act in more than one account") == true, "\(failures)")
        // The foreign model was never acted on.
        #expect(!(try s.stopCalls()).contains("eu-west-1/retired/1"))
    }

    // MARK: Ports

    static let keys = ["AWS_ACCESS_KEY_ID": "AKIDEMULATOR", "AWS_SECRET_ACCESS_KEY": "not-a-real-secret-0", "AWS_EC2_METADATA_DISABLED": "true",
                       "PATH": "/usr/bin:/bin", "TZ": "UTC"]

    func models(_ extra: [String], environment: [String: String] = IdentityAndInputTests.keys) throws -> CommandResult {
        let dir = try TemporaryDirectory()
        var env = environment
        env["HOME"] = dir.url.path
        return try CommandRunner.run(["models", "--region", "eu-west-1"] + extra, environment: env)
    }

    @Test(arguments: ["http://127.0.0.1:0", "http://127.0.0.1:65536", "http://127.0.0.1:99999999999", "http://127.0.0.1:-1",
                      "http://127.0.0.1:/", "http://[::1]:70000/path", "https://lookoutvision.eu-west-1.amazonaws.com:+443"])
    func anEndpointPortOutside1To65535IsRefusedBeforeAnyRequest(url: String) throws {
        let r = try models(["--endpoint-url", url])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("--endpoint-url: the endpoint URL cannot be used: its port"), "\(r.stderr)")
        let env = try models([], environment: IdentityAndInputTests.keys.merging(["AWS_ENDPOINT_URL": url]) { _, n in n })
        #expect(env.status == 2)
        #expect(env.stderr.contains("AWS_ENDPOINT_URL: the endpoint URL cannot be used: its port"), "\(env.stderr)")
    }

    @Test func proxyContainerAndMetadataPortsAreCheckedAndNoProxyPasswordIsShown() throws {
        let proxy = try models(["--endpoint-url", "http://127.0.0.1:9"],
                               environment: IdentityAndInputTests.keys.merging(["https_proxy": "http://ops:hunter2pass@proxy.corp:3128000"]) { _, n in n })
        #expect(proxy.status == 2, "\(proxy.stderr)")
        #expect(proxy.stderr.contains("https_proxy: the proxy URL cannot be used: its port '3128000' is not a port (1-65535)"), "\(proxy.stderr)")
        #expect(!(proxy.stdout + proxy.stderr).contains("hunter2pass"))

        var noKeys = IdentityAndInputTests.keys
        noKeys["AWS_ACCESS_KEY_ID"] = nil
        noKeys["AWS_SECRET_ACCESS_KEY"] = nil
        let container = try models(["--endpoint-url", "http://127.0.0.1:9"],
                                   environment: noKeys.merging(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:65536/creds"]) { _, n in n })
        #expect(container.status == 2, "\(container.stderr)")
        #expect(container.stderr.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI (or _RELATIVE_URI) cannot be used: its port '65536' is not a port"), "\(container.stderr)")

        noKeys["AWS_EC2_METADATA_DISABLED"] = nil
        let imds = try models(["--endpoint-url", "http://127.0.0.1:9"],
                              environment: noKeys.merging(["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:0"]) { _, n in n })
        #expect(imds.status == 2, "\(imds.stderr)")
        #expect(imds.stderr.contains("AWS_EC2_METADATA_SERVICE_ENDPOINT cannot be used: its port '0' is not a port"), "\(imds.stderr)")
    }

    @Test func theEmulatorRefusesAPortOutside0To65535() throws {
        let dir = try TemporaryDirectory()
        let fleet = try dir.write("fleet.yaml", "region: eu-west-1\nprojects: []\n")
        for port in ["65536", "-1"] {
            let p = Process()
            p.executableURL = CommandRunner.productsDirectory.appendingPathComponent("lookout-emulator")
            p.arguments = ["--fleet", fleet, "--port=\(port)"]
            let err = Pipe()
            p.standardError = err
            p.standardOutput = Pipe()
            try p.run()
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 64, "\(message)")
            #expect(message.contains("--port \(port) is not a port: give 1-65535, or 0 for any free port"), "\(message)")
        }
    }

    // MARK: Region names

    @Test func regionNamesAreASCIILettersDigitsAndHyphens() throws {
        // A full-width digit and an accented letter: Character.isNumber and isLowercase say yes.
        for region in ["eu-west-\u{FF11}", "eu-w\u{E9}st-1", "eu-west-1 ", "-eu-west-1"] {
            let flag = try models(["--region=\(region)", "--endpoint-url", "http://127.0.0.1:9"])
            #expect(flag.status == 2, "\(region): \(flag.stderr)")
            #expect(flag.stderr.contains("is not an AWS region name (ASCII lower-case letters, digits and hyphens"), "\(flag.stderr)")
        }
        var env = IdentityAndInputTests.keys
        env["AWS_REGION"] = "us-east-\u{0661}"
        let dir = try TemporaryDirectory()
        env["HOME"] = dir.url.path
        let fromEnv = try CommandRunner.run(["models", "--endpoint-url", "http://127.0.0.1:9"], environment: env)
        #expect(fromEnv.status == 2, "\(fromEnv.stderr)")

        let rules = try dir.write("rules.yaml", """
            version: 1
            defaults: { timezone: UTC }
            rules:
              - { project: "*", schedule: never, region: "us-east-\u{0661}" }
            """)
        let v = try CommandRunner.run(["validate", "--rules", rules])
        #expect(v.status == 2)
        #expect(v.stderr.contains("\(rules):4:46: error: 'us-east-\u{0661}' is not an AWS region name"), "\(v.stderr)")

        let good = try dir.write("good.yaml", "version: 1\ndefaults: { timezone: UTC }\nrules:\n  - { project: \"*\", schedule: never }\n")
        let explain = try CommandRunner.run(["explain", "--rules", good, "--project", "p", "--version", "1", "--region", "eu-west-\u{FF11}"])
        #expect(explain.status == 64, "\(explain.stderr)")
        #expect(explain.stderr.contains("--region: 'eu-west-\u{FF11}' is not an AWS region name"), "\(explain.stderr)")
    }

    // MARK: Access key ids

    @Test func anAccessKeyIdOfNoSaneShapeIsRefusedWithoutBeingRepeated() throws {
        let secretLooking = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        for id in [String(repeating: "A", count: 129), secretLooking, "AK\u{1B}[2JID", "AKI"] {
            let r = try models(["--endpoint-url", "http://127.0.0.1:9"],
                               environment: IdentityAndInputTests.keys.merging(["AWS_ACCESS_KEY_ID": id]) { _, n in n })
            #expect(r.status == 2, "\(r.stderr)")
            #expect(r.stderr.contains("the access key id from environment"), "\(r.stderr)")
            #expect(r.stderr.contains("is not an access key id (\(id.utf8.count) bytes; 4 to 128 ASCII letters, digits and _ expected)"), "\(r.stderr)")
            #expect(!(r.stdout + r.stderr).contains(id))
        }
    }

    // MARK: Instants

    static let rules = """
        version: 1
        defaults: { timezone: Pacific/Kiritimati }
        schedules:
          office: { windows: [ { days: mon-fri, from: "07:00", to: "19:00" } ] }
        rules:
          - { project: "*", schedule: office }
        """

    @Test(arguments: ["9999-12-31T23:00:00-05:00", "9899-12-31T23:59:59-00:01", "1899-12-31T23:59:59Z", "1900-01-01T00:30:00+01:00",
                      "0000-01-01T00:00:00Z"])
    func anInstantOutsideTheAcceptedRangeIsAUsageError(at: String) throws {
        let dir = try TemporaryDirectory()
        let rules = try dir.write("rules.yaml", IdentityAndInputTests.rules)
        let r = try CommandRunner.run(["explain", "--rules", rules, "--project", "p", "--version", "1", "--at", at])
        #expect(r.status == 64, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("--at: '\(at)' is outside the instants this tool accepts (1900-01-01T00:00:00Z to 9899-12-31T23:59:59Z)"), "\(r.stderr)")
        let w = try CommandRunner.run(["windows", "--rules", rules, "--from", at, "--to", "9899-12-31T23:59:59Z"])
        #expect(w.status == 64, "\(w.stderr)")
    }

    @Test(arguments: ["9899-12-31T23:59:59Z", "1900-01-01T00:00:00Z", "1969-07-20T20:17:40Z", "9899-12-15T12:00:00Z"])
    func everyInstantPrintedAtTheEdgesOfTheRangeReadsBack(at: String) throws {
        let dir = try TemporaryDirectory()
        let rules = try dir.write("rules.yaml", IdentityAndInputTests.rules)
        let r = try CommandRunner.run(["explain", "--rules", rules, "--project", "p", "--version", "1", "--at", at, "--output", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let printed = ["at", "local_time", "previous_transition", "previous_transition_local", "next_transition", "next_transition_local"]
            .compactMap { doc[$0] as? String }
        #expect(printed.count == 6, "\(doc)")
        for instant in printed {
            // The tool's own parser reads every instant it printed; one in the accepted range is
            // taken back by the binary.
            let t = try InstantFormat.parseISO8601(instant)
            if InstantFormat.isAccepted(t) {
                let back = try CommandRunner.run(["explain", "--rules", rules, "--project", "p", "--version", "1", "--at", instant])
                #expect(back.status == 0, "\(instant): \(back.stderr)")
            }
        }
    }

    @Test func aKeepUntilTagOutsideTheAcceptedRangeKeepsNothing() throws {
        let s = try OperatorRun(rules: OperatorControlsTests.header + """

            rules:
              - { project: "*", schedule: never }
            """, fleet: """
            region: eu-west-1
            projects:
              - name: tagged
                models:
                  - { version: 1, status: HOSTED, tags: { "lookout-scheduler:keep-until": "9999-12-31T23:59:59-18:00" } }
            """)
        let r = try s.run(at: "2026-11-30T12:00:00Z")
        #expect(r.status == 0, "\(r.stderr)")
        // Read as year 10000 it would have kept the model (capped) and printed 10000-01-01T17:59:59Z.
        #expect(try s.calls("StopModel") == ["tagged/1"])
        #expect(r.stderr.contains("tag lookout-scheduler:keep-until is outside the instants this tool accepts (1900-01-01T00:00:00Z to 9899-12-31T23:59:59Z); it does not keep the model"), "\(r.stderr)")
        #expect(!(r.stdout + r.stderr).contains("10000-"))
    }

    @Test func anOverrideUntilOutsideTheAcceptedRangeIsARuleFileError() throws {
        let dir = try TemporaryDirectory()
        let rules = try dir.write("rules.yaml", IdentityAndInputTests.rules + """

            overrides:
              - { project: "*", schedule: always, until: "9999-12-31T23:59:59-18:00", reason: "forever" }
            """)
        let r = try CommandRunner.run(["validate", "--rules", rules])
        #expect(r.status == 2)
        #expect(r.stderr.contains("error: until: '9999-12-31T23:59:59-18:00' is outside the instants this tool accepts"), "\(r.stderr)")
    }

    // MARK: The anchor's own counts

    @Test func anAnchorWhoseCountsContradictItsHeadDoesNotVerify() throws {
        let s = try RunSetup()
        #expect(try s.run().status == 0)
        let anchorPath = s.log + ".anchor"
        let anchor = try #require(JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: anchorPath)!) as? [String: Any])
        let head = try #require(anchor["head"] as? String), bytes = try #require(anchor["bytes"] as? Int)
        #expect(try CommandRunner.run(["audit", "--log", s.log, "--verify"]).status == 0)
        let cases: [(records: Int, bytes: Int, head: String, message: String)] = [
            (5, 0, head, "the anchor says 5 records in 0 bytes: its counts contradict its head"),
            (bytes, bytes, head, "the anchor says \(bytes) records in \(bytes) bytes, but a record takes at least 77: its counts contradict its head"),
            (0, 0, String(repeating: "ab", count: 32), "the anchor names the head abababababab... of an empty log, but the first record links to 000000000000..."),
        ]
        for c in cases {
            let forged = "{\"v\":1,\"records\":\(c.records),\"head\":\"\(c.head)\",\"bytes\":\(c.bytes),\"time\":\"2026-11-30T10:00:00Z\",\"problem\":null}\n"
            try forged.write(toFile: anchorPath, atomically: true, encoding: .utf8)
            chmod(anchorPath, 0o600)
            let v = try CommandRunner.run(["audit", "--log", s.log, "--verify"])
            #expect(v.status == 1, "\(c.message): \(v.stdout)")
            #expect(v.stdout.contains("FAILED: \(c.message)"), "\(v.stdout)")
        }
    }
}

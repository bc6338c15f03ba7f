import Foundation
import Testing

/// Issue 18 through the real binary: every file read through the same checks, no wait past the
/// deadline, container endpoints the SDKs allow, secrets in URLs redacted, one sanitizer for every
/// string from outside, concurrent SSO refreshes, and the CLI's precedence of environment keys.
@Suite(.serialized) struct OutsideInputTests {
    /// Hostile text: a terminal escape, CR/LF that would forge a line, a right-to-left override,
    /// the bidirectional isolates, and NUL.
    static let hostile = "\u{1B}[2J\u{1B}]0;pwned\u{07}line\r\nFORGED: yes \u{202E}txt.exe\u{2066}\u{2067}\u{2068}\u{2069}\u{0}end"
    /// The raw characters that must never reach output, a log line or a generated unit.
    static let forbidden: [Unicode.Scalar] = ["\u{1B}", "\r", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{0}", "\u{07}"]

    static func expectClean(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for c in forbidden {
            #expect(!text.unicodeScalars.contains(c), "\(what) holds U+\(String(c.value, radix: 16))", sourceLocation: sourceLocation)
        }
        #expect(!text.contains("\nFORGED"), "\(what) has a forged line", sourceLocation: sourceLocation)
    }

    /// The JSON string literal of `text` (with `\u` escapes for the control characters).
    static func jsonString(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: []), as: UTF8.self).dropFirst().dropLast().description
    }

    static func environment(home: String, _ extra: [String: String]) -> [String: String] {
        ["HOME": home, "AWS_EC2_METADATA_DISABLED": "true", "AWS_REGION": "eu-west-1", "TZ": "UTC",
         "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"].merging(extra) { _, new in new }
    }

    static let fleet = """
        region: eu-west-1
        projects:
          - { name: pcb-inspection, models: [ { version: 1, status: HOSTED } ] }
        """

    // MARK: Every wait under the deadline

    @Test func aServerThatAcceptsAndNeverAnswersCannotHoldTheCommand() throws {
        let silent = try LoopbackServer(respond: nil)
        let dir = try TemporaryDirectory()
        let r = try CommandRunner.run(["models", "--endpoint-url", silent.endpoint, "--request-timeout", "1", "--max-attempts", "2"],
                                      environment: Self.environment(home: dir.url.path, ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "s"]))
        // Ended on its own (the test's watchdog would have made it a signal), with the timeout named.
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("RequestTimeout"), "\(r.stderr)")
        #expect(silent.requests.count == 2)
    }

    @Test func aContainerEndpointThatNeverAnswersIsACredentialErrorNotAHang() throws {
        let silent = try LoopbackServer(respond: nil)
        let dir = try TemporaryDirectory()
        let r = try CommandRunner.run(["models", "--endpoint-url", "http://127.0.0.1:9"],
                                      environment: Self.environment(home: dir.url.path, ["AWS_CONTAINER_CREDENTIALS_FULL_URI": silent.endpoint + "/creds"]))
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("container credentials endpoint \(silent.endpoint)/creds did not answer"), "\(r.stderr)")
        #expect(silent.requests.count == 1)
    }

    // MARK: Container endpoints the SDKs allow

    @Test(arguments: ["http://192.0.2.10/creds", "http://169.254.169.254/creds", "http://example.com/creds", "ftp://127.0.0.1/creds",
                      "http://[fd00:ec2::24]/creds"])
    func aContainerFullURIOverHTTPToAnotherHostIsRefusedBeforeAnyRequest(uri: String) throws {
        let dir = try TemporaryDirectory()
        let r = try CommandRunner.run(["models", "--endpoint-url", "http://127.0.0.1:9"],
                                      environment: Self.environment(home: dir.url.path, ["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri,
                                                                                          "AWS_CONTAINER_AUTHORIZATION_TOKEN": "token-SECRET-1"]))
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("error: CredentialsError: AWS_CONTAINER_CREDENTIALS_FULL_URI '\(uri)'"), "\(r.stderr)")
        #expect(!r.stderr.contains("did not answer"))
        #expect(!r.stderr.contains("token-SECRET-1"))
    }

    @Test func aRelativeURIGoesOnlyToTheECSHost() throws {
        let server = try LoopbackServer(respond: { _ in LoopbackServer.response(status: 200, json: "{}") })
        let dir = try TemporaryDirectory()
        // `@host` after the ECS address would make it user information and send the request elsewhere.
        let r = try CommandRunner.run(["models", "--endpoint-url", "http://127.0.0.1:9"],
                                      environment: Self.environment(home: dir.url.path, ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "@127.0.0.1:\(server.port)/creds"]))
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI '@127.0.0.1:\(server.port)/creds' is not a path"), "\(r.stderr)")
        #expect(server.requests.isEmpty)
    }

    @Test func credentialsInAContainerURIAreNeverPrinted() throws {
        let dir = try TemporaryDirectory()
        let r = try CommandRunner.run(["models", "--endpoint-url", "http://127.0.0.1:9"],
                                      environment: Self.environment(home: dir.url.path, ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://ops:pw-SECRET-2@192.0.2.10/creds"]))
        #expect(r.status == 2)
        #expect(r.stderr.contains("'http://<redacted>@192.0.2.10/creds'"), "\(r.stderr)")
        #expect(!r.stderr.contains("pw-SECRET-2") && !r.stdout.contains("pw-SECRET-2"))
    }

    /// The loopback endpoint is accepted: the token from its file is sent, the credentials used.
    @Test func aLoopbackContainerEndpointIsAskedWithTheTokenFromItsFile() throws {
        let dir = try TemporaryDirectory()
        let emulator = try EmulatorProcess(fleet: try dir.write("fleet.yaml", Self.fleet))
        let creds = "{\"AccessKeyId\": \"\(EmulatorProcess.accessKeyId)\", \"SecretAccessKey\": \"\(EmulatorProcess.secret)\", \"Expiration\": \"2099-01-01T00:00:00Z\"}"
        let server = try LoopbackServer(respond: { _ in LoopbackServer.response(status: 200, json: creds) })
        let token = try dir.write("token", "container-token-SECRET-3\n")
        let r = try CommandRunner.run(["models", "--endpoint-url", emulator.endpoint, "--output", "json"],
                                      environment: Self.environment(home: dir.url.path, ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/v2/creds",
                                                                                          "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": token]))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("pcb-inspection"))
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.hasPrefix("GET /v2/creds HTTP/1.1\r\n") == true)
        #expect(server.requests.first?.contains("\r\nAuthorization: container-token-SECRET-3\r\n") == true)
        for s in ["container-token-SECRET-3", EmulatorProcess.secret] { #expect(!r.stdout.contains(s) && !r.stderr.contains(s)) }
    }

    @Test func aContainerTokenFileThatIsAFIFOOrAnAuthorizationTokenWithALineBreakIsRefused() throws {
        let server = try LoopbackServer(respond: { _ in LoopbackServer.response(status: 200, json: "{}") })
        let dir = try TemporaryDirectory()
        let fifo = dir.url.appendingPathComponent("token-fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let r = try CommandRunner.run(["models", "--endpoint-url", "http://127.0.0.1:9"],
                                      environment: Self.environment(home: dir.url.path, ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/creds",
                                                                                          "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": fifo]))
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr == "error: CredentialsError: AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(fifo) is a FIFO, not a regular file\n")
        let injected = try CommandRunner.run(["models", "--endpoint-url", "http://127.0.0.1:9"],
                                             environment: Self.environment(home: dir.url.path, ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/creds",
                                                                                                 "AWS_CONTAINER_AUTHORIZATION_TOKEN": "t\r\nX-Injected: 1"]))
        #expect(injected.status == 2)
        #expect(injected.stderr == "error: CredentialsError: AWS_CONTAINER_AUTHORIZATION_TOKEN holds a line break or control character; refusing to send it\n")
        #expect(server.requests.isEmpty)
    }

    @Test func credentialsHoldingALineBreakAreRefusedAndNeverSent() throws {
        let dir = try TemporaryDirectory()
        let emulator = try EmulatorProcess(fleet: try dir.write("fleet.yaml", Self.fleet))
        let creds = "{\"AccessKeyId\": \"ASIAEXAMPLE\", \"SecretAccessKey\": \"s-SECRET-4\", \"Token\": \"tok\\r\\nX-Injected: 1\"}"
        let server = try LoopbackServer(respond: { _ in LoopbackServer.response(status: 200, json: creds) })
        let r = try CommandRunner.run(["models", "--endpoint-url", emulator.endpoint],
                                      environment: Self.environment(home: dir.url.path, ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/creds"]))
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr == "error: CredentialsError: the session token from container holds a line break or control character; refusing to use it\n")
        #expect(try emulator.requests().isEmpty)
        #expect(!r.stderr.contains("s-SECRET-4"))
    }

    // MARK: Every file through the same checks

    @Test func aCABundleThatIsAFIFOIsRefusedAtOnce() throws {
        let dir = try TemporaryDirectory()
        let fifo = dir.url.appendingPathComponent("ca.pem").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let r = try CommandRunner.run(["models", "--endpoint-url", "https://127.0.0.1:9"],
                                      environment: Self.environment(home: dir.url.path, ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "s",
                                                                                          "AWS_CA_BUNDLE": fifo]))
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr == "error: AWS_CA_BUNDLE: the CA bundle \(fifo) cannot be used: a FIFO, not a regular file\n")
    }

    // MARK: Secrets in URLs

    @Test func anEndpointURLWithCredentialsIsRefusedWithoutRepeatingThem() throws {
        let dir = try TemporaryDirectory()
        let r = try CommandRunner.run(["models", "--endpoint-url", "https://admin:pw-SECRET-5@127.0.0.1:9"],
                                      environment: Self.environment(home: dir.url.path, ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "s"]))
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("https://<redacted>@127.0.0.1:9"), "\(r.stderr)")
        #expect(!r.stderr.contains("pw-SECRET-5") && !r.stdout.contains("pw-SECRET-5"))
    }

    @Test func aProxyPasswordNeverReachesTheOutput() throws {
        // A proxy on a port nothing listens on: libcurl fails to connect and says so.
        let dir = try TemporaryDirectory()
        let env = Self.environment(home: dir.url.path, ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "s",
                                                        "HTTP_PROXY": "http://proxyuser:proxy-SECRET-6@127.0.0.1:9",
                                                        "http_proxy": "http://proxyuser:proxy-SECRET-6@127.0.0.1:9"])
        let r = try CommandRunner.run(["models", "--endpoint-url", "http://198.51.100.7:8080", "--max-attempts", "1"], environment: env)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("ConnectionError"), "\(r.stderr)")
        #expect(!r.stderr.contains("proxy-SECRET-6") && !r.stdout.contains("proxy-SECRET-6"))
    }

    // MARK: One sanitizer

    @Test func hostileErrorMessagesFromTheServerAreEscapedInTheOutput() throws {
        let body = "{\"__type\": \"ValidationException\", \"message\": \(Self.jsonString(Self.hostile))}"
        let server = try LoopbackServer(respond: { _ in
            LoopbackServer.response(status: 400, json: body, extraHeaders: ["x-amzn-RequestId: req\u{1B}[31m-\u{202E}1"])
        })
        let dir = try TemporaryDirectory()
        for output in ["text", "json"] {
            let r = try CommandRunner.run(["models", "--endpoint-url", server.endpoint, "--output", output],
                                          environment: Self.environment(home: dir.url.path, ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "s"]))
            #expect(r.status == 1, "\(r.stderr)")
            #expect(r.stderr.contains("ValidationException"), "\(r.stderr)")
            Self.expectClean(r.stdout, "stdout (\(output))")
            Self.expectClean(r.stderr, "stderr (\(output))")
        }
    }

    /// The emulator answers every StopModel with a hostile message: the run's output, its log and
    /// `audit`'s view of that log carry it escaped.
    @Test func aHostileErrorMessageFromTheEmulatorIsEscapedInOutputLogAndAudit() throws {
        let yamlMessage = "\\e[2J\\e]0;pwned\\aline\\r\\nFORGED: yes \\u202Etxt\\u2066\\u2069\\0end"
        let s = try RunSetup(faults: "[ { operation: StopModel, kind: access-denied, message: \"\(yamlMessage)\" } ]")
        let r = try s.run(["--output", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("AccessDeniedException"), "\(r.stdout)")
        Self.expectClean(r.stdout, "the run's JSON")
        Self.expectClean(r.stderr, "the run's errors")
        let text = try s.run()
        Self.expectClean(text.stdout, "the run's text")
        let log = try String(contentsOfFile: s.log, encoding: .utf8)
        #expect(log.contains("\\\\u{202E}txt"), "the escaped message is in the log")
        Self.expectClean(log.replacingOccurrences(of: "\n", with: " "), "the log")
        let audit = try CommandRunner.run(["audit", "--log", s.log, "--list"], environment: s.emulator.environment(home: s.dir.url.path))
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.contains("AccessDeniedException"))
        Self.expectClean(audit.stdout, "audit's text")
        #expect(try CommandRunner.run(["audit", "--log", s.log, "--verify", "--chain-only"]).status == 0)
    }

    /// A shared config or credentials file that exists but cannot be used is a configuration
    /// error naming the file (exit 2, nothing sent), never a file silently passed over.
    @Test func sharedFilesThatCannotBeUsedAreRefusedByName() throws {
        let s = try RunSetup()
        let fifo = s.dir.url.appendingPathComponent("credentials-fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let big = s.dir.url.appendingPathComponent("credentials-big").path
        try Data(("[default]\naws_access_key_id = AKIDBIG\naws_secret_access_key = x\n# " + String(repeating: "x", count: 1_100_000) + "\n").utf8)
            .write(to: URL(fileURLWithPath: big))
        for (variable, path, why) in [("AWS_SHARED_CREDENTIALS_FILE", fifo, "is a FIFO, not a regular file"),
                                      ("AWS_SHARED_CREDENTIALS_FILE", big, "bytes, larger than 1 MiB"),
                                      ("AWS_CONFIG_FILE", fifo, "is a FIFO, not a regular file")] {
            var env = s.emulator.environment(home: s.dir.url.path)
            env[variable] = path
            let r = try CommandRunner.run(["run", "--rules", s.rules, "--now", RunFixture.now, "--endpoint-url", s.emulator.endpoint,
                                           "--dry-run"], environment: env)
            #expect(r.status == 2, "\(variable)=\(path): \(r.stderr)")
            #expect(r.stderr.contains(path) && r.stderr.contains(why), "\(r.stderr)")
            let models = try CommandRunner.run(["models", "--endpoint-url", s.emulator.endpoint], environment: env)
            #expect(models.status == 2)
            #expect(models.stderr.contains(path), "\(models.stderr)")
        }
        #expect(try s.emulator.requests().isEmpty, "nothing was sent")
        // /dev/null is the usual way to say "no such file": accepted as none.
        var env = s.emulator.environment(home: s.dir.url.path)
        env["AWS_CONFIG_FILE"] = "/dev/null"
        let r = try CommandRunner.run(["run", "--rules", s.rules, "--now", RunFixture.now, "--endpoint-url", s.emulator.endpoint,
                                       "--dry-run", "--requests-per-second", "0"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func hostileFieldsOfACraftedLogAreEscapedByAudit() throws {
        let s = try RunSetup()
        let r = try s.run()
        #expect(r.status == 0, "\(r.stderr)")
        // A decision record as the run wrote it, with every text field replaced by hostile text.
        let lines = try String(contentsOfFile: s.log, encoding: .utf8).split(separator: "\n")
        let decision = try #require(lines.first { $0.contains("\"decision\":\"stop\"") })
        var record = try #require(JSONSerialization.jsonObject(with: Data(decision.utf8)) as? [String: Any])
        for key in ["project", "reason", "region", "error_code"] { record[key] = Self.hostile }
        record["outcome"] = "failed"
        let crafted = try JSONSerialization.data(withJSONObject: record)
        let handle = try #require(FileHandle(forWritingAtPath: s.log))
        handle.seekToEndOfFile()
        handle.write(crafted + Data("\n".utf8))
        try handle.close()
        let audit = try CommandRunner.run(["audit", "--log", s.log, "--list"], environment: s.emulator.environment(home: s.dir.url.path))
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.contains("\\u{1B}[2J"), "\(audit.stdout)")
        Self.expectClean(audit.stdout, "audit's text")
        Self.expectClean(audit.stderr, "audit's errors")
        // The JSON document escapes them too (`\u202e`), and still decodes to what the log holds.
        let json = try CommandRunner.run(["audit", "--log", s.log, "--list", "--output", "json"],
                                         environment: s.emulator.environment(home: s.dir.url.path))
        #expect(json.status == 0, "\(json.stderr)")
        Self.expectClean(json.stdout.replacingOccurrences(of: "\n", with: ""), "audit's JSON")
        #expect(json.stdout.contains("\\u202e"))
        let doc = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        func strings(_ v: Any) -> [String] {
            if let s = v as? String { return [s] }
            if let a = v as? [Any] { return a.flatMap(strings) }
            if let d = v as? [String: Any] { return d.values.flatMap(strings) }
            return []
        }
        #expect(strings(doc).contains { $0.unicodeScalars.contains("\u{202E}") }, "the escapes decode back to the log's text")
    }

    @Test func aHostileRuleFilePathIsSanitizedInTheLogAndInTheSystemdUnit() throws {
        let dir = try TemporaryDirectory()
        let name = "rules\u{202E}lmay\n[Service]\nExecStart=evil\r.yaml"
        let rules = try dir.write(name, RunFixture.rules)
        let unit = try CommandRunner.run(["edges", "--rules", rules, "--from", "2026-11-30T00:00:00Z", "--to", "2026-12-01T00:00:00Z",
                                          "--output", "systemd"])
        #expect(unit.status == 0, "\(unit.stderr)")
        Self.expectClean(unit.stdout, "the timer unit")
        #expect(!unit.stdout.split(separator: "\n").contains { $0.hasPrefix("ExecStart=") || $0 == "[Service]" })
        // The run's first record names the rule file: written sanitized.
        let fleet = try dir.write("fleet.yaml", RunFixture.fleet())
        let emulator = try EmulatorProcess(fleet: fleet)
        let log = dir.url.appendingPathComponent("audit.jsonl").path
        let r = try CommandRunner.run(["run", "--rules", rules, "--now", RunFixture.now, "--endpoint-url", emulator.endpoint, "--log", log,
                                       "--requests-per-second", "0"], environment: emulator.environment(home: dir.url.path))
        #expect(r.status == 0, "\(r.stderr)")
        let bytes = try String(contentsOfFile: log, encoding: .utf8)
        #expect(!bytes.unicodeScalars.contains("\u{202E}"))
        #expect(bytes.contains("\\\\u{202E}"))
        Self.expectClean(r.stdout, "the run's output")
        Self.expectClean(r.stderr, "the run's errors")
        #expect(try CommandRunner.run(["audit", "--log", log, "--verify", "--chain-only"]).status == 0)
    }
}

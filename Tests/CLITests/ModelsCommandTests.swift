import Foundation
import Testing

@Suite struct ModelsCommandTests {
    @Test func listsTheFleetThroughTheRealClient() throws {
        let emulator = try EmulatorProcess(fleet: "examples/fleet.yaml")
        let r = try CommandRunner.run(["models", "--endpoint-url", emulator.endpoint, "--region", "us-east-1", "--output", "json"],
                                      environment: emulator.environment())
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: String]])
        #expect(doc.map { "\($0["project"]!)/\($0["version"]!)=\($0["status"]!)" }.sorted()
            == ["weld-line1/1=HOSTED", "weld-line2/2=STARTING_HOSTING"])
        let calls = try emulator.requests()
        #expect(calls.map { $0["operation"] as? String } == ["ListProjects", "ListModels", "ListModels"])
        #expect(calls.allSatisfy { $0["status"] as? Int == 200 && $0["region"] as? String == "us-east-1" })
    }

    @Test func aWrongSecretFailsWithoutPrintingIt() throws {
        let emulator = try EmulatorProcess(fleet: "examples/fleet.yaml")
        let secret = "WRONG-secret-value-123"
        let r = try CommandRunner.run(["models", "--endpoint-url", emulator.endpoint, "--region", "eu-west-1"],
                                      environment: emulator.environment(secret: secret))
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: InvalidSignatureException (HTTP 403): The request signature we calculated does not match"))
        #expect(!r.stderr.contains(secret) && !r.stdout.contains(secret))
        #expect(!r.stderr.contains(EmulatorProcess.secret))
    }

    @Test func endpointFromTheEnvironment() throws {
        let emulator = try EmulatorProcess(fleet: "examples/fleet.yaml")
        var env = emulator.environment()
        env["AWS_ENDPOINT_URL_LOOKOUTVISION"] = emulator.endpoint
        env["AWS_REGION"] = "eu-west-1"
        let r = try CommandRunner.run(["models"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("5 projects, 8 model versions in eu-west-1 (\(emulator.endpoint))"))
    }

    @Test func missingRegionIsAConfigurationError() throws {
        let r = try CommandRunner.run(["models"], environment: ["HOME": FileManager.default.temporaryDirectory.path, "AWS_EC2_METADATA_DISABLED": "true"])
        #expect(r.status == 2)
        #expect(r.stderr == "error: no AWS region: pass --region, set AWS_REGION, or set region in the profile 'default'\n")
    }

    /// libcurl honours the proxy variables, as curl and the AWS CLI do: the emulator stands in for
    /// the proxy (it serves absolute-URI requests), and NO_PROXY sends the request direct.
    @Test func proxyVariablesAreHonoured() throws {
        let emulator = try EmulatorProcess(fleet: "examples/fleet.yaml")
        var env = emulator.environment()
        env["HTTP_PROXY"] = emulator.endpoint
        env["http_proxy"] = emulator.endpoint
        let viaProxy = try CommandRunner.run(["models", "--endpoint-url", "http://lookoutvision.invalid", "--region", "eu-west-1"], environment: env)
        #expect(viaProxy.status == 0, "\(viaProxy.stderr)")
        #expect(viaProxy.stdout.hasPrefix("5 projects, 8 model versions in eu-west-1 (http://lookoutvision.invalid)"))
        env["NO_PROXY"] = "lookoutvision.invalid"
        env["no_proxy"] = "lookoutvision.invalid"
        let direct = try CommandRunner.run(["models", "--endpoint-url", "http://lookoutvision.invalid", "--region", "eu-west-1",
                                            "--max-attempts", "1"], environment: env)
        #expect(direct.status == 1)
        #expect(direct.stderr.hasPrefix("error: ConnectionError"))
    }
}

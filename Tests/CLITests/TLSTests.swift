import Foundation
import Testing

/// A throwaway CA and two server certificates signed by it, made with the `openssl` command line
/// in a temporary directory: one for 127.0.0.1 and localhost, one for another name only.
final class TestCertificates {
    let directory: String
    var ca: String { directory + "/ca.pem" }
    var serverCertificate: String { directory + "/server.pem" }
    var serverKey: String { directory + "/server.key" }
    var otherNameCertificate: String { directory + "/other.pem" }
    var otherNameKey: String { directory + "/other.key" }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=lookout-scheduler test CA",
                     "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        for (name, altNames) in [("server", "IP:127.0.0.1,DNS:localhost"), ("other", "DNS:lookoutvision.example")] {
            try "subjectAltName=\(altNames)\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
                .write(toFile: directory + "/\(name).ext", atomically: true, encoding: .utf8)
            try openssl(["req"] + ec + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)"])
            try openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                         "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext"])
        }
    }

    private func openssl(_ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: ["openssl": arguments]) }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

/// The emulator in HTTPS mode with a private CA: the scheduler trusts it only through
/// `AWS_CA_BUNDLE` or the profile's `ca_bundle`, and a certificate problem is shown, not retried.
@Suite struct TLSTests {
    let certificates: TestCertificates
    init() throws { certificates = try TestCertificates() }

    func emulator(otherName: Bool = false) throws -> EmulatorProcess {
        let cert = otherName ? certificates.otherNameCertificate : certificates.serverCertificate
        let key = otherName ? certificates.otherNameKey : certificates.serverKey
        return try EmulatorProcess(fleet: "examples/fleet.yaml", extra: ["--tls-certificate", cert, "--tls-key", key],
                                   caBundle: certificates.ca)
    }

    @Test func thePrivateCAIsTrustedThroughAWSCABundle() throws {
        let emulator = try emulator()
        #expect(emulator.endpoint.hasPrefix("https://127.0.0.1:"))
        var env = emulator.environment()
        env["AWS_CA_BUNDLE"] = certificates.ca
        let r = try CommandRunner.run(["models", "--endpoint-url", emulator.endpoint, "--region", "eu-west-1"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("5 projects, 8 model versions in eu-west-1 (\(emulator.endpoint))"))
        // One run, one TLS connection: every call of it reused the first.
        let calls = try emulator.requests()
        #expect(calls.count == 6 && Set(calls.compactMap { $0["connection"] as? Int }) == [1])
    }

    @Test func thePrivateCAIsTrustedThroughTheProfilesCABundle() throws {
        let emulator = try emulator()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("home-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try "[default]\nregion = eu-west-1\nca_bundle = \(certificates.ca)\n".write(toFile: home + "/.aws/config", atomically: true, encoding: .utf8)
        let r = try CommandRunner.run(["models", "--endpoint-url", emulator.endpoint], environment: emulator.environment(home: home))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("5 projects, 8 model versions in eu-west-1 (\(emulator.endpoint))"))
    }

    @Test func withoutTheCAItFailsClearlyAndOnce() throws {
        let emulator = try emulator()
        let start = Date()
        let r = try CommandRunner.run(["models", "--endpoint-url", emulator.endpoint, "--region", "eu-west-1", "--max-attempts", "5"],
                                      environment: emulator.environment())
        #expect(r.status == 1)
        #expect(r.stderr == "error: TLSError: SSL certificate problem: unable to get local issuer certificate\n")
        #expect(Date().timeIntervalSince(start) < 5)
        // No retry: one connection for the failed call, one for this question.
        #expect(try emulator.connectionsAccepted() == 2)
        #expect(try emulator.requests().isEmpty)
    }

    @Test func aCertificateForAnotherNameFails() throws {
        let emulator = try emulator(otherName: true)
        var env = emulator.environment()
        env["AWS_CA_BUNDLE"] = certificates.ca
        let r = try CommandRunner.run(["models", "--endpoint-url", emulator.endpoint, "--region", "eu-west-1"], environment: env)
        #expect(r.status == 1)
        #expect(r.stderr == "error: TLSError: SSL: no alternative certificate subject name matches target host name '127.0.0.1'\n")
    }

    @Test func aMissingCABundleIsAConfigurationError() throws {
        let emulator = try emulator()
        var env = emulator.environment()
        env["AWS_CA_BUNDLE"] = certificates.directory + "/missing.pem"
        for arguments in [["models", "--endpoint-url", emulator.endpoint, "--region", "eu-west-1"],
                          ["run", "--rules", "schedules/minimal.yaml", "--endpoint-url", emulator.endpoint, "--region", "eu-west-1", "--dry-run"]] {
            let r = try CommandRunner.run(arguments, environment: env)
            #expect(r.status == 2, "\(arguments[0]): \(r.stderr)")
            #expect(r.stderr == "error: AWS_CA_BUNDLE: the CA bundle \(certificates.directory)/missing.pem cannot be used: no such file\n")
        }
        #expect(try emulator.connectionsAccepted() == 1)  // only this question
    }
}

/// What the scheduler binary links.
@Suite struct LinkageTests {
    func run(_ tool: String, _ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func theSchedulerLinksLibcurlAndNeitherFoundationNetworkingNorATLSLibraryOfItsOwn() throws {
        let binary = CommandRunner.productsDirectory.appendingPathComponent("lookout-scheduler").path
        let needed = try run("/usr/bin/readelf", ["-d", binary]).split(separator: "\n").filter { $0.contains("(NEEDED)") }
        #expect(needed.contains { $0.contains("[libcurl.so.4]") })
        #expect(!needed.contains { $0.contains("FoundationNetworking") }, "\(needed)")
        // swift-nio-ssl (BoringSSL) is the emulator's, for tests; it is linked statically when used.
        #expect(!(try run("/usr/bin/nm", [binary])).contains("CNIOBoringSSL"))
    }
}

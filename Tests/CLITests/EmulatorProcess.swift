import AWSCore
import Foundation

/// The `lookout-emulator` binary, started on a free loopback port for one test.
final class EmulatorProcess {
    let process = Process()
    let endpoint: String
    /// The CA that signed the emulator's certificate (HTTPS mode), for the admin calls.
    let caBundle: String?
    static let accessKeyId = "AKIDEMULATOR"
    static let secret = "emulator-test-secret/Zx+9"

    init(fleet: String, extra: [String] = [], caBundle: String? = nil) throws {
        self.caBundle = caBundle
        process.executableURL = CommandRunner.productsDirectory.appendingPathComponent("lookout-emulator")
        process.arguments = ["--fleet", fleet, "--port", "0", "--access-key-id", EmulatorProcess.accessKeyId,
                             "--secret-access-key", EmulatorProcess.secret, "--stop-delay", "0.5"] + extra
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.standardError
        try process.run()
        // The first line announces the endpoint.
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let doc = try JSONSerialization.jsonObject(with: line) as? [String: Any], let e = doc["endpoint"] as? String else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        endpoint = e
    }

    /// A GET of the emulator's admin endpoint, through the scheduler's own transport (waiting on
    /// a semaphore that the transport's thread signals: no cooperative thread is blocked on a task).
    func admin(_ path: String) throws -> Data {
        final class Outcome: @unchecked Sendable { var result: Result<HTTPResponse, any Error>? }
        let outcome = Outcome(), done = DispatchSemaphore(value: 0)
        CurlTransport(options: .init(caBundle: caBundle)).send(HTTPRequest(method: "GET", url: endpoint + path), timeout: 10) {
            outcome.result = $0
            done.signal()
        }
        done.wait()
        let response = try outcome.result!.get()
        guard response.status == 200 else { throw CocoaError(.fileReadUnknown) }
        return Data(response.body)
    }

    /// The requests the emulator served, from its admin endpoint.
    func requests() throws -> [[String: Any]] {
        let data = try admin("/_emulator/requests")
        return try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
    }

    /// The connections the emulator accepted (the one asking included).
    func connectionsAccepted() throws -> Int {
        let doc = try JSONSerialization.jsonObject(with: admin("/_emulator/connections")) as? [String: Int]
        return doc?["accepted"] ?? -1
    }

    /// The models' statuses, from its admin endpoint: "region/project/version" to status.
    func statuses() throws -> [String: String] {
        let data = try admin("/_emulator/models")
        let list = try JSONSerialization.jsonObject(with: data) as? [[String: String]] ?? []
        return Dictionary(uniqueKeysWithValues: list.map { ("\($0["region"]!)/\($0["project"]!)/\($0["version"]!)", $0["status"]!) })
    }

    /// An environment with the emulator's credentials and nothing from the developer's machine.
    func environment(secret: String = EmulatorProcess.secret, home: String = FileManager.default.temporaryDirectory.path) -> [String: String] {
        ["AWS_ACCESS_KEY_ID": EmulatorProcess.accessKeyId, "AWS_SECRET_ACCESS_KEY": secret, "AWS_EC2_METADATA_DISABLED": "true",
         "HOME": home, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "TZ": "UTC"]
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }
}

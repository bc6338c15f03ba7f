import ArgumentParser
import Foundation
import Hashing
import LookoutEmulator
import SigV4

/// `lookout-emulator`: serves the Lookout for Vision API on loopback from a fleet file.
@main
struct LookoutEmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookout-emulator",
        abstract: "Serve an emulated Amazon Lookout for Vision API on loopback, seeded from a fleet file.",
        discussion: "Prints one JSON line {\"endpoint\": ...} when ready. GET /_emulator/requests lists the requests served (each with its connection's number); GET /_emulator/models the models' statuses; GET /_emulator/connections the connections accepted."
    )

    @Option(help: "The fleet file (YAML or JSON): projects, models, statuses, tags, faults.")
    var fleet: String

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port).")
    var port = 0

    @Option(help: "Accepted access key id.")
    var accessKeyId = "AKIDEMULATOR"

    @Option(help: "Accepted secret access key (default: the LOOKOUT_EMULATOR_SECRET environment variable, else a fixed test secret).")
    var secretAccessKey: String?

    @Option(help: "Largest page the server returns.")
    var pageSize = 100

    @Option(help: "Seconds from StopModel to TRAINED.")
    var stopDelay = 2.0

    @Option(help: "Seconds from StartModel to HOSTED.")
    var startDelay = 2.0

    @Option(help: "The services' quota: requests per second per account, region and API, beyond which requests are throttled (429); 0: none.")
    var requestsPerSecond = 0.0

    @OptionGroup var tls: TLSOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port: give 1-65535, or 0 for any free port") }
    }

    /// OpenSSL is told to skip its exit-time cleanup before anything else (see `Digest`).
    static func main() async {
        Digest.keepOpenSSLUntilExit()
        await main(nil)
    }

    func run() async throws {
        let fleet: Fleet
        do {
            fleet = try Fleet.load(path: self.fleet)
        } catch {
            throw ValidationError("cannot read fleet file \(self.fleet): \(error)")
        }
        let secret = secretAccessKey ?? ProcessInfo.processInfo.environment["LOOKOUT_EMULATOR_SECRET"] ?? "emulator-secret-key"
        let service = EmulatorService(fleet: fleet, configuration: .init(
            credentials: [accessKeyId: (secret, nil)], pageSize: pageSize, stopDelay: stopDelay, startDelay: startDelay,
            requestsPerSecond: requestsPerSecond))
        let server = if let layer = try tls.layer() {
            try await EmulatorServer(service: service, host: host, port: port, layer: layer)
        } else {
            try await EmulatorServer(service: service, host: host, port: port)
        }
        try? FileHandle.standardOutput.write(contentsOf: Data("{\"endpoint\": \"\(server.endpoint)\", \"port\": \(server.port)}\n".utf8))
        try await server.wait()
    }
}

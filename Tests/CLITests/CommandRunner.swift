import Foundation

/// Runs the built `lookout-scheduler` binary and captures what it prints.
struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum CommandRunner {
    /// The directory holding the built products (next to the test bundle).
    static var productsDirectory: URL {
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // On macOS the runner lives inside the .xctest bundle.
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("lookout-scheduler").path),
              dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }

    /// The repository root (for the files in `schedules/`).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `environment` plus the sanitizer settings of this process (scripts/sanitizers.sh), so the
    /// binaries the tests start run under the same options.
    static func childEnvironment(_ environment: [String: String]) -> [String: String] {
        var env = environment
        for key in ["ASAN_OPTIONS", "TSAN_OPTIONS", "LSAN_OPTIONS"] {
            if let v = ProcessInfo.processInfo.environment[key] { env[key] = v }
        }
        return env
    }

    /// The longest a command may run in a test (the slowest, a fault scenario, takes under a minute).
    static let limitSeconds = 300.0

    static func run(_ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("lookout-scheduler")
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? repositoryRoot
        if let environment { process.environment = childEnvironment(environment) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // No command of the tool may run this long: past it the test fails instead of hanging CI.
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + CommandRunner.limitSeconds, execute: watchdog)
        defer { watchdog.cancel() }
        // Drain stdout on another thread while reading stderr here, so neither pipe can fill and block.
        final class Box: @unchecked Sendable { var data = Data() }
        let box = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            box.data = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let e = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: box.data, as: UTF8.self),
                             stderr: String(decoding: e, as: UTF8.self))
    }
}

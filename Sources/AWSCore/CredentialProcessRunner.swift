import Foundation
import Subprocess
#if canImport(Glibc)
import Glibc
#endif

/// Runs a `credential_process` command with bounds, through swift-subprocess: `/bin/sh -c COMMAND`
/// in a process group of its own, standard input from `/dev/null`, standard error discarded (so no
/// pipe can fill and stall it), at most `outputLimit` bytes of output, and after `timeout` seconds
/// the whole group (the shell and everything it started) killed.
enum CredentialProcessRunner {
    /// How the command ended.
    struct Result: Sendable {
        /// Its exit status (128 + signal when killed by one).
        var status: Int32
        /// Its standard output (at most `outputLimit` bytes).
        var stdout: [UInt8]
        /// True when it was killed for taking longer than the timeout.
        var timedOut: Bool
        /// True when it printed more than `outputLimit` bytes.
        var truncated: Bool
    }

    /// Why it could not be started.
    struct SpawnError: Error { let code: Int32 }

    /// The default timeout: 30 seconds (longer than any real credential helper needs; an
    /// interactive prompt waiting for a person never answers a scheduled run).
    static let defaultTimeout = 30.0
    /// Output kept: a credential document is a few kilobytes.
    static let outputLimit = 1 << 20

    /// Runs `command` through swift-subprocess: `/bin/sh -c COMMAND` with standard input from
    /// `/dev/null`, standard error discarded (no pipe to fill; it may hold anything, secrets
    /// included), standard output collected up to `outputLimit`, and the command in a process group
    /// of its own, so that a timeout's teardown kills the group: the shell and all it started.
    static func run(_ command: String, timeout: Double = defaultTimeout) async throws -> Result {
        let options: PlatformOptions = {
            var options = PlatformOptions()
            options.processGroupID = 0  // pgid = its own pid
            options.teardownSequence = [.send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(200))]
            return options
        }()
        enum Ending: Sendable {
            case finished(status: Int32, stdout: [UInt8])
            case tooMuchOutput
            case timedOut
        }
        let ending = try await withThrowingTaskGroup(of: Ending.self) { group in
            group.addTask {
                do {
                    let result = try await Subprocess.run(.path("/bin/sh"), arguments: ["-c", command], platformOptions: options,
                                                          input: .none, output: .bytes(limit: outputLimit), error: .discarded)
                    let status: Int32
                    switch result.terminationStatus {
                    case let .exited(code): status = code
                    case let .signaled(signal): status = 128 + signal
                    }
                    return .finished(status: status, stdout: result.standardOutput)
                } catch let error as SubprocessError where error.code == .outputLimitExceeded {
                    return .tooMuchOutput
                } catch let error as SubprocessError {
                    throw SpawnError(code: error.underlyingError.map { Int32($0.rawValue) } ?? -1)
                }
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(min(max(timeout, 0), 86_400) * 1e9))
                return .timedOut
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { return Ending.timedOut }
            return first
        }
        switch ending {
        case let .finished(status, stdout): return Result(status: status, stdout: stdout, timedOut: false, truncated: false)
        case .tooMuchOutput: return Result(status: 0, stdout: [], timedOut: false, truncated: true)
        case .timedOut: return Result(status: 128 + SIGKILL, stdout: [], timedOut: true, truncated: false)
        }
    }
}

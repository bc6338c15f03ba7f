import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a `credential_process` command with bounds: `/bin/sh -c COMMAND` in a process group of
/// its own, standard input from `/dev/null`, standard output and standard error drained together
/// (so neither pipe can fill and stall it), at most `outputLimit` bytes of output kept, and after
/// `timeout` seconds the whole group (the shell and everything it started) killed.
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

    /// Runs `command`, without blocking the caller's thread.
    static func run(_ command: String, timeout: Double = defaultTimeout) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            Thread.detachNewThread {
                do { continuation.resume(returning: try runBlocking(command, timeout: timeout)) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    static func runBlocking(_ command: String, timeout: Double) throws -> Result {
        var out: [Int32] = [-1, -1], err: [Int32] = [-1, -1]
        guard pipe(&out) == 0 else { throw SpawnError(code: errno) }
        guard pipe(&err) == 0 else {
            close(out[0]); close(out[1])
            throw SpawnError(code: errno)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        for fd in [out[0], out[1], err[0], err[1]] { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A process group of its own (pgid = its pid), so that a timeout kills all it started.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let words: [String] = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ)
        close(out[1])
        close(err[1])
        guard spawned == 0 else {
            close(out[0]); close(err[0])
            throw SpawnError(code: spawned)
        }
        defer { close(out[0]); close(err[0]) }
        for fd in [out[0], err[0]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }

        var stdout: [UInt8] = []
        var truncated = false
        var open = [out[0]: true, err[0]: true]
        let deadline = Date().timeIntervalSince1970 + timeout
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 65_536)
        // Drain both pipes until both are closed (the group has exited or closed them) or time is up.
        while open.values.contains(true) {
            let left = deadline - Date().timeIntervalSince1970
            if left <= 0 {
                timedOut = true
                break
            }
            var fds = open.filter(\.value).keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let n = poll(&fds, nfds_t(fds.count), Int32(min(left, 1) * 1000) + 1)
            if n < 0 && errno != EINTR { break }
            for p in fds where p.revents != 0 {
                let got = buffer.withUnsafeMutableBytes { read(p.fd, $0.baseAddress, $0.count) }
                if got > 0 {
                    if p.fd == out[0] {
                        let room = outputLimit - stdout.count
                        if got > room { truncated = true }
                        stdout.append(contentsOf: buffer[0..<min(got, max(0, room))])
                    }
                    // Standard error is read and dropped: it may hold anything, secrets included.
                } else if got == 0 || (errno != EAGAIN && errno != EINTR) {
                    open[p.fd] = false
                }
            }
        }
        if timedOut { kill(-pid, SIGKILL) }
        // Reap the shell; if it left the pipes open but is still running after they closed, the wait
        // is still bounded: the group is killed when the deadline passes.
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid || (r < 0 && errno != EINTR) { break }
            if Date().timeIntervalSince1970 >= deadline && !timedOut {
                timedOut = true
                kill(-pid, SIGKILL)
            }
            usleep(10_000)
        }
        if timedOut { kill(-pid, SIGKILL) }
        let exit: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(status: exit, stdout: stdout, timedOut: timedOut, truncated: truncated)
    }
}

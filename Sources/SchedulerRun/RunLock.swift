import AuditTrail
import AWSCore
import FileSafety
import Foundation
import HostingSchedule
import LockedValue
#if canImport(Glibc)
import Glibc
import Rendering
#endif

/// An exclusive `flock` on a lock file, so that two overlapping runs never act twice. The kernel
/// releases it when the process dies, however it dies.
public final class RunLock: Sendable {
    /// The lock file.
    public let path: String
    private let fd: Int32
    /// Whether the lock was given back (the descriptor is closed once).
    private let released = LockedValueBox(false)

    /// Why the lock could not be taken.
    public enum LockError: Error, Sendable, CustomStringConvertible {
        /// Another process holds it.
        case held(path: String, holder: String?)
        /// The lock file could not be opened.
        case unavailable(path: String, reason: String)

        public var description: String {
            switch self {
            case let .held(path, holder):
                return "another lookout-scheduler run holds the lock \(path)\(holder.map { " (\($0))" } ?? ""); this run did nothing"
            case let .unavailable(_, reason):
                return reason
            }
        }
    }

    /// Takes the lock without waiting.
    public init(path: String) throws(LockError) {
        self.path = path
        // Never through a symbolic link, never a FIFO or device, never a file others may write.
        let fd: Int32
        do {
            fd = try SafeFile.open(path, what: "the lock file", flags: O_RDWR, create: true, ownerOnly: true)
        } catch {
            throw .unavailable(path: path, reason: error.description)
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 128)
            let n = read(fd, &buffer, 127)
            close(fd)
            // Whatever the file holds is printed on one line, control characters escaped.
            let holder = n > 0 ? Printable.line(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines), limit: 120) : nil
            throw .held(path: path, holder: holder)
        }
        // The file is ours to overwrite only when it is empty or a lock of ours ("pid N since T"):
        // a file of the user's that happens to sit at LOG.lock is never truncated.
        var head = [UInt8](repeating: 0, count: 4)
        let got = pread(fd, &head, 4, 0)
        if got > 0 && Array(head.prefix(got)) != Array("pid ".utf8.prefix(got)) {
            flock(fd, LOCK_UN)
            close(fd)
            throw .unavailable(path: path, reason: "the lock file \(path) holds something that is not a lookout-scheduler lock; refusing to overwrite it (move it away, or give --log another path)")
        }
        self.fd = fd
        let text = "pid \(getpid()) since \(InstantFormat.utc(Int(Date().timeIntervalSince1970)))\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    /// Releases the lock (idempotent). Its holder calls this when its run is over; `deinit` is
    /// only the safety net.
    public func release() {
        released.withLockedValue { released in
            guard !released else { return }
            released = true
            flock(fd, LOCK_UN)
            close(fd)
        }
    }

    deinit { release() }
}

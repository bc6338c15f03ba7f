import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How the tool opens the files it creates or writes (the audit log, its lock and anchor, the
/// metrics file): never through a symbolic link (`O_NOFOLLOW`), never blocking on a FIFO
/// (`O_NONBLOCK` until `fstat` has shown a regular file), never a file that group or others may
/// write; and replaced atomically through a `mkstemp` temporary in the same directory.
public enum SafeFile {
    /// Why a file was refused or could not be written.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        /// The whole message: what, where, and why.
        public let description: String
        /// Why alone, for a caller that says what and where itself: `no such file`, `a FIFO, not
        /// a regular file`, `larger than 1 MiB`.
        public let problem: String
        public init(_ description: String, problem: String? = nil) {
            self.description = description
            self.problem = problem ?? description
        }
    }

    /// The size caps of the files the tool reads from outside, by kind (the README's table).
    public enum Limit {
        /// The rule file and each holiday file it includes: 8 MiB.
        public static let ruleFile = 8 << 20
        /// `~/.aws/config` and `~/.aws/credentials`: 1 MiB each.
        public static let sharedConfigFile = 1 << 20
        /// A CA bundle (`AWS_CA_BUNDLE`, `ca_bundle`): 8 MiB (the system's is about 200 KiB).
        public static let caBundle = 8 << 20
        /// The web identity token file: 64 KiB.
        public static let webIdentityToken = 64 << 10
        /// The container authorization token file: 16 KiB.
        public static let containerAuthorizationToken = 16 << 10
        /// An SSO token cache file: 1 MiB.
        public static let ssoTokenCache = 1 << 20
    }

    /// `8 MiB`, `64 KiB`, or a number of bytes.
    public static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    /// The problem an `open` errno names, in words.
    static func problem(errno e: Int32) -> String {
        switch e {
        case ENOENT: return "no such file"
        case EACCES: return "permission denied"
        default: return String(cString: strerror(e))
        }
    }

    /// What a file mode's type is, in words.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "a regular file"
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "not a regular file"
        }
    }

    /// Checks an existing path without opening it (`lstat`): absent is fine; a symbolic link,
    /// anything but a regular file, or (with `ownerOnly`) a file group or others may write is refused.
    public static func checkExisting(_ path: String, what: String, ownerOnly: Bool) throws(Refusal) {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            if errno == ENOENT { return }
            throw Refusal("cannot use \(what) \(path): \(String(cString: strerror(errno)))")
        }
        try check(st, path: path, what: what, ownerOnly: ownerOnly)
    }

    static func check(_ st: stat, path: String, what: String, ownerOnly: Bool) throws(Refusal) {
        if st.st_mode & S_IFMT == S_IFLNK {
            throw Refusal("\(what) \(path) is a symbolic link; refusing to follow it (give the real path)")
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw Refusal("\(what) \(path) is \(kind(st.st_mode)), not a regular file")
        }
        if ownerOnly && st.st_mode & 0o022 != 0 {
            throw Refusal("\(what) \(path) is writable by group or others (mode \(String(st.st_mode & 0o777, radix: 8))); make it owner-only: chmod go-w \(path)")
        }
    }

    /// Opens `path` with `flags` (plus `O_NOFOLLOW`, `O_CLOEXEC`; `O_CREAT` with mode 0600 when
    /// `create`), and answers the descriptor once `fstat` shows a regular file (owner-only
    /// writable when `ownerOnly`). A FIFO, a device or a directory never blocks: it is refused.
    public static func open(_ path: String, what: String, flags: Int32, create: Bool, ownerOnly: Bool) throws(Refusal) -> Int32 {
        let fd = Glibc.open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | (create ? O_CREAT : 0), 0o600)
        guard fd >= 0 else {
            let e = errno
            switch e {
            case ELOOP: throw Refusal("\(what) \(path) is a symbolic link; refusing to follow it (give the real path)")
            case EISDIR: throw Refusal("\(what) \(path) is a directory, not a regular file")
            case ENXIO, ENODEV, EWOULDBLOCK: throw Refusal("\(what) \(path) is not a regular file (a FIFO, socket or device)")
            default: throw Refusal("cannot open \(what) \(path): \(String(cString: strerror(e)))")
            }
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw Refusal("cannot examine \(what) \(path): \(why)")
        }
        do {
            try check(st, path: path, what: what, ownerOnly: ownerOnly)
        } catch {
            close(fd)
            throw error
        }
        // A regular file: blocking I/O from here on.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }

    /// Opens a file to read it, refusing anything but a regular file (a FIFO never blocks), and
    /// one larger than `maximumSize` bytes, before reading a byte. Every file the tool reads from
    /// outside comes through here (the caps by kind are `Limit`).
    public static func openForReading(_ path: String, what: String, maximumSize: Int? = nil) throws(Refusal) -> (fd: Int32, size: Int) {
        let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            let e = errno
            // A FIFO with no writer opens at once (O_NONBLOCK); a device or socket that cannot be opened says so.
            let problem = e == ENXIO || e == ENODEV ? "not a regular file (a FIFO, socket or device)" : SafeFile.problem(errno: e)
            throw Refusal("cannot open \(what) \(path): \(problem)", problem: problem)
        }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
            let kind = SafeFile.kind(st.st_mode)
            close(fd)
            throw Refusal("\(what) \(path) is \(kind), not a regular file", problem: "\(kind), not a regular file")
        }
        if let maximumSize, Int(st.st_size) > maximumSize {
            close(fd)
            throw Refusal("\(what) \(path) is \(st.st_size) bytes, larger than \(size(maximumSize))", problem: "larger than \(size(maximumSize))")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return (fd, Int(st.st_size))
    }

    /// Reads a whole regular file of at most `maximumSize` bytes (`openForReading`'s checks).
    public static func read(_ path: String, what: String, maximumSize: Int) throws(Refusal) -> [UInt8] {
        let (fd, size) = try openForReading(path, what: what, maximumSize: maximumSize)
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            done += n
        }
        return Array(bytes.prefix(done))
    }

    /// Replaces `path` with `bytes` atomically: a `mkstemp` temporary in the same directory,
    /// written, `fsync`ed, given `mode`, then `rename`d over the target. An existing target that is
    /// a symbolic link or not a regular file is refused (and left alone), unless `replacingLinks`:
    /// then a symbolic link is replaced by the new file (the rename never writes through it).
    public static func replace(_ path: String, with bytes: [UInt8], mode: mode_t, what: String,
                               replacingLinks: Bool = false) throws(Refusal) {
        if !replacingLinks { try checkExisting(path, what: what, ownerOnly: false) }
        let dir = (path as NSString).deletingLastPathComponent
        var template = Array(((dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Refusal("cannot write \(what) \(path): cannot create a temporary file in \(dir.isEmpty ? "." : dir): \(String(cString: strerror(errno)))") }
        let tmp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        func fail(_ why: String) -> Refusal {
            close(fd)
            unlink(tmp)
            return Refusal("cannot write \(what) \(path): \(why)")
        }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw fail(String(cString: strerror(errno))) }
            written += n
        }
        guard fchmod(fd, mode) == 0, fsync(fd) == 0 else { throw fail(String(cString: strerror(errno))) }
        close(fd)
        guard rename(tmp, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(tmp)
            throw Refusal("cannot write \(what) \(path): \(why)")
        }
    }
}

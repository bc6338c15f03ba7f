import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Files and directories the tool makes for itself and nothing else: a directory that is new or
/// empty, and files created only where none existed (`O_EXCL`), so nothing the user owns is ever
/// replaced, removed or re-anchored.
extension SafeFile {
    /// Makes `path` a directory the tool may fill: created (mode 0700, parents as needed) when
    /// absent; when present, it must be a real directory (not a symbolic link) holding nothing,
    /// else it is refused with what it holds, and left exactly as it was.
    public static func claimEmptyDirectory(_ path: String, what: String) throws(Refusal) {
        var st = stat()
        if lstat(path, &st) != 0 {
            guard errno == ENOENT else { throw Refusal("cannot use \(what) \(path): \(String(cString: strerror(errno)))") }
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw Refusal("cannot create \(what) \(path): \(error.localizedDescription)")
            }
            // Whatever made it (this process, or another one in between) must have left it empty.
            return try claimEmptyDirectory(path, what: what)
        }
        if st.st_mode & S_IFMT == S_IFLNK {
            throw Refusal("\(what) \(path) is a symbolic link; refusing to follow it (give the real path)")
        }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw Refusal("\(what) \(path) is \(kind(st.st_mode)), not a directory") }
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: path).sorted() } catch {
            throw Refusal("cannot read \(what) \(path): \(error.localizedDescription)")
        }
        guard entries.isEmpty else {
            let shown = entries.prefix(5).joined(separator: ", ") + (entries.count > 5 ? ", and \(entries.count - 5) more" : "")
            throw Refusal("\(what) \(path) is not empty (it holds \(shown)); nothing in it was touched: give a new or empty directory")
        }
    }

    /// Creates `path` with `bytes` (mode `mode`), refusing when anything already exists there:
    /// `O_CREAT | O_EXCL` never opens, truncates or follows what is in the way.
    public static func create(_ path: String, with bytes: [UInt8], mode: mode_t, what: String) throws(Refusal) {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else {
            let e = errno
            if e == EEXIST { throw Refusal("\(what) \(path) already exists; refusing to replace it") }
            throw Refusal("cannot create \(what) \(path): \(String(cString: strerror(e)))")
        }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Refusal("cannot write \(what) \(path): \(String(cString: strerror(errno)))") }
            written += n
        }
        guard fchmod(fd, mode) == 0, fsync(fd) == 0 else { throw Refusal("cannot write \(what) \(path): \(String(cString: strerror(errno)))") }
    }
}

import FileSafety
import Foundation
import LockedValue
import HostingSchedule
#if canImport(Glibc)
import Glibc
#endif

/// The host's time zone database: the compiled TZif files that the C library, cron, systemd and
/// `date` read, found as the C library finds them (`TZDIR` if set, else `/usr/share/zoneinfo`).
/// Each zone is read once per process (through `SafeFile`, size-bounded) and parsed by `TZif`.
///
/// On a host with no zone files at all (a minimal container without `tzdata`), the data built
/// into the binary answers instead, and `source` says so: it is as old as the toolchain.
public final class ZoneDatabase: Sendable {
    /// Where the zone rules come from.
    public enum Source: Sendable, Equatable {
        /// The host's TZif files in `directory`; `version` from its `tzdata.zi` or `+VERSION`.
        case host(directory: String, version: String?)
        /// The copy built into the binary (ICU's), because `directory` holds no zone files.
        case builtin(version: String, missingDirectory: String)
    }

    /// Where the zone rules come from.
    public let source: Source
    /// The directory's real path (symbolic links resolved), for the containment check.
    let realDirectory: String?

    private let cache = ZoneCache()

    /// The database in `directory`, or the built-in data when `directory` is not a directory.
    public init(directory: String) {
        var st = stat()
        if stat(directory, &st) == 0, st.st_mode & S_IFMT == S_IFDIR, ZoneDatabase.hasEntries(directory), let real = realpath(directory, nil) {
            realDirectory = String(cString: real)
            free(real)
            source = .host(directory: directory, version: ZoneDatabase.version(in: directory))
        } else {
            realDirectory = nil
            source = .builtin(version: TimeZone.timeZoneDataVersion, missingDirectory: directory)
        }
    }

    /// Whether a directory holds anything at all (an empty one has no zone files: the built-in
    /// data answers, as for a missing one).
    static func hasEntries(_ directory: String) -> Bool {
        guard let d = opendir(directory) else { return false }
        defer { closedir(d) }
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { return true }
        }
        return false
    }

    /// The directory the C library would read: `TZDIR` when set and not empty, else `/usr/share/zoneinfo`.
    public static func directory(environment: [String: String]) -> String {
        if let dir = environment["TZDIR"], !dir.isEmpty { return dir }
        return "/usr/share/zoneinfo"
    }

    /// One database per directory for the whole process.
    private static let shared = LockedValueBox<[String: ZoneDatabase]>([:])

    /// The host's database for this environment, one per directory for the whole process.
    public static func host(environment: [String: String] = ProcessInfo.processInfo.environment) -> ZoneDatabase {
        let dir = directory(environment: environment)
        return shared.withLockedValue { shared in
            if let db = shared[dir] { return db }
            let db = ZoneDatabase(directory: dir)
            shared[dir] = db
            return db
        }
    }

    /// `tzdata 2026f from /usr/share/zoneinfo`, or what is used instead and why.
    public var summary: String {
        switch source {
        case .host(let dir, let version):
            return "tzdata \(version ?? "(version unknown)") from \(ZoneDatabase.printable(dir, limit: 1024))"
        case .builtin(let version, let dir):
            return "built-in tzdata \(version) (no zone files in \(ZoneDatabase.printable(dir, limit: 1024)))"
        }
    }

    /// The notice to print once when the built-in data answers; nil when the host's files do.
    public var fallbackNotice: String? {
        guard case .builtin(let version, let dir) = source else { return nil }
        return "warning: time zones: no zone files in \(ZoneDatabase.printable(dir, limit: 1024)) (install the tzdata package, or set TZDIR); "
            + "using the data built into this binary, tzdata \(version), which may be older than your zones' rules"
    }

    /// The rules of zone `name` (`Europe/Berlin`), read and parsed on first use.
    public func rules(named name: String) throws(ZoneLookupError) -> ZoneRules {
        if let r = cache.get(name) { return r }
        try ZoneDatabase.checkName(name)
        let rules: ZoneRules
        switch source {
        case .host(let dir, _):
            rules = try load(name, directory: dir)
        case .builtin:
            if name == "UTC" {
                rules = .utc
            } else {
                guard let tz = TimeZone(identifier: name) else { throw .unknown(name: name, directory: nil) }
                rules = ZoneRules(builtin: tz, identifier: name)
            }
        }
        return cache.put(name, rules)
    }

    /// A zone name is one or more components of letters, digits, `.`, `_`, `+` and `-`, joined
    /// by `/`; none empty, none `.` or `..`, none starting with `.`; never an absolute path.
    public static func checkName(_ name: String) throws(ZoneLookupError) {
        if name.hasPrefix("/") { throw .notAName(name: name, why: "a path, not a time zone name") }
        guard !name.isEmpty, name.utf8.count <= 255 else { throw .notAName(name: name, why: "empty or longer than 255 bytes") }
        for component in name.split(separator: "/", omittingEmptySubsequences: false) {
            guard !component.isEmpty, !component.hasPrefix(".") else {
                throw .notAName(name: name, why: "it has an empty, '.' or '..' part (a name never leaves the zone directory)")
            }
            for u in component.utf8 {
                let ok = (u >= 0x41 && u <= 0x5A) || (u >= 0x61 && u <= 0x7A) || (u >= 0x30 && u <= 0x39)
                    || u == UInt8(ascii: "_") || u == UInt8(ascii: "-") || u == UInt8(ascii: "+") || u == UInt8(ascii: ".")
                guard ok else { throw .notAName(name: name, why: "it holds a character other than letters, digits, '_', '-', '+', '.' and '/'") }
            }
        }
    }

    /// Reads and parses `directory/name`, refusing a file whose real path leaves the directory.
    func load(_ name: String, directory: String) throws(ZoneLookupError) -> ZoneRules {
        let path = directory + "/" + name
        guard let real = realpath(path, nil) else {
            if errno == ENOENT || errno == ENOTDIR { throw .unknown(name: name, directory: directory) }
            throw .unusable(name: name, path: path, why: String(cString: strerror(errno)))
        }
        let resolved = String(cString: real)
        free(real)
        guard let base = realDirectory, resolved.hasPrefix(base.hasSuffix("/") ? base : base + "/") else {
            throw .notAName(name: name, why: "\(path) leads outside \(directory)")
        }
        let bytes: [UInt8]
        do {
            // The resolved path, so the file read is the one checked (a link swapped in between
            // the check and the read is never followed).
            bytes = try SafeFile.read(resolved, what: "zone file", maximumSize: TZif.maximumSize)
        } catch {
            throw .unusable(name: name, path: path, why: error.description)
        }
        do {
            return try TZif.parse(bytes, identifier: name)
        } catch {
            throw .unusable(name: name, path: path, why: error.description)
        }
    }

    /// The database's version: the first line of `tzdata.zi` (`# version 2026f`), else `+VERSION`.
    static func version(in directory: String) -> String? {
        func firstLine(_ file: String) -> String? {
            guard let (fd, _) = try? SafeFile.openForReading(directory + "/" + file, what: "zone database version file") else { return nil }
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: 128)
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            guard n > 0 else { return nil }
            let line = buffer[0..<n].prefix { $0 != 0x0A }
            return String(decoding: line, as: UTF8.self)
        }
        func plausible(_ v: Substring) -> String? {
            let v = v.trimmingCharacters(in: .whitespaces)
            guard !v.isEmpty, v.count <= 32, v.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
            return v
        }
        if let line = firstLine("tzdata.zi"), line.hasPrefix("# version ") {
            return plausible(line.dropFirst("# version ".count))
        }
        if let line = firstLine("+VERSION") { return plausible(Substring(line)) }
        return nil
    }
}

/// Why a zone name could not be used.
public enum ZoneLookupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name is not a zone name (a path, an escape from the directory, a bad character).
    case notAName(name: String, why: String)
    /// No such zone in the database (`directory` nil: the built-in data).
    case unknown(name: String, directory: String?)
    /// The zone's file exists but cannot be used: unreadable, too large, or not valid TZif.
    case unusable(name: String, path: String, why: String)

    public var description: String {
        switch self {
        case .notAName(let name, let why):
            return "'\(ZoneDatabase.printable(name))' is not a time zone name: \(why)"
        case .unknown(let name, let dir):
            return "unknown time zone '\(ZoneDatabase.printable(name))'"
                + (dir.map { " (no such zone file in \(ZoneDatabase.printable($0, limit: 1024)))" } ?? "")
        case .unusable(let name, let path, let why):
            return "time zone '\(ZoneDatabase.printable(name))': cannot use \(ZoneDatabase.printable(path, limit: 1024)): "
                + ZoneDatabase.printable(why, limit: 1024)
        }
    }
}

extension ZoneDatabase {
    /// A name from a user or a file, safe to quote: printable ASCII, clipped.
    /// (`TZDIR` is the operator's, but a terminal is no place for its control characters either.)
    static func printable(_ s: String, limit: Int = 80) -> String {
        var out = ""
        for u in s.unicodeScalars.prefix(limit) { out.unicodeScalars.append(u.value >= 0x20 && u.value < 0x7F ? u : "?") }
        return out
    }
}

/// The parsed zones of one database, shared by every thread of the process.
final class ZoneCache: Sendable {
    private let zones = LockedValueBox<[String: ZoneRules]>([:])

    func get(_ name: String) -> ZoneRules? { zones.withLockedValue { $0[name] } }

    func put(_ name: String, _ rules: ZoneRules) -> ZoneRules {
        zones.withLockedValue { zones in
            if let existing = zones[name] { return existing }
            zones[name] = rules
            return rules
        }
    }
}

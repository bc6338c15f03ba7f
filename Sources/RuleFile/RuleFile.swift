import Foundation
import HostingSchedule
import ZoneInfo

/// A loaded, validated rule file.
///
/// Loading never stops at the first problem: every error in the file (and in the holiday files it
/// includes) is collected and reported together, each as `path:line:column: error: message`.
public struct RuleFile: Sendable {
    /// The path the file was loaded from.
    public let path: String
    /// The rules and schedules, ready for the evaluator.
    public let ruleSet: RuleSet
    /// Things that are allowed but probably not meant (shadowed rules, schedules that never host).
    public let warnings: [Diagnostic]
    /// The holiday files the rule file included, as resolved paths.
    public let includedFiles: [String]
    /// Holiday names, from holiday files that map dates to names (`2026-12-25: Christmas Day`);
    /// dates listed without a name are not here.
    public var holidayNames: [LocalDate: String] = [:]
    /// The time zone database whose rules the schedules use (`tzdata 2026f from /usr/share/zoneinfo`).
    public var zoneDatabase: String = ""

    /// Reads a file's text; the seam through which the loader does its only I/O.
    public typealias FileReader = @Sendable (String) throws -> String

    /// Reads a UTF-8 file from disk: a regular file (a FIFO, device or directory is refused and
    /// never waited on: opened with `O_NONBLOCK`, then `fstat`), no larger than
    /// `maximumFileSize` (refused before a byte is read).
    public static let diskReader: FileReader = { path in
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            switch errno {
            case ENOENT: throw CocoaError(.fileReadNoSuchFile)
            case EACCES: throw CocoaError(.fileReadNoPermission)
            default: throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno))
            }
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno)) }
        guard st.st_mode & S_IFMT == S_IFREG else { throw NotARegularFile(mode: st.st_mode) }
        guard Int(st.st_size) <= RuleFile.maximumFileSize else { throw CocoaError(.fileReadTooLarge) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        // Read at most one byte more than the limit: a file that grew since fstat is still refused.
        var data = [UInt8](repeating: 0, count: RuleFile.maximumFileSize + 1)
        var count = 0
        while count < data.count {
            let n = data.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno)) }
            if n == 0 { break }
            count += n
        }
        guard count <= RuleFile.maximumFileSize else { throw CocoaError(.fileReadTooLarge) }
        guard let text = String(validating: data[0..<count], as: UTF8.self) else { throw CocoaError(.fileReadInapplicableStringEncoding) }
        return text
    }

    /// A path that names a FIFO, a device, a directory or a socket.
    struct NotARegularFile: Error {
        let mode: mode_t
        var description: String {
            switch mode & S_IFMT {
            case S_IFDIR: return "a directory, not a regular file"
            case S_IFIFO: return "a FIFO, not a regular file"
            case S_IFCHR, S_IFBLK: return "a device, not a regular file"
            default: return "not a regular file"
            }
        }
    }

    /// Files larger than this are refused (a rule file is a few kilobytes; this is 8 MiB).
    public static let maximumFileSize = 8 << 20

    /// Loads and validates the rule file at `path`.
    /// `now`, when given, is the instant time-dependent warnings are judged at (an expired override).
    /// Zones come from `zones` (default: the host's database, as the C library finds it).
    public static func load(path: String, now: Int? = nil, readFile: @escaping FileReader = RuleFile.diskReader,
                            zones: ZoneDatabase = .host()) throws(RuleFileError) -> RuleFile {
        let text: String
        do {
            text = try readFile(path)
        } catch {
            throw RuleFileError(diagnostics: [Diagnostic(severity: .error, path: path, line: 1, column: 1,
                                                         message: "cannot read the rule file: \(RuleFile.describe(error))")])
        }
        return try parse(yaml: text, path: path, now: now, readFile: readFile, zones: zones)
    }

    /// Validates rule-file text; `path` is used in messages and to resolve included files.
    public static func parse(yaml: String, path: String, now: Int? = nil, readFile: @escaping FileReader = RuleFile.diskReader,
                             zones: ZoneDatabase = .host()) throws(RuleFileError) -> RuleFile {
        let parser = RuleFileParser(path: path, yaml: yaml, readFile: readFile, zones: zones)
        parser.now = now
        let result = parser.parse()
        let sorted = parser.diagnostics.sorted(by: RuleFile.fileOrder)
        guard let ruleSet = result, !sorted.contains(where: { $0.severity == .error }) else {
            throw RuleFileError(diagnostics: sorted)
        }
        return RuleFile(path: path, ruleSet: ruleSet, warnings: sorted, includedFiles: parser.includedFiles,
                        holidayNames: parser.holidayNames, zoneDatabase: zones.summary)
    }

    static func fileOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.path != b.path { return a.path < b.path }
        return (a.line, a.column) < (b.line, b.column)
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? NotARegularFile { return e.description }
        if let e = error as? CocoaError {
            switch e.code {
            case .fileReadNoSuchFile: return "no such file"
            case .fileReadNoPermission: return "permission denied"
            case .fileReadTooLarge: return "larger than \(maximumFileSize >> 20) MiB"
            case .fileReadInapplicableStringEncoding: return "not UTF-8 text"
            default: break
            }
        }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(ns.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}

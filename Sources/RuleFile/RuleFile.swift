import FileSafety
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

    /// `defaults.events`: the EventBridge bus the run tells of its actions (nil: no events).
    public var events: EventsSetting?

    /// Reads a file's text; the seam through which the loader does its only I/O.
    public typealias FileReader = @Sendable (String) throws -> String

    /// Reads a UTF-8 file from disk through `SafeFile` (as every file the tool reads): a regular
    /// file (a FIFO, device or directory is refused and never waited on), no larger than
    /// `maximumFileSize` (refused before a byte is read).
    public static let diskReader: FileReader = { path in
        let bytes = try SafeFile.read(path, what: "the file", maximumSize: RuleFile.maximumFileSize)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw CocoaError(.fileReadInapplicableStringEncoding) }
        return text
    }

    /// Files larger than this are refused (a rule file is a few kilobytes; this is 8 MiB).
    public static let maximumFileSize = SafeFile.Limit.ruleFile

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
        var file = RuleFile(path: path, ruleSet: ruleSet, warnings: sorted, includedFiles: parser.includedFiles,
                            holidayNames: parser.holidayNames, zoneDatabase: zones.summary)
        file.events = parser.events
        return file
    }

    static func fileOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.path != b.path { return a.path < b.path }
        return (a.line, a.column) < (b.line, b.column)
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? SafeFile.Refusal { return e.problem }
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

import FileSafety
import Foundation

/// The AWS shared config and credentials files (`~/.aws/config`, `~/.aws/credentials`), read the
/// way the AWS CLI reads them: INI sections, `[name]` in the credentials file and `[profile name]`
/// (or `[default]`) in the config file; `key = value` lines; `#` and `;` comments; values in the
/// credentials file win over the config file's for the same profile.
public struct SharedConfigFiles: Sendable {
    /// Settings of each profile, by profile name.
    public private(set) var profiles: [String: [String: String]] = [:]
    /// The files that were found and read.
    public private(set) var filesRead: [String] = []
    /// The `[sso-session NAME]` sections of the config file, by name.
    public private(set) var ssoSessions: [String: [String: String]] = [:]
    /// Files that exist but were refused (not a regular file, over the size cap, unreadable, not
    /// UTF-8), each with why: a configuration error, never a file silently passed over.
    public private(set) var refused: [String] = []

    /// Reads the files named by `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, or the
    /// defaults under `HOME`. Missing files are not an error.
    public init(environment: [String: String]) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let config = environment["AWS_CONFIG_FILE"].map(SharedConfigFiles.expand(home)) ?? "\(home)/.aws/config"
        let credentials = environment["AWS_SHARED_CREDENTIALS_FILE"].map(SharedConfigFiles.expand(home)) ?? "\(home)/.aws/credentials"
        if let text = read(config, what: "the shared config file") {
            filesRead.append(config)
            let sections = SharedConfigFiles.parseSections(text, isConfigFile: true)
            merge(sections.profiles)
            ssoSessions = sections.ssoSessions
        }
        if let text = read(credentials, what: "the shared credentials file") {
            filesRead.append(credentials)
            merge(SharedConfigFiles.parse(text, isConfigFile: false))
        }
    }

    /// Builds from file texts directly (tests).
    public init(config: String?, credentials: String?) {
        if let config {
            let sections = SharedConfigFiles.parseSections(config, isConfigFile: true)
            merge(sections.profiles)
            ssoSessions = sections.ssoSessions
        }
        if let credentials { merge(SharedConfigFiles.parse(credentials, isConfigFile: false)) }
    }

    /// The settings of `profile`, or nil when no file defines it.
    public func profile(_ name: String) -> [String: String]? { profiles[name] }

    /// The settings of the config file's `[sso-session NAME]` section, or nil when there is none.
    public func ssoSession(_ name: String) -> [String: String]? { ssoSessions[name] }

    private mutating func merge(_ parsed: [String: [String: String]]) {
        for (name, values) in parsed {
            profiles[name, default: [:]].merge(values) { _, new in new }
        }
    }

    static func expand(_ home: String) -> (String) -> String {
        { $0.hasPrefix("~/") ? home + $0.dropFirst(1) : $0 }
    }

    /// A shared file's text: a regular file of at most 1 MiB (a FIFO is never waited on); nil when
    /// it is missing, and nil with the reason in `refused` when it exists but cannot be used.
    mutating func read(_ path: String, what: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 || errno != ENOENT else { return nil }
        // `AWS_CONFIG_FILE=/dev/null`, the usual way to say "no such file" (the demo does): no file.
        if st.st_mode & S_IFMT == S_IFCHR, let real = realpath(path, nil) {
            defer { free(real) }
            if String(cString: real) == "/dev/null" { return nil }
        }
        do {
            let bytes = try SafeFile.read(path, what: what, maximumSize: SafeFile.Limit.sharedConfigFile)
            guard let text = String(bytes: bytes, encoding: .utf8) else {
                refused.append("\(what) \(path) is not UTF-8 text")
                return nil
            }
            return text
        } catch {
            refused.append(error.description)
            return nil
        }
    }

    /// Parses INI text into profile settings.
    static func parse(_ text: String, isConfigFile: Bool) -> [String: [String: String]] {
        parseSections(text, isConfigFile: isConfigFile).profiles
    }

    /// Parses INI text into profile settings and, in the config file, `[sso-session NAME]` sections.
    static func parseSections(_ text: String, isConfigFile: Bool = true) -> (profiles: [String: [String: String]], ssoSessions: [String: [String: String]]) {
        var out: [String: [String: String]] = [:]
        var sessions: [String: [String: String]] = [:]
        var currentSession: String?
        var current: String?
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                currentSession = nil
                guard let close = line.firstIndex(of: "]") else { current = nil; continue }
                var name = line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                if isConfigFile {
                    if name.hasPrefix("profile ") {
                        name = String(name.dropFirst("profile ".count)).trimmingCharacters(in: .whitespaces)
                    } else if name.hasPrefix("sso-session ") {
                        let session = String(name.dropFirst("sso-session ".count)).trimmingCharacters(in: .whitespaces)
                        currentSession = session
                        sessions[session, default: [:]] = sessions[session] ?? [:]
                        current = nil
                        continue
                    } else if name != "default" {
                        // `[services x]` and the like are not profiles.
                        current = nil
                        continue
                    }
                }
                current = name
                out[name, default: [:]] = out[name] ?? [:]
                continue
            }
            // Indented lines continue a sub-section (`s3 =` blocks); they are not profile keys.
            if raw.first == " " || raw.first == "\t" { continue }
            guard current != nil || currentSession != nil, let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            // Inline comments need a space before them, as in the AWS CLI.
            for marker in [" #", " ;"] {
                if let r = value.range(of: marker) { value = value[..<r.lowerBound].trimmingCharacters(in: .whitespaces) }
            }
            if let session = currentSession { sessions[session]![key] = value } else { out[current!]![key] = value }
        }
        return (out, sessions)
    }
}

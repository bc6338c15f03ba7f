import Foundation
import Hashing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The AWS CLI's SSO token cache: `~/.aws/sso/cache/<name>.json`, written by `aws sso login`.
/// The file is named by the SHA-1 (hex) of the `sso_session` name, or of the start URL for a
/// legacy profile without `sso_session` (botocore's `SSOTokenLoader._generate_cache_key`).
public enum SSOTokenCache {
    /// `~/.aws/sso/cache` under `HOME`.
    public static func directory(environment: [String: String]) -> String {
        (environment["HOME"] ?? NSHomeDirectory()) + "/.aws/sso/cache"
    }

    /// The cache file's name: `sha1(sessionName ?? startURL)` in hex, then `.json`.
    public static func fileName(sessionName: String?, startURL: String) -> String {
        Digest.hex(Digest.sha1(Array((sessionName ?? startURL).utf8))) + ".json"
    }

    /// A cached token document. Every key is kept as read, so that writing it back loses nothing.
    public struct Entry: Sendable, Equatable {
        /// The document's keys.
        public var fields: [String: JSONValue]

        public init(fields: [String: JSONValue]) { self.fields = fields }

        public var accessToken: String? { fields["accessToken"]?.string }
        /// `expiresAt`, seconds since the epoch.
        public var expiresAt: Double? { fields["expiresAt"]?.string.flatMap(ISO8601.parse) }
        public var refreshToken: String? { fields["refreshToken"]?.string }
        public var clientId: String? { fields["clientId"]?.string }
        public var clientSecret: String? { fields["clientSecret"]?.string }
        /// `registrationExpiresAt`, seconds since the epoch.
        public var registrationExpiresAt: Double? { fields["registrationExpiresAt"]?.string.flatMap(ISO8601.parse) }
    }

    /// Reads a cache file; nil when it is missing or not a JSON object.
    public static func read(_ path: String) -> Entry? {
        guard let data = FileManager.default.contents(atPath: path), let object = JSONValue.parseObject(Array(data)) else { return nil }
        return Entry(fields: object)
    }

    /// Writes `entry` to `path` atomically, readable by the owner only: a new file made with
    /// `mkstemp` in the same directory (created exclusively, so never through a symlink), written,
    /// `fsync`ed, set to 0600, then renamed over `path` (a rename replaces a symlink, never its target).
    public static func write(_ entry: Entry, to path: String) throws(CredentialError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(JSONValue.object(entry.fields)) else {
            throw CredentialError("cannot encode the SSO token cache")
        }
        let directory = (path as NSString).deletingLastPathComponent
        var template = Array("\(directory)/.sso-token-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw CredentialError("cannot write the SSO token cache in \(directory): \(String(cString: strerror(errno)))") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        func fail(_ what: String) -> CredentialError {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return CredentialError("cannot write the SSO token cache \(path): \(what): \(reason)")
        }
        guard fchmod(fd, 0o600) == 0 else { close(fd); throw fail("chmod") }
        do {
            try FileHandle(fileDescriptor: fd, closeOnDealloc: false).write(contentsOf: data)
        } catch {
            close(fd)
            unlink(temporary)
            throw CredentialError("cannot write the SSO token cache \(path)")
        }
        guard fsync(fd) == 0 else { close(fd); throw fail("fsync") }
        close(fd)
        guard rename(temporary, path) == 0 else { throw fail("rename") }
    }

    /// `2026-11-29T12:00:00Z`, the format the AWS CLI writes.
    static func timestamp(_ seconds: Double) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: seconds.rounded(.down)))
    }
}

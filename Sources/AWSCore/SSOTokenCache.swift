import FileSafety
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
        // A regular file of at most 1 MiB (a FIFO there is refused, never waited on).
        guard let data = try? SafeFile.read(path, what: "the SSO token cache", maximumSize: SafeFile.Limit.ssoTokenCache),
              let object = JSONValue.parseObject(data) else { return nil }
        return Entry(fields: object)
    }

    /// Writes `entry` to `path` atomically, readable by the owner only (`SafeFile.replace`: a
    /// `mkstemp` temporary in the same directory, 0600, renamed over `path`; a symlink there is
    /// replaced, never written through, as the AWS CLI's own cache write would).
    public static func write(_ entry: Entry, to path: String) throws(CredentialError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(JSONValue.object(entry.fields)) else {
            throw CredentialError("cannot encode the SSO token cache")
        }
        do {
            try SafeFile.replace(path, with: Array(data), mode: 0o600, what: "the SSO token cache", replacingLinks: true)
        } catch {
            throw CredentialError(error.description)
        }
    }

    /// Takes an exclusive `flock` on `<cache file>.lock` (made owner-only through `SafeFile`), so
    /// that concurrent runs refreshing the same token take turns: the first refreshes, the others
    /// find its token in the cache. Waits at most `seconds` (polling, so the caller's deadline
    /// and cancellation still apply); nil when the lock cannot be made or had in time, and the
    /// caller goes on without it. Closing the descriptor releases the lock.
    public static func lock(_ path: String, waitingUpTo seconds: Double = 10) async -> Int32? {
        guard let fd = try? SafeFile.open(path + ".lock", what: "the SSO token cache lock", flags: O_RDWR, create: true, ownerOnly: true) else {
            return nil
        }
        let until = Date().timeIntervalSince1970 + seconds
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if Date().timeIntervalSince1970 >= until || Task.isCancelled {
                close(fd)
                return nil
            }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return fd
    }

    /// `2026-11-29T12:00:00Z`, the format the AWS CLI writes.
    static func timestamp(_ seconds: Double) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: seconds.rounded(.down)))
    }
}

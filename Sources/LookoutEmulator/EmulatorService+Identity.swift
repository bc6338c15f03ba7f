import Foundation
import ServiceVocabulary
import Hashing

/// Temporary credentials: the hook that sends STS, SSO portal and SSO OIDC requests to their
/// handlers (`+STS`, `+SSO`), and what they share: issuing credentials, knowing who signed.
extension EmulatorService {
    /// The answer of an identity service, or nil for a Lookout for Vision request. STS is
    /// `POST /` with a form body; the SSO portal `GET /federation/credentials`; SSO OIDC `POST /token`.
    func identityService(_ request: EmulatorRequest, path: String, query: String, at t: Double) -> EmulatorAction? {
        switch (request.httpMethod, path) {
        case (.post, "/") where request.header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true:
            return sts(request, path: path, query: query, at: t)
        case (.get, "/federation/credentials"):
            return ssoGetRoleCredentials(request, query: query, at: t)
        case (.post, "/token"):
            return ssoCreateToken(request, at: t)
        default:
            return nil
        }
    }

    /// Every temporary credential issued so far (tests).
    public var issuedCredentials: [IssuedCredential] {
        state.withLockedValue { Array($0.identity.issued.values) }.sorted { $0.expiration < $1.expiration }
    }

    /// The secret, session token and expiration of issued credentials.
    func issuedSecret(_ accessKeyId: String) -> (secret: String, token: String?, expiration: Double?)? {
        state.withLockedValue { $0.identity.issued[accessKeyId] }.map { ($0.secretAccessKey, $0.sessionToken, $0.expiration) }
    }

    /// Who signed with `accessKeyId`: its ARN, and the role it holds (nil for the configured keys).
    func caller(_ accessKeyId: String) -> (arn: String, roleArn: String?, userId: String, account: String) {
        if let issued = state.withLockedValue({ $0.identity.issued[accessKeyId] }) {
            let parts = issued.assumedRoleArn.split(separator: ":", omittingEmptySubsequences: false)
            let account = parts.count > 4 ? String(parts[4]) : self.account
            return (issued.assumedRoleArn, issued.roleArn, EmulatorService.roleId(issued.roleArn) + ":" + (issued.assumedRoleArn.split(separator: "/").last.map(String.init) ?? ""), account)
        }
        return ("arn:aws:iam::\(account):user/emulator", nil, accessKeyId, account)
    }

    /// New temporary credentials for `roleArn`, registered so that every operation accepts them.
    func issue(roleArn: String, account: String, roleName: String, session: String, seconds: Int, at t: Double) -> IssuedCredential {
        let issued = IssuedCredential(
            accessKeyId: "ASIA" + EmulatorService.randomString(16, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
            secretAccessKey: EmulatorService.randomString(40, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
            sessionToken: "IQoJb3JpZ2luX2Vj" + EmulatorService.randomString(180, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
            roleArn: roleArn, assumedRoleArn: "arn:aws:sts::\(account):assumed-role/\(roleName)/\(session)",
            expiration: (t + Double(seconds)).rounded(.down))
        state.withLockedValue { $0.identity.issued[issued.accessKeyId] = issued }
        return issued
    }

    /// A stable role id for an ARN (`AROA` and 17 characters), as IAM gives every role one.
    static func roleId(_ arn: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        return "AROA" + String(Digest.sha256(Array(arn.utf8)).prefix(17).map { alphabet[Int($0) % alphabet.count] })
    }

    static func randomString(_ count: Int, alphabet: String) -> String {
        let letters = Array(alphabet)
        return String((0..<count).map { _ in letters.randomElement()! })
    }

    /// `2026-11-29T12:00:00Z`.
    static func isoTimestamp(_ t: Double) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: t))
    }
}

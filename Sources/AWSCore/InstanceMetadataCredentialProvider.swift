import Foundation
import ServiceVocabulary
import SigV4

/// EC2 instance metadata, IMDSv2: a session token from `PUT /latest/api/token`, then the role name
/// and its credentials from `/latest/meta-data/iam/security-credentials/`. Off when
/// `AWS_EC2_METADATA_DISABLED=true`. The endpoint is `AWS_EC2_METADATA_SERVICE_ENDPOINT` or
/// `http://169.254.169.254`.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    let environment: [String: String]
    let transport: any HTTPTransport
    public let name = "instance metadata (IMDSv2)"

    public init(environment: [String: String], transport: any HTTPTransport) {
        self.environment = environment
        self.transport = transport
    }

    var endpoint: String {
        var e = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254"
        while e.hasSuffix("/") { e.removeLast() }
        return e
    }

    public func credentials() async throws -> Credentials? {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
        if let problem = URLPort.problem(in: endpoint) {
            throw CredentialError("AWS_EC2_METADATA_SERVICE_ENDPOINT cannot be used: \(problem)")
        }
        let tokenResponse: HTTPResponse
        do {
            tokenResponse = try await transport.send(
                HTTPRequest(method: HTTPMethod.put.rawValue, url: endpoint + "/latest/api/token", headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")]),
                timeout: 1)
        } catch {
            // Not on EC2 (or no metadata service reachable): not an error of this source.
            return nil
        }
        guard tokenResponse.status == 200 else { return nil }
        let token = String(decoding: tokenResponse.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let auth: [(name: String, value: String)] = [("X-aws-ec2-metadata-token", token)]
        let base = endpoint + "/latest/meta-data/iam/security-credentials/"
        let roleResponse = try await get(base, headers: auth)
        guard roleResponse.status == 200 else {
            if roleResponse.status == 404 { return nil }  // no instance profile attached
            throw CredentialError("instance metadata answered HTTP \(roleResponse.status) for the role name")
        }
        let role = String(decoding: roleResponse.body, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !role.isEmpty else { return nil }
        let credentialResponse = try await get(base + role, headers: auth)
        guard credentialResponse.status == 200 else {
            throw CredentialError("instance metadata answered HTTP \(credentialResponse.status) for the credentials of role \(role)")
        }
        return try TemporaryCredentialsDocument.decode(credentialResponse.body, source: "instance metadata")
    }

    private func get(_ url: String, headers: [(name: String, value: String)]) async throws -> HTTPResponse {
        do {
            return try await transport.send(HTTPRequest(method: HTTPMethod.get.rawValue, url: url, headers: headers), timeout: 2)
        } catch {
            throw CredentialError("instance metadata did not answer: \(error)")
        }
    }
}


import FileSafety
import Foundation
import Rendering
import ServiceVocabulary
import SigV4

/// ECS and EKS (Pod Identity) container credentials: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
/// (on 169.254.170.2) or `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with the authorization token from
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN` or the file named by `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`.
///
/// As in the AWS SDKs, a full URI over plain HTTP must name a host the SDKs allow (`ContainerEndpoint`:
/// loopback, the ECS and EKS container addresses); any other host needs HTTPS. A refused URI is an
/// error before any request is made.
public struct ContainerCredentialProvider: CredentialProvider {
    let environment: [String: String]
    let transport: any HTTPTransport
    public let name = "container"

    public init(environment: [String: String], transport: any HTTPTransport) {
        self.environment = environment
        self.transport = transport
    }

    /// The endpoint to ask, nil when the container variables are not set, or an error when the
    /// URI is one the SDKs would refuse.
    func endpoint() throws(CredentialError) -> String? {
        let url: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            url = try ContainerEndpoint.relative(relative)
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty {
            if let problem = URLPort.problem(in: full) {
                throw CredentialError("AWS_CONTAINER_CREDENTIALS_FULL_URI (or _RELATIVE_URI) cannot be used: \(problem)")
            }
            url = try ContainerEndpoint.full(full)
        } else {
            return nil
        }
        if let problem = URLPort.problem(in: url) {
            throw CredentialError("AWS_CONTAINER_CREDENTIALS_FULL_URI (or _RELATIVE_URI) cannot be used: \(problem)")
        }
        return url
    }

    /// The `Authorization` header's value, if any: from the token file (through `SafeFile`,
    /// read again at every refresh) or the variable. A token that holds a line break is refused.
    func authorization() throws(CredentialError) -> String? {
        let token: String
        if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !file.isEmpty {
            do {
                let bytes = try SafeFile.read(file, what: "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", maximumSize: SafeFile.Limit.containerAuthorizationToken)
                token = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw CredentialError(Printable.line(error.description))
            }
            guard Printable.isClean(token) else {
                throw CredentialError("the container authorization token in AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE holds a line break or control character; refusing to send it")
            }
        } else if let value = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !value.isEmpty {
            guard Printable.isClean(value) else {
                throw CredentialError("AWS_CONTAINER_AUTHORIZATION_TOKEN holds a line break or control character; refusing to send it")
            }
            token = value
        } else {
            return nil
        }
        return token.isEmpty ? nil : token
    }

    public func credentials() async throws -> Credentials? {
        guard let endpoint = try endpoint() else { return nil }
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let token = try authorization() { headers.append(("Authorization", token)) }
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(method: HTTPMethod.get.rawValue, url: endpoint, headers: headers), timeout: 2)
        } catch {
            throw CredentialError("container credentials endpoint \(Printable.url(endpoint)) did not answer: \(Printable.line("\(error)"))")
        }
        guard response.status == 200 else {
            throw CredentialError("container credentials endpoint \(Printable.url(endpoint)) answered HTTP \(response.status)")
        }
        return try TemporaryCredentialsDocument.decode(response.body, source: "container credentials endpoint")
    }
}

/// The JSON document of the container and instance-metadata endpoints.
enum TemporaryCredentialsDocument {
    struct Body: Decodable {
        let AccessKeyId: String
        let SecretAccessKey: String
        let Token: String?
        let Expiration: String?
        let Code: String?
    }

    static func decode(_ bytes: [UInt8], source: String) throws -> Credentials {
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(bytes)) else {
            throw CredentialError("\(source) answered with an unexpected document")
        }
        if let code = body.Code, code != "Success" { throw CredentialError("\(source) answered Code \(Printable.line(code, limit: 100))") }
        return Credentials(accessKeyId: body.AccessKeyId, secretAccessKey: body.SecretAccessKey, sessionToken: body.Token,
                           expiration: body.Expiration.flatMap(ISO8601.parse))
    }
}

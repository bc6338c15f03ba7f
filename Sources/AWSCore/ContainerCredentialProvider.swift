import Foundation
import SigV4

/// ECS and EKS (Pod Identity) container credentials: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
/// (on 169.254.170.2) or `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with the authorization token from
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN` or the file named by `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`.
public struct ContainerCredentialProvider: CredentialProvider {
    let environment: [String: String]
    let transport: any HTTPTransport
    public let name = "container"

    public init(environment: [String: String], transport: any HTTPTransport) {
        self.environment = environment
        self.transport = transport
    }

    /// The endpoint to ask, or nil when the container variables are not set.
    var endpoint: String? {
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            return "http://169.254.170.2" + relative
        }
        if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty { return full }
        return nil
    }

    public func credentials() async throws -> Credentials? {
        guard let endpoint else { return nil }
        if let problem = URLPort.problem(in: endpoint) {
            throw CredentialError("AWS_CONTAINER_CREDENTIALS_FULL_URI (or _RELATIVE_URI) cannot be used: \(problem)")
        }
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !file.isEmpty {
            guard let token = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw CredentialError("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (\(file))")
            }
            headers.append(("Authorization", token.trimmingCharacters(in: .whitespacesAndNewlines)))
        } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !token.isEmpty {
            headers.append(("Authorization", token))
        }
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(method: "GET", url: endpoint, headers: headers), timeout: 2)
        } catch {
            throw CredentialError("container credentials endpoint \(endpoint) did not answer: \(error)")
        }
        guard response.status == 200 else {
            throw CredentialError("container credentials endpoint \(endpoint) answered HTTP \(response.status)")
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
        if let code = body.Code, code != "Success" { throw CredentialError("\(source) answered Code \(code)") }
        return Credentials(accessKeyId: body.AccessKeyId, secretAccessKey: body.SecretAccessKey, sessionToken: body.Token,
                           expiration: body.Expiration.flatMap(ISO8601.parse))
    }
}

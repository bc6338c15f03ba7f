import Foundation
import ServiceVocabulary

/// IAM Identity Center's OIDC service (REST-JSON, unsigned): `CreateToken` with the
/// `refresh_token` grant, as botocore refreshes a cached SSO token.
public struct SSOOIDCClient: Sendable {
    /// Region and endpoint (`https://oidc.REGION.amazonaws.com`, `AWS_ENDPOINT_URL_SSO_OIDC`), or why not.
    public let configuration: Result<ServiceConfiguration, AWSError>
    let transport: any HTTPTransport
    let options: AWSServiceClient.Options

    /// A client for `region` (the session's `sso_region`).
    public init(region: String, environment: [String: String], files: SharedConfigFiles, profile: String?,
                transport: any HTTPTransport, options: AWSServiceClient.Options = STSClient.defaultOptions) {
        configuration = SSOOIDCClient.resolve(service: "SSO_OIDC", prefix: "oidc", region: region, environment: environment,
                                              files: files, profile: profile)
        self.transport = transport
        self.options = options
    }

    /// A new access token.
    public struct Token: Sendable, Equatable {
        public var accessToken: String
        /// Seconds it lasts.
        public var expiresIn: Double
        /// The new refresh token, when the service rotated it.
        public var refreshToken: String?
    }

    /// `CreateToken` (`POST /token`) with `grantType: refresh_token`.
    public func refresh(clientId: String, clientSecret: String, refreshToken: String) async throws(AWSError) -> Token {
        let client = AWSServiceClient(signingName: "sso-oauth", configuration: try configuration.get(), credentials: NoCredentialProvider(),
                                      transport: transport, options: options)
        let body: JSONValue = .object(["clientId": .string(clientId), "clientSecret": .string(clientSecret),
                                       "grantType": .string("refresh_token"), "refreshToken": .string(refreshToken)])
        let encoded = (try? JSONEncoder().encode(body)).map(Array.init) ?? []
        let reply = try await client.send(CredentialOperation.createToken, method: .post, path: "/token",
                                          headers: [("Content-Type", "application/json")], body: encoded, signed: false)
        guard let object = JSONValue.parseObject(reply.response.body), let access = object["accessToken"]?.string,
              let expiresIn = object["expiresIn"]?.number else {
            throw AWSError(code: .invalidResponse, message: "SSO OIDC answered CreateToken without accessToken and expiresIn",
                           status: reply.response.status, requestId: reply.requestId, attempts: reply.attempts)
        }
        return Token(accessToken: access, expiresIn: expiresIn, refreshToken: object["refreshToken"]?.string)
    }

    /// `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's `endpoint_url`, else the regional endpoint.
    static func resolve(service: String, prefix: String, region: String, environment: [String: String], files: SharedConfigFiles,
                        profile: String?) -> Result<ServiceConfiguration, AWSError> {
        do {
            return .success(try ServiceConfiguration.resolve(service: service, endpointPrefix: prefix, regionFlag: region, profile: profile,
                                                             environment: environment, files: files))
        } catch {
            return .failure(AWSError(code: .configurationError, message: "\(service): \(error.description)"))
        }
    }
}

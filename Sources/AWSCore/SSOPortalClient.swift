import Foundation
import ServiceVocabulary
import SigV4

/// The IAM Identity Center portal (REST-JSON, bearer token, unsigned): `GetRoleCredentials`.
public struct SSOPortalClient: Sendable {
    /// Region and endpoint (`https://portal.sso.REGION.amazonaws.com`, `AWS_ENDPOINT_URL_SSO`), or why not.
    public let configuration: Result<ServiceConfiguration, AWSError>
    let transport: any HTTPTransport
    let options: AWSServiceClient.Options

    /// A client for `region` (the session's `sso_region`).
    public init(region: String, environment: [String: String], files: SharedConfigFiles, profile: String?,
                transport: any HTTPTransport, options: AWSServiceClient.Options = STSClient.defaultOptions) {
        configuration = SSOOIDCClient.resolve(service: "SSO", prefix: "portal.sso", region: region, environment: environment,
                                              files: files, profile: profile)
        self.transport = transport
        self.options = options
    }

    /// `GET /federation/credentials?account_id=...&role_name=...` with `x-amz-sso_bearer_token`.
    public func getRoleCredentials(accountId: String, roleName: String, accessToken: String) async throws(AWSError) -> Credentials {
        let client = AWSServiceClient(signingName: "awsssoportal", configuration: try configuration.get(), credentials: NoCredentialProvider(),
                                      transport: transport, options: options)
        let reply = try await client.send(CredentialOperation.getRoleCredentials, method: .get, path: "/federation/credentials",
                                          query: [("account_id", accountId), ("role_name", roleName)],
                                          headers: [("x-amz-sso_bearer_token", accessToken)], signed: false)
        guard let role = JSONValue.parseObject(reply.response.body)?["roleCredentials"],
              let id = role["accessKeyId"]?.string, let secret = role["secretAccessKey"]?.string,
              let token = role["sessionToken"]?.string, let expiration = role["expiration"]?.number else {
            throw AWSError(code: .invalidResponse, message: "the SSO portal answered GetRoleCredentials without roleCredentials",
                           status: reply.response.status, requestId: reply.requestId, attempts: reply.attempts)
        }
        // `expiration` is in milliseconds since the epoch.
        return Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token, expiration: expiration / 1000)
    }
}

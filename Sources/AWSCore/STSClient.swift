import Foundation
import ServiceVocabulary
import SigV4

/// AWS Security Token Service, Query protocol (form-encoded POST, XML answers): the calls that
/// turn one identity into temporary credentials of a role. Reused by every credential source that
/// assumes a role (profiles, web identity) and, later, by runs across accounts.
public struct STSClient: Sendable {
    /// The API version every request names.
    public static let apiVersion = "2011-06-15"
    /// The default `RoleSessionName`: stable, so CloudTrail shows what assumed the role.
    public static let defaultSessionName = "lookout-scheduler"

    /// Region and endpoint, or why they could not be resolved (reported at the first call).
    public let configuration: Result<ServiceConfiguration, AWSError>
    let transport: any HTTPTransport
    let options: AWSServiceClient.Options

    /// A client for a given endpoint.
    public init(configuration: ServiceConfiguration, transport: any HTTPTransport, options: AWSServiceClient.Options = STSClient.defaultOptions) {
        self.configuration = .success(configuration)
        self.transport = transport
        self.options = options
    }

    /// STS for an environment and profile: the region from `AWS_REGION`, `AWS_DEFAULT_REGION`, the
    /// profile's `region`, else `us-east-1`; the regional endpoint `https://sts.REGION.amazonaws.com`
    /// unless `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL` or the profile's `endpoint_url` says otherwise.
    public init(environment: [String: String], files: SharedConfigFiles, profile: String?, region: String? = nil,
                transport: any HTTPTransport, options: AWSServiceClient.Options = STSClient.defaultOptions) {
        do {
            configuration = .success(try ServiceConfiguration.resolve(
                service: "STS", endpointPrefix: "sts", regionFlag: region, profile: profile, environment: environment,
                files: files, fallbackRegion: "us-east-1"))
        } catch {
            configuration = .failure(AWSError(code: .configurationError, message: "STS: \(error.description)"))
        }
        self.transport = transport
        self.options = options
    }

    /// STS has generous quotas: no client-side rate limit; the standard retries.
    public static let defaultOptions = AWSServiceClient.Options(requestsPerSecond: 0)

    /// What `AssumeRole` asks.
    public struct AssumeRoleRequest: Sendable, Equatable {
        /// The role (`arn:aws:iam::123456789012:role/scheduler`).
        public var roleArn: String
        /// The session name CloudTrail shows.
        public var roleSessionName: String
        /// The external id the role's trust policy requires, if any.
        public var externalId: String?
        /// The session's length in seconds (900 to 43200; the service's default is 3600).
        public var durationSeconds: Int?

        public init(roleArn: String, roleSessionName: String = STSClient.defaultSessionName, externalId: String? = nil,
                    durationSeconds: Int? = nil) {
            self.roleArn = roleArn
            self.roleSessionName = roleSessionName
            self.externalId = externalId
            self.durationSeconds = durationSeconds
        }
    }

    /// Temporary credentials of a role, and who they are.
    public struct AssumedRole: Sendable, Equatable {
        /// The credentials, with their expiration.
        public var credentials: Credentials
        /// `arn:aws:sts::123456789012:assumed-role/scheduler/lookout-scheduler`.
        public var assumedRoleArn: String?
        /// `AROA...:lookout-scheduler`.
        public var assumedRoleId: String?
    }

    /// Who a set of credentials is.
    public struct CallerIdentity: Sendable, Equatable {
        public var account: String
        public var arn: String
        public var userId: String
    }

    /// `AssumeRole`, signed with `source`'s credentials.
    public func assumeRole(_ request: AssumeRoleRequest, credentials source: any CredentialProvider) async throws(AWSError) -> AssumedRole {
        var parameters = [("RoleArn", request.roleArn), ("RoleSessionName", request.roleSessionName)]
        if let externalId = request.externalId { parameters.append(("ExternalId", externalId)) }
        if let duration = request.durationSeconds { parameters.append(("DurationSeconds", String(duration))) }
        let root = try await call(.assumeRole, parameters, credentials: source)
        return try STSClient.assumedRole(from: root, action: CredentialOperation.assumeRole.rawValue)
    }

    /// `AssumeRoleWithWebIdentity`: unsigned, as in the SDKs (the token is the proof of identity).
    public func assumeRoleWithWebIdentity(roleArn: String, roleSessionName: String = STSClient.defaultSessionName,
                                          webIdentityToken: String, durationSeconds: Int? = nil) async throws(AWSError) -> AssumedRole {
        var parameters = [("RoleArn", roleArn), ("RoleSessionName", roleSessionName), ("WebIdentityToken", webIdentityToken)]
        if let duration = durationSeconds { parameters.append(("DurationSeconds", String(duration))) }
        let root = try await call(.assumeRoleWithWebIdentity, parameters, credentials: nil)
        return try STSClient.assumedRole(from: root, action: CredentialOperation.assumeRoleWithWebIdentity.rawValue)
    }

    /// `GetCallerIdentity`, signed with `credentials`.
    public func getCallerIdentity(credentials: any CredentialProvider) async throws(AWSError) -> CallerIdentity {
        let root = try await call(.getCallerIdentity, [], credentials: credentials)
        guard let result = root.at("GetCallerIdentityResult"), let account = result.child("Account")?.text,
              let arn = result.child("Arn")?.text else {
            throw AWSError(code: .invalidResponse, message: "STS answered GetCallerIdentity without Account and Arn")
        }
        return CallerIdentity(account: account, arn: arn, userId: result.child("UserId")?.text ?? "")
    }

    /// One Query call: `Action=...&Version=2011-06-15&...`, form-encoded, signed unless
    /// `credentials` is nil. Answers the XML document's root.
    func call(_ action: CredentialOperation, _ parameters: [(String, String)], credentials: (any CredentialProvider)?) async throws(AWSError) -> QueryXMLElement {
        let configuration = try self.configuration.get()
        let client = AWSServiceClient(signingName: "sts", configuration: configuration,
                                      credentials: credentials ?? NoCredentialProvider(), transport: transport, options: options)
        let body = STSClient.formBody([("Action", action.rawValue), ("Version", STSClient.apiVersion)] + parameters)
        let reply = try await client.send(action, method: .post, path: "/",
                                          headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                                          body: body, signed: credentials != nil)
        guard let root = QueryXMLElement.parse(reply.response.body), root.name == "\(action.rawValue)Response" else {
            throw AWSError(code: .invalidResponse, message: "STS answered \(action.rawValue) with a body that is not its XML response",
                           status: reply.response.status, requestId: reply.requestId, attempts: reply.attempts)
        }
        return root
    }

    /// `application/x-www-form-urlencoded`, each name and value percent-encoded (RFC 3986 unreserved kept).
    static func formBody(_ parameters: [(String, String)]) -> [UInt8] {
        Array(parameters.map { "\(SigV4Signer.uriEncode($0.0, keepSlash: false))=\(SigV4Signer.uriEncode($0.1, keepSlash: false))" }
            .joined(separator: "&").utf8)
    }

    /// The credentials and assumed-role user of an `AssumeRole*Response` document.
    static func assumedRole(from root: QueryXMLElement, action: String) throws(AWSError) -> AssumedRole {
        guard let result = root.child("\(action)Result"), let c = result.child("Credentials"),
              let id = c.child("AccessKeyId")?.text, !id.isEmpty,
              let secret = c.child("SecretAccessKey")?.text, !secret.isEmpty,
              let token = c.child("SessionToken")?.text, !token.isEmpty else {
            throw AWSError(code: .invalidResponse, message: "STS answered \(action) without credentials")
        }
        guard Credentials.isSaneAccessKeyId(id) else {
            throw AWSError(code: .invalidResponse, message: "STS answered \(action) with an access key id that is not one (\(id.utf8.count) bytes; 4 to 128 ASCII letters, digits and _ expected)")
        }
        guard let expirationText = c.child("Expiration")?.text, let expiration = ISO8601.parse(expirationText) else {
            throw AWSError(code: .invalidResponse, message: "STS answered \(action) without a valid Expiration")
        }
        return AssumedRole(credentials: Credentials(accessKeyId: id, secretAccessKey: secret, sessionToken: token, expiration: expiration),
                           assumedRoleArn: result.at("AssumedRoleUser", "Arn")?.text,
                           assumedRoleId: result.at("AssumedRoleUser", "AssumedRoleId")?.text)
    }
}

/// No credentials: the provider of clients that send unsigned requests only.
struct NoCredentialProvider: CredentialProvider {
    let name = "none"
    func credentials() async throws -> Credentials? { nil }
}

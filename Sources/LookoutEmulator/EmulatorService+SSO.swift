import Foundation
import ServiceVocabulary

/// IAM Identity Center: the portal's `GetRoleCredentials` (bearer token in
/// `x-amz-sso_bearer_token`) and SSO OIDC's `CreateToken` with the `refresh_token` grant. Both
/// are REST-JSON and unsigned; errors carry `x-amzn-ErrorType` as AWS sends them.
extension EmulatorService {
    func ssoGetRoleCredentials(_ request: EmulatorRequest, query: String, at t: Double) -> EmulatorAction {
        var route = Route(method: request.httpMethod, path: "/federation/credentials")
        route.operation = CredentialOperation.getRoleCredentials.rawValue
        let requestId = UUID().uuidString.lowercased()
        let params = EmulatorService.queryParameters(query)
        let account = params["account_id"] ?? "", roleName = params["role_name"] ?? ""
        let (tokenOK, assigned) = state.withLockedValue { s in
            (s.identity.ssoAccessTokens.contains(request.header("x-amz-sso_bearer_token") ?? ""),
             s.identity.ssoAssignments.contains("\(account)/\(roleName)"))
        }
        func answer(_ status: Int, _ body: [String: Any], error: String? = nil) -> EmulatorAction {
            record(t, request, route, region: nil, accessKey: nil, status: status, fault: nil)
            var headers = ["Content-Type": "application/json", "x-amzn-RequestId": requestId]
            if let error { headers["x-amzn-ErrorType"] = error }
            return .respond(status: status, headers: headers, body: json(body), delay: 0)
        }
        guard tokenOK else { return answer(401, ["message": "Session token not found or invalid"], error: "UnauthorizedException") }
        guard assigned else { return answer(403, ["message": "No access"], error: "ForbiddenException") }
        let issued = issue(roleArn: "arn:aws:iam::\(account):role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_\(roleName)",
                           account: account, roleName: "AWSReservedSSO_\(roleName)", session: "lookout-scheduler", seconds: 3600, at: t)
        return answer(200, ["roleCredentials": [
            "accessKeyId": issued.accessKeyId, "secretAccessKey": issued.secretAccessKey, "sessionToken": issued.sessionToken,
            "expiration": Int64(issued.expiration * 1000),
        ] as [String: Any]])
    }

    func ssoCreateToken(_ request: EmulatorRequest, at t: Double) -> EmulatorAction {
        var route = Route(method: request.httpMethod, path: "/token")
        route.operation = CredentialOperation.createToken.rawValue
        let requestId = UUID().uuidString.lowercased()
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        func answer(_ status: Int, _ object: [String: Any], error: String? = nil) -> EmulatorAction {
            record(t, request, route, region: nil, accessKey: nil, status: status, fault: nil)
            var headers = ["Content-Type": "application/json", "x-amzn-RequestId": requestId]
            if let error { headers["x-amzn-ErrorType"] = error }
            return .respond(status: status, headers: headers, body: json(object), delay: 0)
        }
        guard body["grantType"] as? String == "refresh_token" else {
            return answer(400, ["error": "unsupported_grant_type", "error_description": "Unsupported grant type"], error: "UnsupportedGrantTypeException")
        }
        let refreshToken = body["refreshToken"] as? String ?? ""
        let result: (access: String, refresh: String, seconds: Int)?? = state.withLockedValue { s in
            guard let grant = s.identity.refreshGrants[refreshToken] else { return .some(nil) }
            guard grant.clientId == body["clientId"] as? String, grant.clientSecret == body["clientSecret"] as? String else { return nil }
            // A new access token, and the refresh token rotated, as the service does.
            let access = "aoa" + EmulatorService.randomString(60, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
            let rotated = "aor" + EmulatorService.randomString(60, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
            s.identity.refreshGrants[refreshToken] = nil
            s.identity.refreshGrants[rotated] = Fleet.SSO.RefreshGrant(clientId: grant.clientId, clientSecret: grant.clientSecret, refreshToken: rotated)
            s.identity.ssoAccessTokens.insert(access)
            return (access, rotated, s.identity.ssoTokenSeconds)
        }
        switch result {
        case nil:
            return answer(401, ["error": "invalid_client", "error_description": "Invalid client credentials"], error: "InvalidClientException")
        case .some(nil):
            return answer(400, ["error": "invalid_grant", "error_description": "Invalid refresh token provided"], error: "InvalidGrantException")
        case .some(let granted?):
            return answer(200, ["accessToken": granted.access, "tokenType": "Bearer", "expiresIn": granted.seconds, "refreshToken": granted.refresh])
        }
    }
}

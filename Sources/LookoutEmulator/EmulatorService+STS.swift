import Foundation
import ServiceVocabulary
import Rendering

/// AWS STS, Query protocol: `AssumeRole` and `GetCallerIdentity` (SigV4, service `sts`) and
/// `AssumeRoleWithWebIdentity` (unsigned), answered in the XML AWS sends, errors as
/// `<ErrorResponse><Error><Type>..<Code>..<Message>..</Error><RequestId>..`.
extension EmulatorService {
    static let stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"

    func sts(_ request: EmulatorRequest, path: String, query: String, at t: Double) -> EmulatorAction {
        let params = EmulatorService.queryParameters(String(decoding: request.body, as: UTF8.self))
        var route = Route(method: request.httpMethod, path: path)
        route.operation = params["Action"] ?? "Unknown"
        let requestId = UUID().uuidString.lowercased()
        var accessKey: String?
        var region: String?
        var caller: (arn: String, roleArn: String?, userId: String, account: String)?
        // AssumeRoleWithWebIdentity is unsigned: the token is the proof.
        if route.operation != CredentialOperation.assumeRoleWithWebIdentity.rawValue {
            let auth = verifySignature(request, path: path, query: query, at: t, service: "sts")
            accessKey = auth.accessKeyId
            region = auth.region
            if let failure = auth.failure {
                record(t, request, route, region: region, accessKey: accessKey, status: failure.status, fault: nil)
                return stsError(failure.status, EmulatorService.stsCode(failure.code), failure.message, requestId: requestId)
            }
            caller = self.caller(auth.accessKeyId ?? "")
        }
        var latency = 0.0
        if let fault = takeFault(for: route) {
            switch fault.kind {
            case .throttle:
                record(t, request, route, region: region, accessKey: accessKey, status: 400, fault: fault.kind.rawValue)
                return stsError(400, "Throttling", "Rate exceeded", requestId: requestId)
            case .error500:
                record(t, request, route, region: region, accessKey: accessKey, status: 500, fault: fault.kind.rawValue)
                return stsError(500, "InternalFailure", "An internal error occurred", type: "Receiver", requestId: requestId)
            case .accessDenied:
                record(t, request, route, region: region, accessKey: accessKey, status: 403, fault: fault.kind.rawValue)
                return stsError(403, "AccessDenied", "User: \(caller?.arn ?? "anonymous") is not authorized to perform: sts:\(route.operation)", requestId: requestId)
            default:
                if let action = action(for: fault, t, request, route, region: region ?? "us-east-1", accessKey: accessKey, requestId: requestId) {
                    return action
                }
                latency = fault.seconds ?? 1
            }
        }
        let (status, xml) = stsOperate(route.operation, params, caller: caller, requestId: requestId, at: t)
        record(t, request, route, region: region, accessKey: accessKey, status: status, fault: nil)
        return .respond(status: status, headers: ["Content-Type": "text/xml", "x-amzn-RequestId": requestId], body: Array(xml.utf8), delay: latency)
    }

    func stsOperate(_ action: String, _ params: [String: String], caller: (arn: String, roleArn: String?, userId: String, account: String)?,
                    requestId: String, at t: Double) -> (Int, String) {
        func fail(_ status: Int, _ code: String, _ message: String) -> (Int, String) {
            (status, EmulatorService.stsErrorXML(code, message, type: status >= 500 ? "Receiver" : "Sender", requestId: requestId))
        }
        guard params["Version"] == "2011-06-15" else {
            return fail(400, "InvalidAction", "Could not find operation \(action) for version \(params["Version"] ?? "NO_VERSION_SPECIFIED")")
        }
        switch CredentialOperation(rawValue: action) {
        case .getCallerIdentity?:
            guard let caller else { return fail(403, "MissingAuthenticationToken", "Request is missing Authentication Token") }
            return (200, EmulatorService.stsResponse(action, """
                <Arn>\(MarkupText.escape(caller.arn))</Arn>
                <UserId>\(MarkupText.escape(caller.userId))</UserId>
                <Account>\(MarkupText.escape(caller.account))</Account>
                """, requestId: requestId))
        case .assumeRole?, .assumeRoleWithWebIdentity?:
            let roleArn = params["RoleArn"] ?? ""
            let session = params["RoleSessionName"] ?? ""
            guard roleArn.count >= 20 else {
                return fail(400, "ValidationError", "1 validation error detected: Value '\(roleArn)' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20")
            }
            guard (2...64).contains(session.count), session.allSatisfy({ $0.isLetter || $0.isNumber || "_+=,.@-".contains($0) }) else {
                return fail(400, "ValidationError", "1 validation error detected: Value '\(session)' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*")
            }
            var seconds = 3600
            if let d = params["DurationSeconds"] {
                guard let n = Int(d), (900...43200).contains(n) else {
                    return fail(400, "ValidationError", "1 validation error detected: Value '\(d)' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200")
                }
                seconds = n
            }
            let (role, tokenAccepted) = state.withLockedValue { ($0.identity.roles[roleArn], $0.identity.webIdentityTokens.contains(params["WebIdentityToken"] ?? "")) }
            if action == CredentialOperation.assumeRoleWithWebIdentity.rawValue {
                guard tokenAccepted else {
                    return fail(400, "InvalidIdentityToken", "The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.")
                }
                guard let role, role.trust.contains("web-identity") else {
                    return fail(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
                }
                if seconds > role.maxSessionSeconds {
                    return fail(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
                }
                let issued = issue(roleArn: roleArn, account: role.account, roleName: role.name, session: session, seconds: seconds, at: t)
                return (200, EmulatorService.stsResponse(action, """
                    <SubjectFromWebIdentityToken>system:serviceaccount:lookout:scheduler</SubjectFromWebIdentityToken>
                    <Audience>sts.amazonaws.com</Audience>
                    \(assumedRoleUser(issued, session: session))
                    \(credentialsXML(issued))
                    <Provider>arn:aws:iam::\(MarkupText.escape(role.account)):oidc-provider/oidc.emulator.invalid</Provider>
                    """, requestId: requestId))
            }
            let callerArn = caller?.arn ?? "anonymous"
            let denied = fail(403, "AccessDenied", "User: \(callerArn) is not authorized to perform: sts:AssumeRole on resource: \(roleArn)")
            guard let role, let caller else { return denied }
            let trusted = role.trust.contains { $0 == caller.userId || $0 == caller.roleArn || $0 == caller.arn }
            guard trusted, role.externalId == nil || role.externalId == params["ExternalId"] else { return denied }
            if seconds > role.maxSessionSeconds {
                return fail(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
            }
            let issued = issue(roleArn: roleArn, account: role.account, roleName: role.name, session: session, seconds: seconds, at: t)
            return (200, EmulatorService.stsResponse(action, """
                \(assumedRoleUser(issued, session: session))
                \(credentialsXML(issued))
                <PackedPolicySize>0</PackedPolicySize>
                """, requestId: requestId))
        default:
            return fail(400, "InvalidAction", "Could not find operation \(action) for version 2011-06-15")
        }
    }

    func assumedRoleUser(_ issued: IssuedCredential, session: String) -> String {
        """
        <AssumedRoleUser>
              <AssumedRoleId>\(EmulatorService.roleId(issued.roleArn)):\(MarkupText.escape(session))</AssumedRoleId>
              <Arn>\(MarkupText.escape(issued.assumedRoleArn))</Arn>
            </AssumedRoleUser>
        """
    }

    func credentialsXML(_ issued: IssuedCredential) -> String {
        """
        <Credentials>
              <AccessKeyId>\(issued.accessKeyId)</AccessKeyId>
              <SecretAccessKey>\(MarkupText.escape(issued.secretAccessKey))</SecretAccessKey>
              <SessionToken>\(MarkupText.escape(issued.sessionToken))</SessionToken>
              <Expiration>\(EmulatorService.isoTimestamp(issued.expiration))</Expiration>
            </Credentials>
        """
    }

    /// `<ActionResponse xmlns=...><ActionResult>...</ActionResult><ResponseMetadata>...`.
    static func stsResponse(_ action: String, _ result: String, requestId: String) -> String {
        """
        <\(action)Response xmlns="\(stsNamespace)">
          <\(action)Result>
            \(result)
          </\(action)Result>
          <ResponseMetadata>
            <RequestId>\(requestId)</RequestId>
          </ResponseMetadata>
        </\(action)Response>

        """
    }

    static func stsErrorXML(_ code: String, _ message: String, type: String = "Sender", requestId: String) -> String {
        """
        <ErrorResponse xmlns="\(stsNamespace)">
          <Error>
            <Type>\(type)</Type>
            <Code>\(MarkupText.escape(code))</Code>
            <Message>\(MarkupText.escape(message))</Message>
          </Error>
          <RequestId>\(requestId)</RequestId>
        </ErrorResponse>

        """
    }

    func stsError(_ status: Int, _ code: String, _ message: String, type: String = "Sender", requestId: String) -> EmulatorAction {
        .respond(status: status, headers: ["Content-Type": "text/xml", "x-amzn-RequestId": requestId],
                 body: Array(EmulatorService.stsErrorXML(code, message, type: type, requestId: requestId).utf8), delay: 0)
    }

    /// STS names the signature failures differently from REST-JSON services.
    static func stsCode(_ code: String) -> String {
        switch code {
        case "UnrecognizedClientException": return "InvalidClientTokenId"
        case "InvalidSignatureException": return "SignatureDoesNotMatch"
        case "MissingAuthenticationTokenException": return "MissingAuthenticationToken"
        case "ExpiredTokenException": return "ExpiredToken"
        default: return code
        }
    }
}

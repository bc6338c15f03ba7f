import Foundation
import Hashing
import SigV4

/// SigV4 signature verification, with the errors AWS answers for each way a signature fails.
extension EmulatorService {
    struct AuthResult {
        var accessKeyId: String?
        var region: String?
        var failure: (status: Int, code: String, message: String)?
    }

    /// Verifies SigV4 the way AWS does: the Authorization header's credential scope and signed
    /// headers, the clock skew of `X-Amz-Date`, the session token, then the signature itself.
    /// `service` is the signing name the credential scope must name (`lookoutvision`, `rekognition`, `sts`).
    func verifySignature(_ request: EmulatorRequest, path: String, query: String, at t: Double, service: String) -> AuthResult {
        var r = AuthResult()
        guard let auth = request.header("authorization") else {
            r.failure = (403, "MissingAuthenticationTokenException", "Missing Authentication Token")
            return r
        }
        guard auth.hasPrefix("AWS4-HMAC-SHA256 ") else {
            r.failure = (400, "IncompleteSignatureException", "Unsupported authorization scheme")
            return r
        }
        var fields: [String: String] = [:]
        for part in auth.dropFirst("AWS4-HMAC-SHA256 ".count).split(separator: ",") {
            let kv = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if kv.count == 2 { fields[String(kv[0])] = String(kv[1]) }
        }
        guard let credential = fields["Credential"], let signedHeaders = fields["SignedHeaders"], let signature = fields["Signature"] else {
            r.failure = (400, "IncompleteSignatureException", "Authorization header requires Credential, SignedHeaders and Signature")
            return r
        }
        let scope = credential.split(separator: "/").map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request" else {
            r.failure = (400, "IncompleteSignatureException", "Credential should be scoped to a valid region")
            return r
        }
        r.accessKeyId = scope[0]
        r.region = scope[2]
        guard scope[3] == service else {
            r.failure = (403, "InvalidSignatureException", "Credential should be scoped to correct service: '\(service)'")
            return r
        }
        guard let amzDate = request.header("x-amz-date"), let signedAt = SigV4Signer.parseAmzDate(amzDate) else {
            r.failure = (400, "IncompleteSignatureException", "Missing or malformed X-Amz-Date")
            return r
        }
        guard scope[1] == String(amzDate.prefix(8)) else {
            r.failure = (403, "InvalidSignatureException", "Credential date \(scope[1]) does not match X-Amz-Date \(amzDate)")
            return r
        }
        if abs(Double(signedAt) - t) > configuration.maxClockSkew {
            r.failure = (403, "InvalidSignatureException", "Signature expired: \(amzDate) is now earlier than \(SigV4Signer.amzDate(Int(t) - Int(configuration.maxClockSkew))) (\(SigV4Signer.amzDate(Int(t))) - 5 min.)")
            return r
        }
        // The configured keys, then the temporary credentials STS or SSO issued.
        let configured = configuration.credentials[scope[0]].map { (secret: $0.secret, token: $0.token, expiration: Double?.none) }
        guard let known = configured ?? issuedSecret(scope[0]) else {
            r.failure = (403, "UnrecognizedClientException", "The security token included in the request is invalid.")
            return r
        }
        if let expiration = known.expiration, expiration <= t {
            r.failure = (403, "ExpiredTokenException", "The security token included in the request is expired")
            return r
        }
        let names = Set(signedHeaders.split(separator: ";").map(String.init))
        guard names.contains("host"), names.contains("x-amz-date") else {
            r.failure = (403, "InvalidSignatureException", "Host and X-Amz-Date must be signed")
            return r
        }
        if let token = known.token {
            guard request.header("x-amz-security-token") == token, names.contains("x-amz-security-token") else {
                r.failure = (403, "UnrecognizedClientException", "The security token included in the request is invalid.")
                return r
            }
        }
        let signer = SigV4Signer(service: scope[3], region: scope[2])
        let creds = Credentials(accessKeyId: scope[0], secretAccessKey: known.secret)
        let toVerify = SigV4Signer.Request(method: request.method, path: path, query: query, headers: request.headers, body: request.body)
        let expected = signer.signature(toVerify, signedHeaders: names, credentials: creds, amzDate: amzDate)
        guard Digest.constantTimeEquals(Array(expected.utf8), Array(signature.utf8)) else {
            r.failure = (403, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
            return r
        }
        return r
    }
}

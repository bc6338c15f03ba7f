/// The STS and IAM Identity Center (SSO) operations the credential sources call and the emulator
/// answers, by their wire names (the STS `Action`).
public enum CredentialOperation: String, ServiceOperation {
    /// STS: a role's credentials for signed-in credentials.
    case assumeRole = "AssumeRole"
    /// STS: a role's credentials for a web identity token (unsigned).
    case assumeRoleWithWebIdentity = "AssumeRoleWithWebIdentity"
    /// STS: who the credentials are.
    case getCallerIdentity = "GetCallerIdentity"
    /// The SSO portal: a role's credentials for an access token.
    case getRoleCredentials = "GetRoleCredentials"
    /// SSO OIDC: a refreshed access token.
    case createToken = "CreateToken"
}

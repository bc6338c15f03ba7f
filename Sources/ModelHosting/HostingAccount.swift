/// The account a service acts in, when it is one the rule file declares (`accounts:`): its name
/// (as rules say it) and its 12-digit id (from the role's ARN). The home account, that of the
/// run's own credentials, has none.
public struct HostingAccount: Sendable, Hashable, CustomStringConvertible {
    /// The rule file's name for it.
    public let name: String
    /// The 12-digit account id.
    public let id: String

    /// An account.
    public init(name: String, id: String) {
        self.name = name
        self.id = id
    }

    /// `prod-eu (210987654321)`.
    public var description: String { "\(name) (\(id))" }
}

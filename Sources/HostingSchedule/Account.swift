/// An AWS account the rule file declares (`accounts: { NAME: { role_arn, external_id, regions } }`):
/// a run assumes its role, from the run's own credentials, and manages the models there by the
/// rules that name it. The account of the run's own credentials is the "home" account: it has no
/// declaration, and rules without `account` apply to it.
public struct Account: Sendable, Equatable, CustomStringConvertible {
    /// The name rules use (`account: prod-eu`).
    public let name: String
    /// The role assumed in the account (`arn:aws:iam::210987654321:role/lookout-scheduler`).
    public let roleArn: String
    /// The external id the role's trust policy requires, if any.
    public let externalId: String?
    /// The regions the account's models are in (empty: the regions its rules name, else the default).
    public let regions: [String]
    /// Where it is declared (0 when built in code).
    public let line: Int

    /// An account.
    public init(name: String, roleArn: String, externalId: String? = nil, regions: [String] = [], line: Int = 0) {
        self.name = name
        self.roleArn = roleArn
        self.externalId = externalId
        self.regions = regions
        self.line = line
    }

    /// The 12-digit account id in the role's ARN.
    public var id: String { Account.id(fromARN: roleArn) ?? "" }

    /// The 12-digit account id of any ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`), or nil
    /// when the ARN has none.
    public static func id(fromARN arn: String?) -> String? {
        guard let arn, arn.hasPrefix("arn:") else { return nil }
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        let id = parts[4]
        return id.utf8.count == 12 && id.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) ? String(id) : nil
    }

    /// `prod-eu (210987654321)`.
    public var description: String { "\(name) (\(id))" }
}

/// Which accounts a rule covers: the home account (no `account` key), or the declared accounts
/// whose names match a name or a glob (`account: "prod-*"`).
public enum AccountSelector: Sendable, Equatable, CustomStringConvertible {
    /// The account of the run's own credentials.
    case home
    /// Declared accounts whose names match.
    case matching(Glob)

    /// Whether the selector covers the account named `name` (nil: the home account).
    public func matches(_ name: String?) -> Bool {
        switch (self, name) {
        case (.home, nil): return true
        case (.matching(let glob), let name?): return glob.matches(name)
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .home: return "home"
        case .matching(let glob): return glob.pattern
        }
    }
}

import Foundation
import HostingSchedule
import Yams

/// Accounts: `accounts: { NAME: { role_arn, external_id, regions } }`, and the `account:` key of
/// rules and overrides that picks them by name or glob.
extension RuleFileParser {
    /// The top-level `accounts:` mapping: every name, role ARN, external id and region checked.
    func accounts(_ node: Node) -> [Account] {
        guard let list = entries(node, "accounts") else { return [] }
        var out: [Account] = []
        // Accounts are identities: one account id, one declared account.
        var declaredIds: [String: (name: String, node: Node)] = [:]
        for e in list {
            guard spend(e.keyNode) else { break }
            let what = "account '\(e.key)'"
            if !RuleFileParser.isName(e.key) || e.key.utf8.count > 64 {
                error(e.keyNode, "account name '\(e.key)' may use only letters, digits, '-', '_' and '.' (up to 64)")
                continue
            }
            if e.key.utf8.count == 12 && e.key.allSatisfy(\.isNumber) {
                error(e.keyNode, "account name '\(e.key)' is an account id; give the account a name (such as prod-eu): its id comes from role_arn")
                continue
            }
            accountNodes[e.key] = e.keyNode
            guard let fields = entries(e.value, what) else { continue }
            checkKeys(fields, allowed: ["role_arn", "external_id", "regions", "description"], in: what)
            if let d = value(fields, "description") { _ = scalar(d, "description") }
            var roleArn: String?
            if let r = value(fields, "role_arn") {
                if let text = scalar(r, "role_arn") {
                    if RuleFileParser.isRoleARN(text) {
                        let id = Account.id(fromARN: text) ?? ""
                        if let first = declaredIds[id] {
                            let at = location(first.node)
                            error(r, "\(what) has account id \(id), as account '\(first.name)' (\(at.file):\(at.line):\(at.column)) has: two declared accounts cannot be one account; declare it once, with all its regions")
                        } else {
                            declaredIds[id] = (e.key, r)
                            roleArn = text
                        }
                    } else {
                        error(r, "role_arn '\(text)' of \(what) is not an IAM role ARN; write arn:aws:iam::<12-digit account id>:role/<name>, such as arn:aws:iam::210987654321:role/lookout-scheduler")
                    }
                }
            } else {
                error(e.value, "\(what) has no 'role_arn' (the role the run assumes in it, such as arn:aws:iam::210987654321:role/lookout-scheduler)")
            }
            var externalId: String?
            var externalOK = true
            if let x = value(fields, "external_id") {
                externalOK = false
                if let text = scalar(x, "external_id") {
                    if RuleFileParser.isExternalId(text) {
                        externalId = text
                        externalOK = true
                    } else {
                        error(x, "external_id of \(what) must be 2 to 1224 characters of letters, digits and + = , . @ : / - _")
                    }
                }
            }
            var regions: [String] = []
            var regionsOK = true
            if let r = value(fields, "regions") {
                if let items = items(r, "regions") {
                    for item in items {
                        guard let region = region(item) else { regionsOK = false; continue }
                        if regions.contains(region) {
                            error(item, "region \(region) is listed twice in the regions of \(what)")
                            regionsOK = false
                            continue
                        }
                        regions.append(region)
                    }
                } else {
                    regionsOK = false
                }
            }
            guard let roleArn, externalOK, regionsOK else { continue }
            out.append(Account(name: e.key, roleArn: roleArn, externalId: externalId, regions: regions, line: e.keyNode.mark?.line ?? 0))
        }
        return out
    }

    /// `account: NAME` or `account: "prod-*"` of a rule or override: a declared name (an error
    /// otherwise), or a glob (a warning when it matches no declared account).
    func accountSelector(_ node: Node, what: String) -> AccountSelector? {
        guard let text = scalar(node, "account") else { return nil }
        let glob: Glob
        do {
            glob = try Glob(text)
        } catch {
            self.error(node, "account: \(error.message)")
            return nil
        }
        let declared = accountNodes.keys.sorted()
        let matched = declared.filter { glob.matches($0) }
        usedAccounts.formUnion(matched)
        if glob.isLiteral && matched.isEmpty {
            var message = "\(what) names account '\(text)', which 'accounts:' does not declare"
            if let guess = RuleFileParser.closest(text, among: declared) {
                message += "; did you mean '\(guess)'?"
            } else if declared.isEmpty {
                message += " (declare it: accounts: { \(RuleFileParser.isName(text) ? text : "NAME"): { role_arn: arn:aws:iam::ACCOUNT_ID:role/NAME } })"
            } else {
                message += " (declared: \(declared.joined(separator: ", ")))"
            }
            error(node, message)
            return nil
        }
        if matched.isEmpty {
            report(.warning, location(node), "\(what): the account pattern '\(text)' matches no declared account, so it never applies")
        }
        return .matching(glob)
    }

    /// A rule limited to a region that none of its accounts has (each declares `regions:`) never applies.
    func warnAboutRegionOutsideAccounts(_ rule: Rule, node: Node?) {
        guard case .matching(let glob) = rule.account, let region = rule.region else { return }
        let accounts = declaredAccounts.filter { glob.matches($0.name) }
        guard !accounts.isEmpty, accounts.allSatisfy({ !$0.regions.isEmpty && !$0.regions.contains(region) }) else { return }
        report(.warning, location(node),
               "rule \(rule.number) is limited to region \(region), which is not among the regions of account \(accounts.map(\.name).joined(separator: ", ")) (\(Set(accounts.flatMap(\.regions)).sorted().joined(separator: ", "))): it never applies")
    }

    func warnAboutUnusedAccounts() {
        for (name, node) in accountNodes.sorted(by: { $0.key < $1.key }) where !usedAccounts.contains(name) {
            report(.warning, location(node), "account '\(name)' is not used by any rule or override: no model in it is managed")
        }
    }

    /// `arn:aws:iam::210987654321:role/lookout-scheduler` (any partition: `aws`, `aws-cn`,
    /// `aws-us-gov`; a path is allowed: `role/ops/scheduler`). IAM's role name is 1-64 of
    /// `[\w+=,.@-]`, a path's parts the same.
    static func isRoleARN(_ s: String) -> Bool {
        guard s.utf8.count <= 2048 else { return false }
        let parts = s.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "iam", parts[3].isEmpty else { return false }
        let partition = parts[1]
        guard partition == "aws" || (partition.hasPrefix("aws-") && partition.utf8.count > 4
                                     && partition.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D })) else { return false }
        guard parts[4].utf8.count == 12, parts[4].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        guard parts[5].hasPrefix("role/") else { return false }
        let path = parts[5].dropFirst("role/".count).split(separator: "/", omittingEmptySubsequences: false)
        guard let name = path.last, (1...64).contains(name.utf8.count) else { return false }
        return path.allSatisfy { part in !part.isEmpty && part.utf8.allSatisfy(RuleFileParser.isIAMNameByte) }
    }

    /// STS's `externalId`: 2-1224 characters of `[\w+=,.@:/-]`.
    static func isExternalId(_ s: String) -> Bool {
        (2...1224).contains(s.utf8.count) && s.utf8.allSatisfy { isIAMNameByte($0) || $0 == 0x3A || $0 == 0x2F }
    }

    /// `[\w+=,.@-]`.
    static func isIAMNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "_+=,.@-".utf8.contains(b)
    }
}

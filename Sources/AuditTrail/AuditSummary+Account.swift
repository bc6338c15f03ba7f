extension AuditSummary.Filter {
    /// Whether a record of the account `name`/`id` passes `--account` (a name from the rule
    /// file, or a 12-digit account id). Without the filter every record passes.
    public func matchesAccount(name: String?, id: String?) -> Bool {
        guard let wanted = account else { return true }
        return wanted == name || wanted == id
    }
}

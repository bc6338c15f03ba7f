import AWSCore

extension SchedulerRunner {
    /// The requests the run's clients sent since `mark`, by API, retries included: read from the
    /// `CallLedger` the clients feed (its events' PutEvents included, once they are finished),
    /// never counted by the runner itself.
    func calls(since mark: CallLedger.Mark?) -> [String: Int] {
        guard let ledger, let mark else { return [:] }
        return ledger.totals(since: mark)
    }
}

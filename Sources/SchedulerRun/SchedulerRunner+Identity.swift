import AuditTrail
import AWSCore
import HostingSchedule
import ModelHosting
import Rendering

extension SchedulerRunner {
    /// Accounts are identities: every model a listing returns must be in the account whose
    /// credentials listed it (the account id of its ARN). A declared account's id is its role's;
    /// the home account's is not known before the run (it makes no `GetCallerIdentity` call), so
    /// it is the id of the first model its listings return, and every other must agree. A model
    /// the service gave no ARN cannot be checked (Lookout for Vision's ARN is optional).
    ///
    /// A mismatch fails the account (a failed listing, `AccountMismatch`): from then on nothing
    /// more is done in it. Its pending stops and starts are not sent (`skipped`), its remaining
    /// listings are not made, and listings still in flight are discarded. Other accounts go on.
    struct AccountIdentity {
        /// The home account's id, once a home listing named one.
        var homeId: String?
        /// The lanes (accounts) that failed the check.
        var failedLanes = Set<Int>()

        /// Why `models`, listed by `service`'s credentials, are not all of its account (nil: they are).
        mutating func mismatch(in models: [HostedModel], of service: any ModelHostingService, project: String) -> String? {
            let listing = "\(service.name(of: .listModels)) of \(project) in \(service.region)"
            for model in models {
                guard let arn = model.arn else { continue }
                let shown = Printable.line(arn, limit: 200)
                guard let id = Account.id(fromARN: arn) else {
                    return "\(listing) answered the ARN \(shown), which names no account id"
                }
                if let declared = service.account {
                    if id != declared.id {
                        return "\(listing) in account \(declared) answered model \(shown) of account \(id): the credentials act in another account than declared"
                    }
                } else if let home = homeId {
                    if id != home {
                        return "\(listing) in the home account (\(home), from its first listed model) answered model \(shown) of account \(id): the run's credentials act in more than one account"
                    }
                } else {
                    homeId = id
                }
            }
            return nil
        }
    }
}

extension SchedulerRunner.PendingWork {
    /// Everything still to do, given up: the stops and starts not sent, and no more listings.
    mutating func abandon() -> [ModelDecision] {
        let left = Array(stops[nextStop...])
        stops = []
        nextStop = 0
        listings = []
        nextListing = 0
        return left
    }
}

extension ModelDecision {
    /// This stop or start, not sent because its account failed its identity check.
    func skipped(identityProblem: String) -> ModelDecision {
        var m = self
        m.outcome = .skipped
        m.reason = "not \(decision == .start ? "started" : "stopped"): its account failed the identity check (\(identityProblem)); " + reason
        return m
    }
}

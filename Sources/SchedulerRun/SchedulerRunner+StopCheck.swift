import AuditTrail
import AWSCore
import ModelHosting

extension SchedulerRunner {
    /// The service's check just before a stop (`ModelHostingService.checkStop`): true when the
    /// stop goes ahead (saving nothing, with the reason, when it frees nothing billed); false when
    /// it is deferred instead (auto scaling would undo it), or the check could not be made (a failure).
    func passesStopCheck(_ r: inout ModelDecision, on service: any ModelHostingService, warnings: WarningList) async -> Bool {
        let check = await service.checkStop(HostedModelStop(ref: r.ref, copies: r.copies_before))
        if let warning = check.warning { warnings.add(warning) }
        switch check.verdict {
        case .stop:
            return true
        case .stopWithoutSaving(let reason):
            r.no_saving_reason = reason
            r.inference_units = 0
            r.reason = reason + "; " + r.reason
            return true
        case .deferred(let reason):
            r.decision = .defer
            r.reason = reason + "; " + r.reason
            return false
        case .failed(let error):
            r.decision = .defer
            r.failed(error)
            r.reason = "not stopped this run: what the stop would do could not be read (\(error.code.rawValue)); " + r.reason
            return false
        }
    }

    /// The price of one billed unit-hour for a stop's savings: for SageMaker, the rule's
    /// `price_per_copy_hour`, else its schedule's, else the rule file's default; for the other
    /// services, the rule file's price per inference-unit hour.
    func price(of r: ModelDecision, in service: any ModelHostingService) -> Double {
        guard service.kind == .sagemaker,
              let rule = ruleSet.rule(forProject: r.project, version: r.version, region: r.region, service: r.serviceKind,
                                      account: service.account?.name) else { return ruleSet.price(for: service.kind) }
        return rule.pricePerCopyHour ?? rule.schedule.pricePerCopyHour ?? ruleSet.price(for: service.kind)
    }
}

import HostingSchedule
import ModelHosting

extension SchedulerRunner {
    /// The decision for one listed model at instant `t`: the evaluator says whether it must be
    /// hosted; its hosting state says what that means.
    func decide(_ model: HostedModel, in service: any ModelHostingService, at t: Int) -> ModelDecision {
        let status = model.status
        let decision = ruleSet.decide(project: model.project, version: model.version, region: service.region, service: service.kind, at: t)
        var r = ModelDecision(service: service.kind, region: service.region, project: model.project, version: model.version,
                              status_before: status.raw, state_before: status.state, decision: .nothingToDo, reason: decision.reason)
        r.inference_units = model.inferenceUnits
        r.arn = model.arn
        guard let rule = decision.rule else {
            r.decision = .unmanaged
            if status.state.isHosted {
                r.reason = "hosted, but no rule covers \(model.project) version \(model.version): left running (unmanaged)"
            }
            return r
        }
        r.rule = rule.number
        r.rule_line = rule.line
        r.schedule = rule.schedule.name
        r.timezone = rule.schedule.zoneName
        r.eval_local = InstantFormat.local(t, in: rule.schedule.clock)
        r.next_window = decision.nextTransition.map(InstantFormat.utc)
        r.window_closed_at = decision.hosted == false ? decision.previousTransition.map(InstantFormat.utc) : nil
        if decision.hosted == true {
            r.decision = .keep
            r.next_window = nil
            return r
        }
        switch status.state {
        case .hosted:
            r.decision = .stop
        case .transitional:
            r.decision = .defer
            r.reason = "\(status.raw): not stopped now (\(service.name(of: .stop)) is only sent to \(service.hostedStatusName) models); \(decision.reason)"
        case .stopped, .unavailable:
            r.decision = .nothingToDo
            r.reason = "\(status.raw): not hosted, nothing to stop; \(decision.reason)"
        }
        return r
    }
}

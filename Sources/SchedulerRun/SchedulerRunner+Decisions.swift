import AuditTrail
import HostingSchedule
import ModelHosting

extension SchedulerRunner {
    /// The decision for one listed model at instant `t`: the evaluator (overrides, then rules)
    /// says whether it must be hosted; its hosting state, its rule's grace and start policy, and
    /// the log's memory say what that means.
    func decide(_ model: HostedModel, in service: any ModelHostingService, at t: Int, options: Options) -> ModelDecision {
        let status = model.status
        let decision = ruleSet.decide(project: model.project, version: model.version, region: service.region, service: service.kind,
                                      account: service.account?.name, at: t)
        var r = ModelDecision(service: service.kind, region: service.region, project: model.project, version: model.version,
                              status_before: StatusWord(status.raw), state_before: status.state, decision: .nothingToDo, reason: decision.reason)
        // The account from the ARN the listing gave (no extra call); a declared account's id is
        // also known from its role.
        r.account_id = Account.id(fromARN: model.arn) ?? service.account?.id
        r.account_name = service.account?.name
        r.inference_units = model.inferenceUnits
        r.copies_before = model.copies
        r.arn = model.arn
        guard let rule = decision.rule else {
            r.decision = .unmanaged
            if status.state.isHosted {
                r.reason = "hosted, but no rule covers \(model.project) version \(model.version): left running (unmanaged)"
            }
            return r
        }
        if let o = decision.override {
            r.override_line = o.line
            r.override_until = InstantFormat.utc(o.until)
            r.override_reason = o.reason
        } else {
            r.rule = rule.number
            r.rule_line = rule.line
        }
        r.schedule = rule.schedule.name
        r.timezone = rule.schedule.zoneName
        r.eval_local = InstantFormat.local(t, in: rule.schedule.clock)
        r.next_window = decision.nextTransition.map(InstantFormat.utc)
        r.window_closed_at = decision.hosted == false ? decision.previousTransition.map(InstantFormat.utc) : nil
        if decision.hosted == true {
            r.decision = .keep
            r.next_window = nil
            if decision.override == nil, let start = rule.start { considerStart(&r, start: start, decision: decision, state: status.state, at: t, options: options) }
            return r
        }
        switch status.state {
        case .hosted:
            r.decision = .stop
            if rule.grace > 0 && decision.override == nil {
                let since = options.memory.outsideSince[RunMemory.key(r)] ?? t
                if t - since < rule.grace {
                    r.decision = .defer
                    r.grace_until = InstantFormat.utc(since + rule.grace)
                    r.reason = "hosted outside its windows since \(InstantFormat.utc(since)); within its grace of \(DurationText.format(seconds: rule.grace)) until \(InstantFormat.utc(since + rule.grace)), not stopped yet; \(decision.reason)"
                }
            }
        case .transitional:
            r.decision = .defer
            r.reason = "\(status.raw): not stopped now (\(service.name(of: .stop)) is only sent to \(service.hostedStatusName) models); \(decision.reason)"
        case .stopped, .unavailable:
            r.decision = .nothingToDo
            r.reason = "\(status.raw): not hosted, nothing to stop; \(decision.reason)"
        }
        return r
    }

    /// A model inside its window whose rule asks for starts: started when it is stopped and its
    /// window opened after the previous run (or within `start_within` with no earlier run), so a
    /// model a person stopped during its window stays stopped; with `enforce`, at every run.
    func considerStart(_ r: inout ModelDecision, start: StartPolicy, decision: Decision, state: HostingState, at t: Int, options: Options) {
        r.window_closes = decision.nextTransition.map(InstantFormat.utc)
        switch state {
        case .hosted:
            return
        case .transitional, .unavailable:
            r.reason = "\(r.status_before): not started (only a stopped model is started); " + r.reason
            return
        case .stopped:
            break
        }
        // The opening is this model's to start when no earlier record of it used it up (a failed
        // or skipped start, or a --no-start run, leaves it for the next run).
        let opened = decision.previousTransition
        let fresh: Bool
        if start.enforce {
            fresh = true
        } else if let previous = options.memory.lastSeen[RunMemory.key(r)] ?? options.memory.previousEvalTime {
            fresh = opened.map { $0 > previous } ?? false
        } else {
            fresh = opened.map { t - $0 <= start.startWithin } ?? false
        }
        guard fresh else {
            r.reason = "stopped inside its window, which opened before the previous run: left stopped (someone stopped it, or a start failed); " + r.reason
            return
        }
        guard !options.noStart else {
            r.no_start = true
            r.reason = "not started: --no-start (the next run may start it); " + r.reason
            return
        }
        r.decision = .start
        r.inference_units = start.minInferenceUnits
        if r.serviceKind == .sagemaker {
            // The rule's copies; else those the component had when it was last stopped (the log); else 1.
            let restored = options.memory.copiesAtLastStop[RunMemory.key(r)]
            r.inference_units = start.copies ?? restored ?? 1
            r.reason = (start.copies != nil ? "\(start.copies!) copies (the rule's); "
                        : restored.map { "\($0) copies (as at its last stop); " } ?? "1 copy (no stop with its copy count in the log read back); ") + r.reason
        }
        r.reason = (start.enforce ? "inside its window and starts are enforced: start; " : "its window opened \(opened.map(InstantFormat.utc) ?? "?"): start; ") + r.reason
    }
}

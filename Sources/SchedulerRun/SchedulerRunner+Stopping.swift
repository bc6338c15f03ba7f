import AuditTrail
import AWSCore
import Foundation
import HostingSchedule
import ModelHosting

extension SchedulerRunner {
    /// Stops one model (or, in a dry run, says it would): first, with a keep-until tag set in the
    /// rule file, reads its tags; then the stop; then with `wait` polls until the service reports
    /// it stopped.
    func stop(_ decision: ModelDecision, on service: any ModelHostingService, options: Options, writeAhead: WriteAhead?,
              warnings: WarningList) async -> ModelDecision {
        var r = decision
        // Decide again at the moment of acting: the window may have opened while the run listed.
        if let (t, again) = decideAgain(r, on: service, options: options), again.hosted == true {
            r.decision = .keep
            r.next_window = nil
            r.reason = "kept: its window opened while the run was listing (decided again at \(InstantFormat.utc(t)), just before stopping): \(again.reason)"
            return r
        }
        if let tag = ruleSet.keepUntilTag {
            guard await keptByTag(&r, tag: tag, on: service, at: options.evaluationInstant, since: options.memory.keptByTagSince[RunMemory.key(r)],
                                  warnings: warnings) == false else { return r }
        }
        guard await passesStopCheck(&r, on: service, warnings: warnings) else { return r }
        let token = service.newClientToken()
        r.client_token = token
        r.price_per_iu_hour = price(of: r, in: service)
        if options.dryRun {
            r.outcome = .wouldStop
            return r
        }
        guard await intended(&r, .stop, clientToken: token, writeAhead: writeAhead) else { return r }
        do {
            let out = try await service.stop(r.ref, clientToken: token)
            r.accepted(out, as: .stopped)
            if r.serviceKind == .sagemaker { r.copies_after = 0 }
        } catch {
            r.failed(error)
            return r
        }
        if let wait = options.wait {
            r.outcome = await confirm(&r, on: service, within: wait, pollInterval: options.pollInterval) ? .confirmed : .unconfirmed
        }
        return r
    }

    /// Without `--now`, the decision for the model again with the real clock, just before acting
    /// (nil for a dry run, or when the clock has not moved since the evaluation instant).
    func decideAgain(_ r: ModelDecision, on service: any ModelHostingService, options: Options) -> (Int, Decision)? {
        guard let clock = options.redecideWithClock, !options.dryRun else { return nil }
        let t = clock()
        guard t != options.evaluationInstant else { return nil }
        return (t, ruleSet.decide(project: r.project, version: r.version, region: service.region, service: service.kind,
                                  account: service.account?.name, at: t))
    }

    /// Reads the model's tags (one ListTagsForResource) and keeps it while the keep-until tag
    /// holds a future instant, capped by `keep_until_max` counted from the first run of the
    /// unbroken series that kept it by its tag (`since`, from the log; else now), so a tag far in
    /// the future keeps it for `keep_until_max`, not for ever. True when the model is kept, or
    /// when the tags could not be read (then it is deferred, and that is a failure).
    func keptByTag(_ r: inout ModelDecision, tag: String, on service: any ModelHostingService, at t: Int, since: Int?,
                   warnings: WarningList) async -> Bool {
        let tags: [String: String]
        do {
            let out = try await service.tags(of: r.ref)
            tags = out.value
        } catch {
            r.decision = .defer
            r.failed(error)
            r.reason = "not stopped this run: its tags (\(tag)) could not be read; " + r.reason
            return true
        }
        guard let value = tags[tag] else { return false }
        let model = "\(r.serviceKind) \(r.region) \(r.project) version \(r.version)"
        guard let until = try? InstantFormat.parseISO8601(value.trimmingCharacters(in: .whitespaces)) else {
            warnings.add("\(model): tag \(tag) is not an ISO 8601 instant with an offset; it does not keep the model")
            r.reason = "tag \(tag) is not a time, ignored; " + r.reason
            return false
        }
        // Honest outputs: a tag the tool could not print back (year 10000, before 1900) keeps nothing.
        guard InstantFormat.isAccepted(until) else {
            warnings.add("\(model): tag \(tag) is outside the instants this tool accepts (\(InstantFormat.acceptedRange)); it does not keep the model")
            r.reason = "tag \(tag) is out of range, ignored; " + r.reason
            return false
        }
        guard until > t else { return false }
        var keep = until
        let cap = (since ?? t) + ruleSet.keepUntilMax
        if until > cap {
            keep = cap
            warnings.add("\(model): tag \(tag) asks to keep it until \(InstantFormat.utc(until)); capped at \(InstantFormat.utc(keep)) (keep_until_max \(DurationText.format(seconds: ruleSet.keepUntilMax)) from \(InstantFormat.utc(since ?? t)))")
            guard keep > t else {
                r.reason = "tag \(tag) kept it since \(InstantFormat.utc(since ?? t)); keep_until_max \(DurationText.format(seconds: ruleSet.keepUntilMax)) has run out; " + r.reason
                return false
            }
        }
        r.decision = .keep
        r.keep_until = InstantFormat.utc(keep)
        r.next_window = nil
        r.reason = "kept by its tag \(tag) until \(InstantFormat.utc(keep))\(keep < until ? " (capped by keep_until_max)" : ""); " + r.reason
        return true
    }

    /// Starts one model (or, in a dry run, says it would), with its own idempotency token reused
    /// across retries.
    func start(_ decision: ModelDecision, on service: any ModelHostingService, options: Options, writeAhead: WriteAhead?) async -> ModelDecision {
        var r = decision
        // Decide again at the moment of acting: the window may have closed while the run listed.
        if let (t, again) = decideAgain(r, on: service, options: options), again.hosted != true || again.override != nil {
            r.decision = .nothingToDo
            r.reason = "not started: its window closed while the run was listing (decided again at \(InstantFormat.utc(t)), just before starting): \(again.reason)"
            return r
        }
        let token = service.newClientToken()
        r.client_token = token
        if options.dryRun {
            r.outcome = .wouldStart
            return r
        }
        let units = r.inference_units ?? 1
        let maxUnits = ruleSet.rule(forProject: r.project, version: r.version, region: r.region, service: r.serviceKind,
                                    account: service.account?.name)?.start?.maxInferenceUnits
        guard await intended(&r, .start, clientToken: token, writeAhead: writeAhead) else { return r }
        do {
            let out = try await service.start(r.ref, minInferenceUnits: units, maxInferenceUnits: maxUnits, clientToken: token)
            r.accepted(out, as: .started)
            if r.serviceKind == .sagemaker { r.copies_after = units }
        } catch {
            r.failed(error)
        }
        return r
    }

    /// Writes the action's intent and waits until it is on disk (write-ahead); false, with the
    /// decision marked `skipped`, when it could not be: the call is then not sent.
    func intended(_ r: inout ModelDecision, _ action: Action, clientToken: String?, writeAhead: WriteAhead?) async -> Bool {
        guard let writeAhead else { return true }
        do {
            try await writeAhead.record(ActionIntent(r, action: action, clientToken: clientToken))
            return true
        } catch {
            r.outcome = .skipped
            r.reason = "not \(action == .start ? "started" : "stopped"): its intent could not be written to the audit log (\(error)), and no action is sent that is not recorded first; " + r.reason
            return false
        }
    }

    /// Reads the status of the model of an earlier run's action whose outcome the log does not
    /// hold (one describe call, never the action again): what was found, for a `settle` record.
    func settle(_ pending: UnsettledIntent) async -> IntentSettlement {
        let i = pending.intent
        var s = IntentSettlement(intent: i, runId: pending.runId, reason: "")
        guard let service = services.first(where: { $0.kind == i.serviceKind && $0.region == i.region && $0.account?.name == i.account_name }) else {
            s.reason = "sent by run \(pending.runId), outcome unknown; not looked at: this run does not cover \(i.serviceKind) in \(i.region)\(i.account_name.map { " of account \($0)" } ?? "")"
            return s
        }
        let operation = service.name(of: .describe)
        do {
            let d = try await service.describe(i.ref)
            let state = d.value.status.state
            s.status_after = d.value.status.raw
            s.state_after = state
            let done = i.action == .start ? state == .hosted : state == .stopped
            let verb = i.action == .start ? "start" : "stop"
            s.reason = "sent by run \(pending.runId), outcome unknown; \(operation) now reads \(d.value.status.raw) (\(state.rawValue)): "
                + (done ? "the \(verb) took effect"
                   : state == .transitional ? "in transition (the \(verb) may be under way); this run decides on it from its listing"
                   : "the \(verb) did not take effect (or was undone); this run decides on it from its listing")
        } catch {
            s.error_code = error.code.rawValue
            s.error_message = error.message
            s.reason = "sent by run \(pending.runId), outcome unknown; its status could not be read (\(error.code.rawValue)); this run decides on it from its listing"
        }
        return s
    }

    /// Polls until the model is seen stopped (true) or `wait` seconds have passed (false),
    /// recording its status and inference units as read.
    func confirm(_ r: inout ModelDecision, on service: any ModelHostingService, within wait: Double, pollInterval: Double) async -> Bool {
        let deadline = now() + wait
        while now() < deadline {
            try? await Task.sleep(nanoseconds: UInt64(max(0.05, min(pollInterval, deadline - now())) * 1e9))
            do {
                let d = try await service.describe(r.ref)
                r.status_after = StatusWord(d.value.status.raw)
                // SageMaker's units are the copies the stop freed, not those left (0 once stopped).
                if r.serviceKind != .sagemaker { r.inference_units = d.value.inferenceUnits }
                if d.value.status.state == .stopped { return true }
            } catch {
                // Polled again until the deadline.
            }
        }
        return false
    }
}

extension ModelDecision {
    /// The service accepted the stop or start: its outcome, the status it answered, the request.
    mutating func accepted(_ answer: ServiceAnswer<ServiceStatus>, as outcome: Outcome) {
        self.outcome = outcome
        status_after = StatusWord(answer.value.raw)
        request_id = answer.requestId
        attempts = answer.attempts
    }

    /// The stop or start failed: the error as the service (or the transport) gave it.
    mutating func failed(_ error: AWSError) {
        outcome = .failed
        error_code = error.code
        error_message = error.message
        request_id = error.requestId
        attempts = error.attempts
    }
}

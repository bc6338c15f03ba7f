import Foundation
import HostingSchedule
import ModelHosting

extension SchedulerRunner {
    /// Stops one model (or, in a dry run, says it would): first, with a keep-until tag set in the
    /// rule file, reads its tags; then the stop; then with `wait` polls until the service reports
    /// it stopped.
    func stop(_ decision: ModelDecision, on service: any ModelHostingService, options: Options, calls: CallCounter,
              warnings: WarningList) async -> ModelDecision {
        var r = decision
        // Decide again at the moment of acting: the window may have opened while the run listed.
        if let clock = options.redecideWithClock, !options.dryRun {
            let t = clock()
            if t != options.evaluationInstant {
                let again = ruleSet.decide(project: r.project, version: r.version, region: service.region, service: service.kind,
                                           account: service.account?.name, at: t)
                if again.hosted == true {
                    r.decision = .keep
                    r.next_window = nil
                    r.reason = "kept: its window opened while the run was listing (decided again at \(InstantFormat.utc(t)), just before stopping): \(again.reason)"
                    return r
                }
            }
        }
        if let tag = ruleSet.keepUntilTag {
            guard await keptByTag(&r, tag: tag, on: service, at: options.evaluationInstant, calls: calls, warnings: warnings) == false else { return r }
        }
        let token = service.newClientToken()
        r.client_token = token
        r.price_per_iu_hour = ruleSet.price(for: service.kind)
        if options.dryRun {
            r.outcome = .wouldStop
            return r
        }
        let operation = service.name(of: .stop)
        do {
            let out = try await service.stop(r.ref, clientToken: token)
            calls.add(operation, out.attempts)
            calls.add(out.otherRequests)
            r.outcome = .stopped
            r.status_after = out.value.raw
            r.request_id = out.requestId
            r.attempts = out.attempts
        } catch {
            calls.add(operation, error.attempts)
            r.outcome = .failed
            r.error_code = error.code.rawValue
            r.error_message = error.message
            r.request_id = error.requestId
            r.attempts = error.attempts
            return r
        }
        if let wait = options.wait {
            r.outcome = await confirm(&r, on: service, within: wait, pollInterval: options.pollInterval, calls: calls) ? .confirmed : .unconfirmed
        }
        return r
    }

    /// Reads the model's tags (one ListTagsForResource) and keeps it while the keep-until tag
    /// holds a future instant, capped by `keep_until_max`. True when the model is kept, or when
    /// the tags could not be read (then it is deferred, and that is a failure).
    func keptByTag(_ r: inout ModelDecision, tag: String, on service: any ModelHostingService, at t: Int, calls: CallCounter,
                   warnings: WarningList) async -> Bool {
        let tags: [String: String]
        do {
            let out = try await service.tags(of: r.ref)
            calls.add(service.name(of: .listTags), out.requests)
            tags = out.value
        } catch {
            calls.add(service.name(of: .listTags), max(1, error.attempts))
            r.decision = .defer
            r.outcome = .failed
            r.error_code = error.code.rawValue
            r.error_message = error.message
            r.attempts = error.attempts
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
        guard until > t else { return false }
        var keep = until
        if until - t > ruleSet.keepUntilMax {
            keep = t + ruleSet.keepUntilMax
            warnings.add("\(model): tag \(tag) asks to keep it until \(InstantFormat.utc(until)); capped at \(InstantFormat.utc(keep)) (keep_until_max \(DurationText.format(seconds: ruleSet.keepUntilMax)))")
        }
        r.decision = .keep
        r.keep_until = InstantFormat.utc(keep)
        r.next_window = nil
        r.reason = "kept by its tag \(tag) until \(InstantFormat.utc(keep))\(keep < until ? " (capped by keep_until_max)" : ""); " + r.reason
        return true
    }

    /// Starts one model (or, in a dry run, says it would), with its own idempotency token reused
    /// across retries.
    func start(_ decision: ModelDecision, on service: any ModelHostingService, options: Options, calls: CallCounter) async -> ModelDecision {
        var r = decision
        let token = service.newClientToken()
        r.client_token = token
        if options.dryRun {
            r.outcome = .wouldStart
            return r
        }
        let units = r.inference_units ?? 1
        let maxUnits = ruleSet.rule(forProject: r.project, version: r.version, region: r.region, service: r.serviceKind,
                                    account: service.account?.name)?.start?.maxInferenceUnits
        let operation = service.name(of: .start)
        do {
            let out = try await service.start(r.ref, minInferenceUnits: units, maxInferenceUnits: maxUnits, clientToken: token)
            calls.add(operation, out.attempts)
            calls.add(out.otherRequests)
            r.outcome = .started
            r.status_after = out.value.raw
            r.request_id = out.requestId
            r.attempts = out.attempts
        } catch {
            calls.add(operation, max(1, error.attempts))
            r.outcome = .failed
            r.error_code = error.code.rawValue
            r.error_message = error.message
            r.request_id = error.requestId
            r.attempts = error.attempts
        }
        return r
    }

    /// Polls until the model is seen stopped (true) or `wait` seconds have passed (false),
    /// recording its status and inference units as read.
    func confirm(_ r: inout ModelDecision, on service: any ModelHostingService, within wait: Double, pollInterval: Double,
                 calls: CallCounter) async -> Bool {
        let operation = service.name(of: .describe)
        let deadline = now() + wait
        while now() < deadline {
            try? await Task.sleep(nanoseconds: UInt64(max(0.05, min(pollInterval, deadline - now())) * 1e9))
            do {
                let d = try await service.describe(r.ref)
                calls.add(operation, d.attempts)
                r.status_after = d.value.status.raw
                r.inference_units = d.value.inferenceUnits
                if d.value.status.state == .stopped { return true }
            } catch {
                calls.add(operation, error.attempts)
            }
        }
        return false
    }
}

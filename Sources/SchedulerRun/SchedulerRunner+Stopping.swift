import Foundation
import HostingSchedule
import ModelHosting

extension SchedulerRunner {
    /// Stops one model (or, in a dry run, says it would), then with `wait` polls until the
    /// service reports it stopped.
    func stop(_ decision: ModelDecision, on service: any ModelHostingService, options: Options, calls: CallCounter) async -> ModelDecision {
        var r = decision
        // Decide again at the moment of acting: the window may have opened while the run listed.
        if let clock = options.redecideWithClock, !options.dryRun {
            let t = clock()
            if t != options.evaluationInstant {
                let again = ruleSet.decide(project: r.project, version: r.version, region: service.region, at: t)
                if again.hosted == true {
                    r.decision = .keep
                    r.next_window = nil
                    r.reason = "kept: its window opened while the run was listing (decided again at \(InstantFormat.utc(t)), just before stopping): \(again.reason)"
                    return r
                }
            }
        }
        let token = service.newClientToken()
        r.client_token = token
        r.price_per_iu_hour = options.pricePerInferenceUnitHour
        if options.dryRun {
            r.outcome = .wouldStop
            return r
        }
        let operation = service.name(of: .stop)
        do {
            let out = try await service.stop(project: r.project, version: r.version, clientToken: token)
            calls.add(operation, out.attempts)
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

    /// Polls until the model is seen stopped (true) or `wait` seconds have passed (false),
    /// recording its status and inference units as read.
    func confirm(_ r: inout ModelDecision, on service: any ModelHostingService, within wait: Double, pollInterval: Double,
                 calls: CallCounter) async -> Bool {
        let operation = service.name(of: .describe)
        let deadline = now() + wait
        while now() < deadline {
            try? await Task.sleep(nanoseconds: UInt64(max(0.05, min(pollInterval, deadline - now())) * 1e9))
            do {
                let d = try await service.describe(project: r.project, version: r.version)
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

import ModelHosting
import RunPresentation
import Testing
@testable import AuditTrail
@testable import SchedulerRun

/// `RunCounts` is the only place that counts; every view reads it. Each row is a mix of
/// outcomes and what every definition must say of it.
@Suite struct RunCountsTests {
    struct Case: Sendable, CustomStringConvertible {
        let outcomes: [Outcome?]
        let listingFailures: Int
        let stopped, failures, unconfirmed, wouldStop, exit: Int
        var description: String { "\(outcomes.map { $0?.rawValue ?? "-" }) + \(listingFailures) listing failures" }
    }

    static let cases: [Case] = [
        Case(outcomes: [], listingFailures: 0, stopped: 0, failures: 0, unconfirmed: 0, wouldStop: 0, exit: 0),
        Case(outcomes: [nil, nil], listingFailures: 0, stopped: 0, failures: 0, unconfirmed: 0, wouldStop: 0, exit: 0),
        Case(outcomes: [.stopped, .confirmed], listingFailures: 0, stopped: 2, failures: 0, unconfirmed: 0, wouldStop: 0, exit: 0),
        Case(outcomes: [.stopped, .unconfirmed], listingFailures: 0, stopped: 2, failures: 0, unconfirmed: 1, wouldStop: 0, exit: 1),
        Case(outcomes: [.stopped, .failed], listingFailures: 0, stopped: 1, failures: 1, unconfirmed: 0, wouldStop: 0, exit: 1),
        Case(outcomes: [.stopped], listingFailures: 2, stopped: 1, failures: 2, unconfirmed: 0, wouldStop: 0, exit: 1),
        Case(outcomes: [.stopped, .skipped], listingFailures: 0, stopped: 1, failures: 0, unconfirmed: 0, wouldStop: 0, exit: 1),
        Case(outcomes: [.wouldStop, .wouldStop, nil], listingFailures: 0, stopped: 0, failures: 0, unconfirmed: 0, wouldStop: 2, exit: 0),
        Case(outcomes: [.confirmed, .unconfirmed, .failed, .skipped, .stopped], listingFailures: 1,
             stopped: 3, failures: 2, unconfirmed: 1, wouldStop: 0, exit: 1),
    ]

    @Test(arguments: cases)
    func everyViewReadsOneDefinition(_ c: Case) throws {
        var counts = RunCounts()
        for o in c.outcomes {
            var d = ModelDecision(region: "r", project: "p", version: "1", status_before: "HOSTED", state_before: .hosted,
                                  decision: o == nil ? .keep : .stop, reason: "x")
            d.outcome = o
            counts.add(d)
        }
        counts.addDiscoveryFailure(c.listingFailures)
        #expect(counts.considered == c.outcomes.count)
        #expect(counts.stopped == c.stopped)
        #expect(counts.failures == c.failures)
        #expect(counts.unconfirmed == c.unconfirmed)
        #expect(counts.wouldStop == c.wouldStop)
        #expect(counts.exitStatus == Int32(c.exit))
        // The JSON `counts` and the run-end record: written and read back the same.
        let d = counts.dictionary
        #expect(d["considered"] == c.outcomes.count && d["discovery_failures"] == c.listingFailures)
        #expect(RunCounts(dictionary: d) == counts)
        // The metrics render the same numbers.
        let result = SchedulerRunner.Result(runId: "r", regions: [], counts: counts, discoveryFailures: [], calls: [:], durationSeconds: 0)
        let metrics = MetricsFile.render(result, finishedAt: 0, dryRun: false)
        #expect(metrics.contains("lookout_scheduler_models_stopped \(Double(c.stopped))\n"))
        #expect(metrics.contains("lookout_scheduler_stop_failures \(Double(c.failures - c.listingFailures))\n"))
        #expect(metrics.contains("lookout_scheduler_models_stop_unconfirmed \(Double(c.unconfirmed))\n"))
        #expect(metrics.contains("lookout_scheduler_last_run_exit_code \(Double(c.exit))\n"))
    }

    @Test func unmanagedHostedCountsOnlyHostedModelsNoRuleCovers() {
        var counts = RunCounts()
        counts.add(ModelDecision(region: "r", project: "p", version: "1", status_before: "RUNNING", state_before: .hosted, decision: .unmanaged, reason: ""))
        counts.add(ModelDecision(region: "r", project: "p", version: "2", status_before: "STOPPED", state_before: .stopped, decision: .unmanaged, reason: ""))
        // An old record without `state_before`: Lookout for Vision's HOSTED.
        counts.add(ModelDecision(region: "r", project: "p", version: "3", status_before: "HOSTED", decision: .unmanaged, reason: ""))
        #expect(counts.unmanagedHosted == 2 && counts[.unmanaged] == 3)
    }
}

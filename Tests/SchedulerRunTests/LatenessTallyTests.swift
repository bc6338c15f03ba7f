import Testing
@testable import AuditTrail
@testable import SchedulerRun

/// The hosted time past window closes, record by record.
@Suite struct LatenessTallyTests {
    @Test func onlyTheFirstRunAfterACloseCounts() {
        var t = LatenessTally()
        // The first run of the log: whether the model was hosted all along is unknown.
        t.runStarted(runId: "a", at: 10_000)
        t.stopped(at: 10_000, windowClosedAt: 3_600, inferenceUnits: 1, pricePerUnitHour: 4)
        #expect(t.lateStops == 0)
        // The next run comes 30 minutes after a close at 12_000: 30 minutes late, 2 units.
        t.runStarted(runId: "b", at: 13_800)
        t.stopped(at: 13_800, windowClosedAt: 12_000, inferenceUnits: 2, pricePerUnitHour: 4)
        #expect(t.lateStops == 1 && t.lateSeconds == 1_800)
        #expect(t.lateCost == 4.0)
        // A later run stopping a model whose window closed before run b: started again since.
        t.runStarted(runId: "c", at: 17_400)
        t.stopped(at: 17_400, windowClosedAt: 12_000, inferenceUnits: 1, pricePerUnitHour: 4)
        // A stop with no close (schedule never) or a close after the decision counts nothing.
        t.stopped(at: 17_400, windowClosedAt: nil, inferenceUnits: 1, pricePerUnitHour: 4)
        t.stopped(at: 17_400, windowClosedAt: 18_000, inferenceUnits: 1, pricePerUnitHour: 4)
        #expect(t.lateStops == 1 && t.lateSeconds == 1_800)
        #expect(t.lateHours == 0.5)
        // A run at the very edge is not late.
        t.runStarted(runId: "d", at: 21_600)
        t.stopped(at: 21_600, windowClosedAt: 21_600, inferenceUnits: 1, pricePerUnitHour: 4)
        #expect(t.lateStops == 2 && t.lateSeconds == 1_800)
    }
}

import AuditTrail
import Foundation
import SchedulerRun

/// Whoever shows a run as it goes (the report of `run`, the story of `demo`): told once the run
/// holds the lock, then of each model as the run records it. The one seam through which a run
/// is rendered; the renderers subscribe to it, the run knows none of them.
public protocol RunListener: AnyObject {
    /// The run holds the lock and has its options: the moment for a header.
    func runStarted(_ started: RunSetup.Started)
    /// One model, decided (and, for an action, done) and recorded.
    func recorded(_ decision: ModelDecision)
}

extension RunSetup {
    /// Runs once for `instant` as `execute(at:onStart:report:)` does, telling `listener`.
    public func execute(at instant: Int, runId: String = UUID().uuidString.lowercased(), noStart: Bool = false,
                        listener: some RunListener) async throws(RunSetupError) -> SchedulerRunner.Result {
        try await execute(at: instant, runId: runId, noStart: noStart, onStart: { listener.runStarted($0) }, report: { listener.recorded($0) })
    }
}

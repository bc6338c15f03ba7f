import Foundation
import HostingSchedule
import Rendering

/// Hosted time past window closes: what a run at the window edges would have saved. For each stop
/// whose record says when the model's window closed (`window_closed_at`), the time from that
/// close to the stop's decision instant, when the stop came in the first run after the close.
/// (A model stopped in a later run was seen not hosted, or stopped, by an earlier run after the
/// close: it was started again since, and no timer would have saved that time. A stop in the
/// first run of the log is not counted: the run before it is unknown.)
///
/// Fed one record at a time, in log order, by `AuditSummary`'s one pass over the log.
public struct LatenessTally: Sendable, Equatable {
    /// Stops that came after their window's close.
    public private(set) var lateStops = 0
    /// Seconds hosted past window closes, summed over those stops.
    public private(set) var lateSeconds = 0
    /// What those seconds cost: seconds × inference units × price per inference-unit hour.
    public private(set) var lateCost = 0.0

    /// The decision instant of the run before the current one, and of the current one.
    var previousRun: Int?
    var currentRunId: String?
    var currentRun: Int?

    public init() {}

    /// Hours hosted past window closes, two decimals.
    public var lateHours: Double { JSONDocument.hours(lateSeconds) }

    /// A `run-start` record (every one, whatever the filters: the previous run decides whether a
    /// stop was the first after a close).
    public mutating func runStarted(runId: String, at evalTime: Int) {
        guard currentRunId != runId else { return }
        previousRun = currentRun
        currentRunId = runId
        currentRun = evalTime
    }

    /// A stop (a decision record whose outcome is a stop) that passed the filters.
    public mutating func stopped(at evalTime: Int, windowClosedAt: Int?, inferenceUnits: Int, pricePerUnitHour: Double) {
        // Without the run before this one in the log, there is no telling whether the model was
        // hosted since the close or started again since: not counted.
        guard let closed = windowClosedAt, closed <= evalTime, let previous = previousRun, previous < evalTime else { return }
        // An earlier run after the close (and before this one) already saw the model.
        if previous >= closed { return }
        let late = evalTime - closed
        lateStops += 1
        lateSeconds += late
        lateCost += Double(late) / 3600 * Double(inferenceUnits) * pricePerUnitHour
    }
}

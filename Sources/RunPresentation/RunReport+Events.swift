import AuditTrail
import SchedulerRun

extension RunReport {
    /// The text summary's account of the run's EventBridge events (nothing when none were configured):
    /// `events: 12 sent to ops-alerts (eu-west-1), 1 failed`, then a line per failed entry listed.
    static func eventsLines(_ events: EventsDelivered?) -> String {
        guard let e = events else { return "" }
        var out = ""
        for f in e.failures {
            out += "  EVENT FAILED: \(f.detail_type)\(f.resource.map { " for \($0)" } ?? ""): \(f.error_code): \(f.error_message)\n"
        }
        if e.failed > e.failures.count { out += "  and \(e.failed - e.failures.count) more events failed (the count is in the log)\n" }
        out += "events: \(e.sent) sent to \(e.bus) (\(e.region)), \(e.failed) failed (\(e.calls) PutEvents requests)\n"
        return out
    }
}

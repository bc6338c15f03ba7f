import Foundation
import HostingSchedule
import LookoutEmulator
import Rendering

/// What the demo's EventBridge bus received (the emulator keeps every event it accepted): one
/// line per event, as an operator's chat channel would see them.
public enum DemoEvents {
    /// One line per event received on `bus`, after a title with the counts.
    public static func text(_ events: [EmulatorService.ReceivedEvent], bus: String) -> String {
        var out = "=== What EventBridge received on the bus \(bus) (defaults.events; \(events.count) events in \(Set(events.map(\.call)).count) PutEvents calls):\n"
        for e in events {
            let detail = (try? JSONSerialization.jsonObject(with: Data(e.detail.utf8))) as? [String: Any] ?? [:]
            var what = e.resources.first ?? ""
            if e.detailType == "Run Completed", let counts = detail["counts"] as? [String: Int] {
                what = "run \(detail["run_id"] as? String ?? ""): " + counts.keys.sorted().map { "\($0) \(counts[$0]!)" }.joined(separator: ", ")
            }
            let time = e.time.map { InstantFormat.utc(Int($0)) } ?? ""
            out += "  \(time)  \(e.detailType.padding(toLength: 14, withPad: " ", startingAt: 0))  \(Printable.line(what))\n"
        }
        return out
    }
}

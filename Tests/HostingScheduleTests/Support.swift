import Foundation
@testable import HostingSchedule
import ZoneInfo

/// Seconds since the epoch of `2026-03-29T01:30:00Z`-style text (UTC only, for test tables).
func utc(_ text: String) -> Int {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    guard let d = f.date(from: text) else { fatalError("bad test time \(text)") }
    return Int(d.timeIntervalSince1970)
}

/// A zone's rules from the host's zone database (what the tool itself reads).
func zone(_ id: String) -> ZoneRules {
    do { return try ZoneDatabase.host().rules(named: id) } catch { fatalError("no zone \(id): \(error)") }
}

func date(_ text: String) -> LocalDate { LocalDate(parsing: text)! }

func time(_ text: String) -> TimeOfDay { TimeOfDay(parsing: text)! }

func weekly(_ days: [Weekday], _ from: String, _ to: String, constraints: DateConstraints = .none) -> HostingWindow {
    HostingWindow(.weekly(days: WeekdaySet(days), from: time(from), to: time(to)), constraints: constraints)
}

func cron(_ expression: String, for duration: Int, constraints: DateConstraints = .none) -> HostingWindow {
    HostingWindow(.cron(try! CronExpression(parsing: expression), duration: duration), constraints: constraints)
}

let weekdays: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]

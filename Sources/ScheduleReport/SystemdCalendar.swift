import HostingSchedule

/// Calendar events written as systemd calendar expressions (systemd.time(7), "Calendar Events"):
/// `Mon..Fri *-*-* 07:00:00 Europe/Berlin`. The zone suffix makes systemd read the wall time in
/// that zone, DST included.
public enum SystemdCalendar {
    /// The expressions for one event (one per group of times that share their minutes and seconds
    /// list), in zone `zone`.
    public static func expressions(_ event: CalendarEvent, zone: String) -> [String] {
        var prefix = ""
        if event.weekdays != .all { prefix = weekdays(event.weekdays) + " " }
        let monthPart = event.months == DateConstraints.allMonths ? "*" : list((1...12).filter { event.months & (1 << UInt16($0)) != 0 })
        let date: String
        switch event.days {
        case .any: date = "*-\(monthPart)-*"
        case .ofMonth(let mask): date = "*-\(monthPart)-" + list((1...31).filter { mask & (1 << UInt32($0)) != 0 })
        case .fromMonthEnd(let mask): date = "*-\(monthPart)~" + list((1...31).filter { mask & (1 << UInt32($0)) != 0 })
        }
        return times(event.secondsOfDay).map { "\(prefix)\(date) \($0) \(zone)" }
    }

    /// `Mon..Fri`, `Sat,Sun`, `Mon,Fri..Sun` (systemd's weekday ranges do not wrap around the week).
    static func weekdays(_ set: WeekdaySet) -> String {
        let order: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday]
        let picked = order.indices.filter { set.contains(order[$0]) }
        return runs(picked).map { r in
            r.count >= 3 ? "\(order[r.first!].shortName)..\(order[r.last!].shortName)" : r.map { order[$0].shortName }.joined(separator: ",")
        }.joined(separator: ",")
    }

    /// `01,15`, `01..07`: two digits, runs of three or more as ranges.
    static func list(_ values: [Int]) -> String {
        runs(values).map { r in
            r.count >= 3 ? "\(two(r.first!))..\(two(r.last!))" : r.map(two).joined(separator: ",")
        }.joined(separator: ",")
    }

    /// `07,19:00:00`, `*:00,30:00` as few expressions as the times allow: times are grouped by
    /// their minute and second, then groups with the same hours are joined.
    static func times(_ seconds: [Int]) -> [String] {
        var hoursByMinuteSecond: [Int: [Int]] = [:]
        for s in seconds { hoursByMinuteSecond[s % 3600, default: []].append(s / 3600) }
        var minuteSecondsByHours: [[Int]: [Int]] = [:]
        for (ms, hours) in hoursByMinuteSecond { minuteSecondsByHours[hours.sorted(), default: []].append(ms) }
        var out: [(Int, String)] = []
        for (hours, mss) in minuteSecondsByHours {
            let hourText = hours.count == 24 ? "*" : list(hours)
            let bySecond = Dictionary(grouping: mss.sorted(), by: { $0 % 60 })
            for (second, group) in bySecond {
                let minutes = group.map { $0 / 60 }
                let minuteText = minutes.count == 60 ? "*" : list(minutes)
                out.append((hours[0] * 3600 + group[0], "\(hourText):\(minuteText):\(two(second))"))
            }
        }
        return out.sorted { $0.0 < $1.0 }.map(\.1)
    }

    static func runs(_ values: [Int]) -> [[Int]] {
        var out: [[Int]] = []
        for v in values.sorted() {
            if let last = out.last?.last, last + 1 == v { out[out.count - 1].append(v) } else { out.append([v]) }
        }
        return out
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

import Foundation

/// When a model may be hosted: a set of windows in one time zone, minus holidays.
///
/// The hosted time is the union of all window occurrences. An occurrence opens only on a local
/// date that is not a holiday and that passes both the schedule's and the window's date
/// constraints; once open, it runs until it closes, even into a holiday.
public struct Schedule: Sendable, CustomStringConvertible {
    /// What kind of schedule this is.
    public enum Kind: Sendable {
        /// Always hosted: an exemption, never stopped.
        case always
        /// Never hosted: always stopped.
        case never
        /// Hosted inside the windows.
        case windows([HostingWindow])
    }

    /// The schedule's name in the rule file (`always` and `never` for the built-ins).
    public let name: String
    /// The zone in which its wall-clock times are read.
    public let clock: ZoneClock
    /// What it is.
    public let kind: Kind
    /// Local dates on which no window opens.
    public let holidays: Set<LocalDate>
    /// Dates on which any of its windows may open.
    public let constraints: DateConstraints
    /// The schedule's `grace` (seconds), for rules that set none.
    public let grace: Int?

    /// The built-in schedule that is always hosted.
    public static func always(zone: ZoneRules = .utc, zoneName: String? = nil) -> Schedule {
        Schedule(name: "always", zone: zone, zoneName: zoneName ?? "UTC", kind: .always)
    }
    /// The built-in schedule that is never hosted.
    public static func never(zone: ZoneRules = .utc, zoneName: String? = nil) -> Schedule {
        Schedule(name: "never", zone: zone, zoneName: zoneName ?? "UTC", kind: .never)
    }

    /// A schedule.
    /// SageMaker: the price of one copy-hour of the components that follow this schedule
    /// (`price_per_copy_hour`; nil: the rule file's default).
    public var pricePerCopyHour: Double? = nil

    public init(name: String, zone: ZoneRules, zoneName: String? = nil, kind: Kind, holidays: Set<LocalDate> = [],
                constraints: DateConstraints = .none, grace: Int? = nil) {
        self.grace = grace
        self.name = name
        self.clock = ZoneClock(zone, name: zoneName)
        self.kind = kind
        self.holidays = holidays
        self.constraints = constraints
        if case .windows(let ws) = kind {
            lookbackDays = ws.map(\.lookbackDays).max() ?? 0
        } else {
            lookbackDays = 0
        }
    }

    /// The time zone's rules.
    public var zone: ZoneRules { clock.rules }
    /// The time zone's name as written in the rule file.
    public var zoneName: String { clock.name }

    let lookbackDays: Int

    /// The windows (empty for `always` and `never`).
    public var windows: [HostingWindow] {
        if case .windows(let ws) = kind { return ws }
        return []
    }

    /// Whether a window of the schedule may open on `date`.
    func opens(on date: LocalDate, window: HostingWindow, ignoringHolidays: Bool = false) -> Bool {
        (ignoringHolidays || !holidays.contains(date)) && constraints.allows(date) && window.constraints.allows(date)
    }

    // MARK: - Point queries

    /// Whether the schedule hosts at instant `t` (seconds since the epoch).
    public func isHosted(at t: Int) -> Bool { coveringWindow(at: t) != nil }

    /// Whether the schedule hosts at `date`.
    public func isHosted(at date: Date) -> Bool { isHosted(at: Int(date.timeIntervalSince1970.rounded(.down))) }

    /// The window whose occurrence covers `t` (the one that closes last), with that occurrence.
    public func coveringWindow(at t: Int, ignoringHolidays: Bool = false) -> (index: Int, occurrence: Range<Int>)? {
        switch kind {
        case .always: return (0, Int.min..<Int.max)
        case .never: return nil
        case .windows(let windows):
            let today = clock.localDate(at: t)
            var best: (Int, Range<Int>)?
            for (i, w) in windows.enumerated() {
                switch w.opening {
                case .weekly:
                    for back in 0...w.lookbackDays {
                        let d = today.adding(days: -back)
                        guard opens(on: d, window: w, ignoringHolidays: ignoringHolidays) else { continue }
                        for occ in w.occurrences(openingOn: d, clock: clock) where occ.contains(t) {
                            if best.map({ occ.upperBound > $0.1.upperBound }) ?? true { best = (i, occ) }
                        }
                    }
                case .cron(let expression, let duration):
                    // Every occurrence lasts as long, so the latest opening at or before t decides.
                    // A firing on day d opens no earlier than d's local midnight minus a few hours,
                    // so once a day's openings are all too old, earlier days are too.
                    var latest: Int?
                    for back in -1...w.lookbackDays {
                        // Openings on a day are later than those of two days before, whatever the
                        // DST shifts; so once one is found, one more day back settles it.
                        if latest != nil && back >= 2 { break }
                        let d = today.adding(days: -back)
                        guard opens(on: d, window: w, ignoringHolidays: ignoringHolidays),
                              let open = w.latestCronOpen(on: d, atOrBefore: t, expression: expression, clock: clock)
                        else { continue }
                        latest = max(latest ?? open, open)
                    }
                    if let open = latest, t < open + duration, best.map({ open + duration > $0.1.upperBound }) ?? true {
                        best = (i, open..<(open + duration))
                    }
                }
            }
            return best
        }
    }

    // MARK: - Intervals

    /// The hosted intervals that intersect `[from, to)`, merged (overlapping or touching
    /// occurrences form one interval) and clipped to the range.
    public func hostedIntervals(from: Int, to: Int) -> [Range<Int>] {
        guard from < to else { return [] }
        switch kind {
        case .always: return [from..<to]
        case .never: return []
        case .windows:
            return Schedule.merge(occurrences(openingFrom: clock.localDate(at: from).adding(days: -lookbackDays),
                                              through: clock.localDate(at: to).adding(days: 1)))
                .compactMap { r in
                    let lo = max(r.lowerBound, from), hi = min(r.upperBound, to)
                    return lo < hi ? lo..<hi : nil
                }
        }
    }

    /// All occurrences that open on local dates in `[first, last]`, unsorted.
    func occurrences(openingFrom first: LocalDate, through last: LocalDate) -> [Range<Int>] {
        var result: [Range<Int>] = []
        let windows = self.windows
        var day = first.daysSinceEpoch
        let end = last.daysSinceEpoch
        while day <= end {
            let d = LocalDate(daysSinceEpoch: day)
            for w in windows where opens(on: d, window: w) {
                result.append(contentsOf: w.occurrences(openingOn: d, clock: clock))
            }
            day += 1
        }
        return result
    }

    /// Sorts and merges intervals; touching intervals (`[a,b)`, `[b,c)`) become one.
    static func merge(_ ranges: [Range<Int>]) -> [Range<Int>] {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var out: [Range<Int>] = []
        for r in sorted where !r.isEmpty {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    // MARK: - Transitions

    /// How far transitions are searched for, in each direction: about ten years.
    public static let transitionHorizon = 3_660 * 86_400

    /// The first instant after `t` at which hosted-or-not changes, or nil if it does not change
    /// within `transitionHorizon`.
    public func nextTransition(after t: Int) -> Int? {
        guard case .windows = kind else { return nil }
        let hosted = isHosted(at: t)
        var span = 8 * 86_400
        while true {
            let end = t + span
            // Occurrences opening on dates up to `end`'s date are all known, so anything decided
            // strictly before `end` is final.
            let merged = Schedule.merge(occurrences(openingFrom: clock.localDate(at: t).adding(days: -lookbackDays),
                                                    through: clock.localDate(at: end)))
            if hosted {
                if let r = merged.first(where: { $0.contains(t) }), r.upperBound < end { return r.upperBound }
            } else if let r = merged.first(where: { $0.lowerBound > t }), r.lowerBound < end {
                return r.lowerBound
            }
            if span >= Schedule.transitionHorizon { return nil }
            span = min(span * 4, Schedule.transitionHorizon)
        }
    }

    /// The last instant at or before `t` at which hosted-or-not changed (so the current state
    /// holds from it), or nil if it did not change within `transitionHorizon`.
    public func previousTransition(atOrBefore t: Int) -> Int? {
        guard case .windows = kind else { return nil }
        let hosted = isHosted(at: t)
        var span = 8 * 86_400
        while true {
            let start = t - span
            let merged = Schedule.merge(occurrences(openingFrom: clock.localDate(at: start).adding(days: -lookbackDays),
                                                    through: clock.localDate(at: t).adding(days: 1)))
            if hosted {
                if let r = merged.first(where: { $0.contains(t) }), r.lowerBound > start { return r.lowerBound }
            } else if let r = merged.last(where: { $0.upperBound <= t }), r.upperBound > start {
                return r.upperBound
            }
            if span >= Schedule.transitionHorizon { return nil }
            span = min(span * 4, Schedule.transitionHorizon)
        }
    }

    /// `office-hours (Mon-Fri 07:00-19:00 Europe/Berlin)`.
    public var description: String { "\(name) (\(summary))" }

    /// `Mon-Fri 07:00-19:00 Europe/Berlin`, `always`, `never`.
    public var summary: String {
        switch kind {
        case .always: return "always hosted"
        case .never: return "never hosted"
        case .windows(let ws):
            var s = ws.map(\.description).joined(separator: "; ") + " " + clock.name
            if !constraints.isUnconstrained { s += ", \(constraints.description)" }
            if !holidays.isEmpty { s += ", \(holidays.count) holiday\(holidays.count == 1 ? "" : "s")" }
            return s
        }
    }
}

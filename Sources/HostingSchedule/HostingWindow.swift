/// One recurring period during which a model may be hosted.
///
/// A window *opens* on a local date and is half-open: `[open, close)`.
/// - `weekly`: opens at `from` on each listed weekday and closes at `to` the same day, or the next
///   day when `to` is not after `from` (a window that crosses midnight); `24:00` is the end of the day.
/// - `cron`: opens at every firing of the expression and stays open for `duration` seconds of
///   elapsed time.
public struct HostingWindow: Hashable, Sendable, CustomStringConvertible {
    /// How the window opens and closes.
    public enum Opening: Hashable, Sendable {
        /// Opens at `from` on each of `days`, closes at `to` (the next day if `to <= from`).
        case weekly(days: WeekdaySet, from: TimeOfDay, to: TimeOfDay)
        /// Opens at each firing of the expression; lasts `duration` seconds.
        case cron(CronExpression, duration: Int)
    }

    /// How the window opens and closes.
    public let opening: Opening
    /// The dates on which it may open.
    public let constraints: DateConstraints

    /// A window.
    public init(_ opening: Opening, constraints: DateConstraints = .none) {
        self.opening = opening
        self.constraints = constraints
    }

    /// How many local days back an occurrence that still covers an instant may have opened.
    var lookbackDays: Int {
        switch opening {
        case .weekly: return 2
        case .cron(_, let duration): return (duration + 86_399) / 86_400 + 2
        }
    }

    /// The occurrences that open on `date` (constraints and holidays not checked here).
    func occurrences(openingOn date: LocalDate, clock: ZoneClock) -> [Range<Int>] {
        switch opening {
        case let .weekly(days, from, to):
            guard days.contains(date.weekday) else { return [] }
            let open = clock.instant(of: date, minutes: from.minutes)
            let close = to.minutes > from.minutes
                ? clock.instant(of: date, minutes: to.minutes)
                : clock.instant(of: date.adding(days: 1), minutes: to.minutes)
            // Both ends in one DST gap can leave nothing: then the window does not open that day.
            return close > open ? [open..<close] : []
        case let .cron(expression, duration):
            let mins = expression.firingMinutes(on: date)
            var result: [Range<Int>] = []
            result.reserveCapacity(mins.count)
            for m in mins {
                let open = clock.instant(of: date, minutes: m)
                result.append(open..<(open + duration))
            }
            return result
        }
    }

    /// The latest occurrence that opens on `date` at or before `t` (cron windows), for fast lookup.
    func latestCronOpen(on date: LocalDate, atOrBefore t: Int, expression: CronExpression, clock: ZoneClock) -> Int? {
        let mins = expression.firingMinutes(on: date)
        var best: Int?
        var bestWall = Int.max
        for m in mins.reversed() {
            // Wall times in a DST gap resolve later than their neighbours; look a little past the
            // first hit so that order differences from a gap (at most a few hours) cannot hide a later one.
            if best != nil && m < bestWall - 240 { break }
            let open = clock.instant(of: date, minutes: m)
            if open <= t, open > (best ?? Int.min) {
                best = open
                bestWall = m
            }
        }
        return best
    }

    /// `Mon-Fri 07:00-19:00` or `cron '0 6 L * *' for 14h`, with constraints.
    public var description: String {
        var text: String
        switch opening {
        case let .weekly(days, from, to):
            text = "\(days) \(from)-\(to)"
        case let .cron(expression, duration):
            text = "cron '\(expression.source)' for \(DurationText.format(seconds: duration))"
        }
        if !constraints.isUnconstrained { text += " (\(constraints.description))" }
        return text
    }
}

/// Durations as written in rule files: `14h`, `90m`, `1h30m`, `2d`.
public enum DurationText {
    /// Parses `<n>d`, `<n>h`, `<n>m`, `<n>s` components in that order (`1d12h`, `1h30m`).
    public static func parse(_ text: String) -> Int? {
        var total = 0, number = "", seen = ""
        let order = "dhms"
        for ch in text {
            if ch.isASCIIDigit {
                number.append(ch)
            } else {
                guard let unit = ["d": 86_400, "h": 3_600, "m": 60, "s": 1][String(ch)], !number.isEmpty,
                      let n = Int(number), n <= 1_000_000 else { return nil }
                // Units must come in decreasing order, each once.
                if let last = seen.last, let li = order.firstIndex(of: last), let ci = order.firstIndex(of: ch), ci <= li {
                    return nil
                }
                seen.append(ch)
                total += n * unit
                number = ""
            }
        }
        guard number.isEmpty, !seen.isEmpty else { return nil }
        return total
    }

    /// `14h`, `1h30m`, `2d`, `45s`.
    public static func format(seconds: Int) -> String {
        if seconds == 0 { return "0m" }
        var s = seconds, out = ""
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] where s >= size {
            out += "\(s / size)\(unit)"
            s %= size
        }
        return out
    }
}

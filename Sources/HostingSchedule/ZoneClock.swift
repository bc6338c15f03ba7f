/// Converts between instants and wall-clock times in one IANA time zone, with the DST rules of
/// lookout-scheduler:
///
/// - A wall time that does not exist (spring forward) resolves forward by the length of the gap:
///   02:30 on a day that jumps from 02:00 to 03:00 becomes 03:30. (It is read with the offset in
///   force before the transition.)
/// - A wall time that occurs twice (fall back) resolves to the earlier instant.
///
/// Instants are whole seconds since the Unix epoch.
public struct ZoneClock: Sendable {
    /// The zone's rules: from the host's zone files, or (on a host without them) the binary's own.
    public let rules: ZoneRules

    /// The zone's name as the rule file wrote it.
    public let name: String

    /// A clock for `rules`, called `name` in messages and output (default: its identifier).
    public init(_ rules: ZoneRules, name: String? = nil) {
        self.rules = rules
        self.name = name ?? rules.identifier
    }

    /// Coordinated Universal Time.
    public static let utc = ZoneClock(.utc)

    /// The zone's offset from UTC, in seconds, at instant `t`.
    @inline(__always)
    public func offset(at t: Int) -> Int { rules.offset(at: t) }

    /// The instant of wall time `minutes` after midnight (0...1440) on `date`.
    public func instant(of date: LocalDate, minutes: Int) -> Int {
        let wall = (date.daysSinceEpoch * 1440 + minutes) * 60
        return instant(ofWallSeconds: wall)
    }

    /// The instant of a wall time given as seconds since 1970-01-01T00:00 local.
    public func instant(ofWallSeconds wall: Int) -> Int {
        // Every real offset is within ±18 h, so the true instant lies within 18 h of `wall`;
        // probing 18 h either side sees the offsets before and after any transition near it.
        let before = offset(at: wall - 64_800)
        let after = offset(at: wall + 64_800)
        if before == after {
            // No transition near (the common case); still confirm, for zones with two close ones.
            let c = wall - before
            if offset(at: c) == before { return c }
        }
        var best: Int?
        for o in [before, after, offset(at: wall)] {
            let c = wall - o
            if offset(at: c) == o, best.map({ c < $0 }) ?? true { best = c }
        }
        if let best { return best }
        // A gap: read the wall time with the offset in force before the transition.
        return wall - before
    }

    /// The wall-clock date, the seconds since local midnight, and the offset at instant `t`.
    public func localTime(at t: Int) -> (date: LocalDate, secondsOfDay: Int, offset: Int) {
        let o = offset(at: t)
        let wall = t + o
        let days = wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400
        return (LocalDate(daysSinceEpoch: days), wall - days * 86_400, o)
    }

    /// The local date at instant `t`.
    public func localDate(at t: Int) -> LocalDate { localTime(at: t).date }
}

/// Formatting of instants for people and for JSON.
public enum InstantFormat {
    /// `2026-03-29T01:30:00Z`.
    public static func utc(_ t: Int) -> String {
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let secs = t - days * 86_400
        return "\(LocalDate(daysSinceEpoch: days))T\(hms(secs))Z"
    }

    /// `2026-03-29T03:30:00+02:00` in the clock's zone.
    public static func local(_ t: Int, in clock: ZoneClock) -> String {
        let lt = clock.localTime(at: t)
        return "\(lt.date)T\(hms(lt.secondsOfDay))\(offset(lt.offset))"
    }

    /// Parses exactly `2026-03-29T01:30:00Z` (the form `utc` writes), fast; nil otherwise.
    public static func parseUTC(_ text: some StringProtocol) -> Int? {
        var text = String(text)
        return text.withUTF8 { parseUTC(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// `parseUTC` straight from bytes (the audit log's scanner reads them so).
    public static func parseUTC(bytes b: UnsafeRawBufferPointer) -> Int? {
        guard b.count == 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x5A else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16),
              let s = num(17..<19), let date = LocalDate(year: y, month: mo, day: d), h < 24, mi < 60, s < 60 else { return nil }
        return date.daysSinceEpoch * 86_400 + h * 3600 + mi * 60 + s
    }

    /// `+02:00`, `-05:00`, `+05:30`; with seconds when the offset has them (`-00:44:30`, the local
    /// mean time of some zones before 1972), so that a printed local time parses back to its instant.
    public static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let a = abs(seconds)
        let s = a % 60
        return sign + TimeOfDay.format(minutes: a / 60) + (s == 0 ? "" : (s < 10 ? ":0\(s)" : ":\(s)"))
    }

    static func hms(_ secs: Int) -> String {
        let s = secs % 60
        return TimeOfDay.format(minutes: secs / 60) + ":" + (s < 10 ? "0\(s)" : "\(s)")
    }
}

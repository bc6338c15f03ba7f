import Foundation

/// One zone's UTC offsets at every instant: a sorted table of changes, with a rule for the
/// instants before and after it. Built from a TZif file (the host's zone database, `TZif.parse`),
/// as a fixed offset (`UTC`), or, on a host without zone files, from the data built into the
/// binary (`ZoneRules(builtin:)`).
///
/// The table holds the file's transitions and, after the last, the footer's yearly changes up to
/// 2200, so the evaluator's hot path is one binary search; later instants ask the footer itself.
public final class ZoneRules: Sendable, CustomStringConvertible {
    /// The zone's name (`Europe/Berlin`).
    public let identifier: String
    /// `starts[i]` is the instant from which `offsets[i]` holds, ascending.
    let starts: [Int]
    let offsets: [Int]
    /// Before `starts[0]`.
    let before: Extension
    /// From `tableEnd` on (the last offset holds until then).
    let after: Extension
    let tableEnd: Int

    /// How offsets continue outside the table.
    enum Extension: Sendable {
        case constant(Int)
        case posix(PosixTZRule)
        case foundation(TimeZone)
    }

    /// The table's footer-generated part ends here: 2200-01-01T00:00:00Z.
    static let footerHorizon = 7_258_118_400

    /// Coordinated Universal Time: offset 0 at every instant.
    public static let utc = ZoneRules(identifier: "UTC", fixedOffset: 0)

    /// The table and its two extensions, as given.
    init(identifier: String, starts: [Int], offsets: [Int], before: Extension, after: Extension, tableEnd: Int) {
        precondition(!starts.isEmpty && starts.count == offsets.count)
        self.identifier = identifier
        self.starts = starts
        self.offsets = offsets
        self.before = before
        self.after = after
        self.tableEnd = tableEnd
    }

    /// A zone whose offset never changes.
    public convenience init(identifier: String, fixedOffset: Int) {
        self.init(identifier: identifier, starts: [Int.min], offsets: [fixedOffset], before: .constant(fixedOffset),
                  after: .constant(fixedOffset), tableEnd: Int.max)
    }

    /// A zone from a TZif file's contents: its transitions (ascending), the offset each starts,
    /// the offset before the first, and its footer rule (nil when the footer is empty).
    convenience init(identifier: String, transitions: [Int], offsets transitionOffsets: [Int], beforeFirst: Int, footer: PosixTZRule?) {
        guard let last = transitions.last else {
            // No transitions: the footer alone (RFC 8536 section 3.2), else the first standard type.
            if let footer, footer.daylight != nil {
                let (s, o) = ZoneRules.expand(footer, from: ZoneRules.footerStart, after: Int.min)
                self.init(identifier: identifier, starts: s, offsets: o, before: .posix(footer), after: .posix(footer),
                          tableEnd: ZoneRules.footerHorizon)
            } else {
                self.init(identifier: identifier, fixedOffset: footer?.standardOffset ?? beforeFirst)
            }
            return
        }
        var s = transitions, o = transitionOffsets
        let after: Extension
        var tableEnd = Int.max
        if let footer {
            // From the last transition on, the footer says (as glibc reads it: timer >= last).
            o[o.count - 1] = footer.offset(at: last)
            if footer.daylight != nil {
                let (fs, fo) = ZoneRules.expand(footer, from: CivilDays.year(ofDay: CivilDays.floorDiv(last, 86_400)), after: last)
                s += fs
                o += fo
                after = .posix(footer)
                tableEnd = ZoneRules.footerHorizon
            } else {
                after = .constant(footer.standardOffset)
            }
        } else {
            after = .constant(o[o.count - 1])
        }
        // Keep only changes of offset (a change of name or of isdst alone does not move the clock).
        var cs = [Int.min], co = [beforeFirst]
        for k in 0..<s.count where o[k] != co[co.count - 1] {
            cs.append(s[k])
            co.append(o[k])
        }
        self.init(identifier: identifier, starts: cs, offsets: co, before: .constant(beforeFirst), after: after, tableEnd: tableEnd)
    }

    /// Tables start no earlier than this year when a zone is only its footer.
    static let footerStart = 1800

    /// The footer's changes from `year` to the horizon, later than `after`, as (starts, offsets).
    static func expand(_ rule: PosixTZRule, from year: Int, after: Int) -> ([Int], [Int]) {
        var changes: [(at: Int, offset: Int)] = []
        for y in year...2200 { changes += rule.changes(inYear: y) }
        // A stable sort keeps a later year's change after an earlier year's at the same instant.
        let sorted = changes.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        var s: [Int] = [], o: [Int] = []
        for c in sorted where c.at > after && c.at < footerHorizon {
            if let l = s.last, l == c.at { o[o.count - 1] = c.offset; continue }
            s.append(c.at)
            o.append(c.offset)
        }
        return (s, o)
    }

    /// The zone's offset from UTC, in seconds, at instant `t`.
    @inline(__always)
    public func offset(at t: Int) -> Int {
        if t < starts[0] { return extended(before, t) }
        if t >= tableEnd { return extended(after, t) }
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if starts[mid] <= t { lo = mid } else { hi = mid - 1 }
        }
        return offsets[lo]
    }

    func extended(_ e: Extension, _ t: Int) -> Int {
        switch e {
        case .constant(let o): return o
        case .posix(let rule): return rule.offset(at: t)
        case .foundation(let zone): return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t)))
        }
    }

    /// The instants at which the offset changes in `range` (for tests and pictures).
    public func changes(in range: Range<Int>) -> [Int] {
        var out: [Int] = []
        var t = range.lowerBound
        var current = offset(at: t)
        // The table's own changes, then (past the table) a day-by-day walk located by bisection.
        for s in starts where s > range.lowerBound && s < min(range.upperBound, tableEnd) {
            if offset(at: s) != current { out.append(s); current = offset(at: s) }
        }
        t = max(range.lowerBound, tableEnd == Int.max ? range.upperBound : tableEnd)
        while t < range.upperBound {
            let next = min(t + 86_400, range.upperBound)
            if offset(at: next) != current {
                var lo = t, hi = next
                while hi - lo > 1 {
                    let mid = (lo + hi) / 2
                    if offset(at: mid) == current { lo = mid } else { hi = mid }
                }
                if hi < range.upperBound { out.append(hi) }
                current = offset(at: hi)
            }
            t = next
        }
        return out
    }

    /// `Europe/Berlin`.
    public var description: String { identifier }
}

extension ZoneRules {
    /// A zone from the data built into the binary (Foundation's copy of ICU's tzdata): only for a
    /// host that has no zone files. Tabulated from 1970 to 2100; outside, Foundation answers.
    public convenience init(builtin zone: TimeZone, identifier: String) {
        let table = ZoneOffsetTable(zone)
        self.init(identifier: identifier, starts: table.starts, offsets: table.offsets, before: .foundation(zone),
                  after: .foundation(zone), tableEnd: table.upper)
    }
}

import Foundation
import HostingSchedule
import ScheduleReport

/// Where everything in a picture of a timeline goes, in x: pure geometry computed from the
/// evaluator's own timeline (`TimelineReport`, the intervals `windows` prints), on one linear
/// time axis shared by every row. Each row also carries its schedule's calendar days (in its own
/// zone, so a 25-hour day is 25/24 as wide as the others), holidays, validity limits and DST changes.
public struct TimelineLayout: Sendable {
    /// Column positions, in SVG user units.
    public struct Metrics: Sendable, Equatable {
        /// Total width of the picture.
        public var width = 1280.0
        /// Left edge of the row labels.
        public var labelX = 8.0
        /// Where the time axis starts.
        public var plotX = 292.0
        /// Width of the time axis.
        public var plotWidth = 748.0
        /// Right edges of the three figures beside each row (hosted, stopped, cost per week).
        public var statsRight = [1112.0, 1182.0, 1272.0]
        /// Height of one row.
        public var rowHeight = 46.0

        /// The standard metrics.
        public static let standard = Metrics()
        /// The width available to a row's labels.
        public var labelWidth: Double { plotX - labelX - 12 }
    }

    /// A hosted bar: one interval of the timeline, or several that lie closer than a pixel apart
    /// (drawn as one so that a long range stays light; its title says how many).
    public struct Bar: Sendable, Equatable {
        /// From the first interval's start to the last one's end (clipped to the range).
        public let span: Range<Int>
        /// How many hosted intervals it stands for.
        public let count: Int
        /// Seconds hosted within it.
        public let hostedSeconds: Int
        /// Where it is drawn.
        public let x: Double
        /// How wide it is drawn.
        public let width: Double
    }

    /// A calendar day on the axis.
    public struct Day: Sendable, Equatable {
        /// The day in its zone.
        public let day: CalendarDay
        /// Where its visible part starts.
        public let x: Double
        /// How wide its visible part is.
        public let width: Double
        /// True when its schedule opens no window on it because it is a holiday.
        public let isHoliday: Bool
        /// The holiday's name, when the holiday file gives one.
        public let holidayName: String?
        /// True when date limits (`valid_from`, `valid_until`, `months`) keep every window of the
        /// schedule from opening on it.
        public let isOutsideValidity: Bool
    }

    /// A change of the zone's offset (DST), where it happens.
    public struct Change: Sendable, Equatable {
        public let change: OffsetChange
        public let x: Double
    }

    /// A `valid_from` or `valid_until` limit inside the range.
    public struct Limit: Sendable, Equatable {
        /// Which end of the validity it is.
        public enum Kind: String, Sendable { case validFrom = "valid_from", validUntil = "valid_until" }
        public let kind: Kind
        /// The date as written in the rule file.
        public let date: LocalDate
        /// The window (from 1) the limit belongs to, or nil for the whole schedule.
        public let window: Int?
        /// The instant the limit takes effect: the start of `valid_from`, or the end of `valid_until`.
        public let instant: Int
        public let x: Double
    }

    /// One row: a rule's timeline.
    public struct Row: Sendable {
        /// The timeline entry (rule and hosted intervals) the row draws.
        public let entry: TimelineReport.Entry
        public let bars: [Bar]
        /// The schedule's calendar days, in its zone.
        public let days: [Day]
        public let changes: [Change]
        public let limits: [Limit]
        /// Seconds hosted in the range.
        public let hostedSeconds: Int
        /// Seconds stopped in the range.
        public let stoppedSeconds: Int
        /// The cost of one inference unit hosted on this timeline, per week.
        public let costPerWeek: Double
    }

    /// The shared time axis.
    public let axis: TimeAxis
    /// The UTC days along the axis.
    public let utcDays: [Day]
    /// One row per timeline entry.
    public let rows: [Row]
    /// The metrics used.
    public let metrics: Metrics

    /// Lays out `report` (every rule's timeline, or one model's).
    /// `prices` by service, for rules of a service it names (else `price`).
    public init(report: TimelineReport, pricePerInferenceUnitHour price: Double, prices: [ServiceKind: Double] = [:],
                holidayNames: [LocalDate: String] = [:], metrics: Metrics = .standard) {
        let axis = TimeAxis(from: report.from, to: report.to, x: metrics.plotX, width: metrics.plotWidth)
        self.axis = axis
        self.metrics = metrics
        let utc = ZoneClock.utc
        utcDays = TimelineLayout.days(CalendarDay.days(in: utc, from: report.from, to: report.to), axis: axis, schedule: nil, names: [:])
        let range = report.rangeSeconds
        rows = report.entries.map { entry in
            let schedule = entry.rule.schedule
            let hosted = entry.hostedSeconds
            return Row(
                entry: entry,
                bars: TimelineLayout.bars(entry.intervals, axis: axis),
                days: TimelineLayout.days(CalendarDay.days(in: schedule.clock, from: report.from, to: report.to), axis: axis,
                                          schedule: schedule, names: holidayNames),
                changes: OffsetChange.changes(in: schedule.clock, from: report.from, to: report.to).map { Change(change: $0, x: axis.position(of: $0.instant)) },
                limits: TimelineLayout.limits(of: schedule, axis: axis),
                hostedSeconds: hosted, stoppedSeconds: range - hosted,
                costPerWeek: Double(hosted) / 3600 * (prices[entry.rule.service] ?? price) * (7 * 86_400) / Double(range))
        }
    }

    /// Bars closer than this (in units) to the previous one are drawn with it.
    static let mergeGap = 1.0

    static func bars(_ intervals: [Range<Int>], axis: TimeAxis) -> [Bar] {
        var bars: [Bar] = []
        var current: (span: Range<Int>, count: Int, hosted: Int)?
        func flush() {
            guard let c = current, let s = axis.span(of: c.span) else { return }
            bars.append(Bar(span: c.span, count: c.count, hostedSeconds: c.hosted, x: s.x, width: s.width))
        }
        for r in intervals {
            if let c = current, Double(r.lowerBound - c.span.upperBound) * axis.scale < mergeGap {
                current = (c.span.lowerBound..<r.upperBound, c.count + 1, c.hosted + r.count)
            } else {
                flush()
                current = (r, 1, r.count)
            }
        }
        flush()
        return bars
    }

    static func days(_ days: [CalendarDay], axis: TimeAxis, schedule: Schedule?, names: [LocalDate: String]) -> [Day] {
        days.compactMap { d in
            guard let s = axis.span(of: d.start..<d.end) else { return nil }
            let holiday = schedule.map { $0.windows.isEmpty == false && $0.holidays.contains(d.date) } ?? false
            // Outside when the schedule's limits exclude the date, or every window's own do.
            let outside = schedule.map { s in
                !s.windows.isEmpty && (!s.constraints.allows(d.date) || s.windows.allSatisfy { !$0.constraints.allows(d.date) })
            } ?? false
            return Day(day: d, x: s.x, width: s.width, isHoliday: holiday, holidayName: holiday ? names[d.date] : nil,
                       isOutsideValidity: outside)
        }
    }

    static func limits(of schedule: Schedule, axis: TimeAxis) -> [Limit] {
        var result: [Limit] = []
        func add(_ c: DateConstraints, window: Int?) {
            if let f = c.validFrom {
                let t = schedule.clock.instant(of: f, minutes: 0)
                if t > axis.from && t < axis.to { result.append(Limit(kind: .validFrom, date: f, window: window, instant: t, x: axis.position(of: t))) }
            }
            if let u = c.validUntil {
                let t = schedule.clock.instant(of: u.adding(days: 1), minutes: 0)
                if t > axis.from && t < axis.to { result.append(Limit(kind: .validUntil, date: u, window: window, instant: t, x: axis.position(of: t))) }
            }
        }
        guard !schedule.windows.isEmpty else { return [] }
        add(schedule.constraints, window: nil)
        for (i, w) in schedule.windows.enumerated() { add(w.constraints, window: i + 1) }
        return result.sorted { $0.instant < $1.instant }
    }
}

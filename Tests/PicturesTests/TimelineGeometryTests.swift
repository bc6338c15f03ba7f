import Foundation
import HostingSchedule
import Pictures
import RuleFile
import ScheduleReport
import Testing

/// Rule files for the tests, read from memory (the loader's file seam).
func ruleFile(_ yaml: String, files: [String: String] = [:]) throws -> RuleFile {
    try RuleFile.parse(yaml: yaml, path: "/rules/test.yaml", readFile: { path in
        guard let text = files[path] else { throw CocoaError(.fileReadNoSuchFile) }
        return text
    })
}

let officeHours = """
    version: 1
    defaults: { timezone: Europe/Berlin }
    schedules:
      office-hours:
        windows: [{ days: mon-fri, from: "07:00", to: "19:00" }]
    rules:
      - { project: pcb, schedule: office-hours }
    """

/// `2026-10-19T00:00:00+02:00` as seconds since the epoch.
func instant(_ text: String) -> Int { Int(ISO8601DateFormatter().date(from: text)!.timeIntervalSince1970) }

@Suite struct TimelineGeometryTests {
    let metrics = TimelineLayout.Metrics.standard

    /// Monday 2026-10-19 to Monday 2026-10-26 in Berlin: 169 hours, the clocks go back on Sunday the 25th.
    func berlinWeek() throws -> TimelineLayout {
        let file = try ruleFile(officeHours)
        let report = TimelineReport(ruleSet: file.ruleSet, from: instant("2026-10-19T00:00:00+02:00"), to: instant("2026-10-26T00:00:00+01:00"))
        return TimelineLayout(report: report, pricePerInferenceUnitHour: 4)
    }

    @Test func aBerlinWeekDrawsThe25HourDay25Over24AsWide() throws {
        let layout = try berlinWeek()
        #expect(layout.axis.to - layout.axis.from == 169 * 3600)
        let days = layout.rows[0].days
        #expect(days.map(\.day.date.description) == ["2026-10-19", "2026-10-20", "2026-10-21", "2026-10-22", "2026-10-23", "2026-10-24", "2026-10-25"])
        #expect(days.map(\.day.hours) == [24, 24, 24, 24, 24, 24, 25])
        #expect(days.map(\.day.isDSTChange) == [false, false, false, false, false, false, true])
        let ordinary = days[0].width
        #expect(abs(ordinary - metrics.plotWidth * 24 / 169) < 1e-9)
        #expect(abs(days[6].width / ordinary - 25.0 / 24.0) < 1e-9)
        // The days tile the axis: each starts where the one before ends.
        for (a, b) in zip(days, days.dropFirst()) { #expect(abs(a.x + a.width - b.x) < 1e-9) }
        #expect(abs(days[6].x + days[6].width - (metrics.plotX + metrics.plotWidth)) < 1e-9)
    }

    @Test func barsSitAtTheEvaluatorsIntervals() throws {
        let layout = try berlinWeek()
        let bars = layout.rows[0].bars
        #expect(bars.count == 5)
        // Monday 07:00-19:00 CEST is 05:00-17:00 UTC: 7 hours after the start (Sunday 22:00 UTC), 12 hours wide.
        #expect(bars[0].span == instant("2026-10-19T05:00:00Z")..<instant("2026-10-19T17:00:00Z"))
        #expect(abs(bars[0].x - (metrics.plotX + metrics.plotWidth * 7 / 169)) < 1e-9)
        #expect(abs(bars[0].width - metrics.plotWidth * 12 / 169) < 1e-9)
        // Friday: 4 days later.
        #expect(abs(bars[4].x - (metrics.plotX + metrics.plotWidth * (7 + 96) / 169)) < 1e-9)
        #expect(layout.rows[0].hostedSeconds == 60 * 3600)
        #expect(layout.rows[0].stoppedSeconds == 109 * 3600)
        // 60 hosted hours in 169 at 4.00: per week of 168 hours.
        #expect(abs(layout.rows[0].costPerWeek - 60 * 4 * 168 / 169) < 1e-9)
    }

    @Test func theDSTChangeIsMarkedWhereTheClocksGoBack() throws {
        let layout = try berlinWeek()
        let changes = layout.rows[0].changes
        #expect(changes.map(\.change) == [OffsetChange(instant: instant("2026-10-25T01:00:00Z"), before: 7200, after: 3600)])
        // Sunday 01:00 UTC is 147 hours after Sunday 22:00 UTC the week before.
        #expect(abs(changes[0].x - (metrics.plotX + metrics.plotWidth * 147 / 169)) < 1e-9)
    }

    @Test func springForwardMakesA23HourDay() throws {
        let file = try ruleFile(officeHours)
        let report = TimelineReport(ruleSet: file.ruleSet, from: instant("2026-03-28T00:00:00+01:00"), to: instant("2026-03-30T00:00:00+02:00"))
        let layout = TimelineLayout(report: report, pricePerInferenceUnitHour: 4)
        #expect(layout.rows[0].days.map(\.day.hours) == [24, 23])
        #expect(abs(layout.rows[0].days[1].width / layout.rows[0].days[0].width - 23.0 / 24.0) < 1e-9)
        // UTC days are always 24 hours; this range starts and ends mid-day in UTC.
        #expect(layout.utcDays.map(\.day.hours) == [24, 24, 24])
        #expect(layout.rows[0].changes.map(\.change.instant) == [instant("2026-03-29T01:00:00Z")])
    }

    @Test func zonesShareTheAxisEachWithItsOwnDays() throws {
        let file = try ruleFile("""
            version: 1
            schedules:
              chicago: { timezone: America/Chicago, windows: [{ days: mon-fri, from: "22:00", to: "06:00" }] }
              berlin: { timezone: Europe/Berlin, windows: [{ days: mon-fri, from: "07:00", to: "19:00" }] }
            rules:
              - { project: a, schedule: chicago }
              - { project: b, schedule: berlin }
            """)
        let report = TimelineReport(ruleSet: file.ruleSet, from: instant("2026-10-24T00:00:00Z"), to: instant("2026-11-03T00:00:00Z"))
        let layout = TimelineLayout(report: report, pricePerInferenceUnitHour: 4)
        #expect(layout.rows[0].changes.map(\.change.instant) == [instant("2026-11-01T07:00:00Z")])
        #expect(layout.rows[1].changes.map(\.change.instant) == [instant("2026-10-25T01:00:00Z")])
        // Chicago's first (partial) day starts before the range: Friday 19:00 CDT.
        #expect(layout.rows[0].days.first?.day.date.description == "2026-10-23")
        #expect(layout.rows[0].days.first?.x == metrics.plotX)
        // Monday 26 22:00 CDT = Tuesday 03:00 UTC, on the same axis as Berlin's bars.
        let monday = try #require(layout.rows[0].bars.first { $0.span.lowerBound == instant("2026-10-27T03:00:00Z") })
        #expect(abs(monday.x - layout.axis.position(of: instant("2026-10-27T03:00:00Z"))) < 1e-9)
    }

    @Test func holidaysCarryTheNamesTheHolidayFileGives() throws {
        let file = try ruleFile("""
            version: 1
            defaults: { timezone: Europe/Berlin }
            holidays: [2026-12-24, { include: holidays.yaml }]
            schedules:
              office-hours: { windows: [{ days: mon-fri, from: "07:00", to: "19:00" }] }
            rules:
              - { project: pcb, schedule: office-hours }
            """, files: ["/rules/holidays.yaml": "2026-12-25: Christmas Day\n2026-12-26: Boxing Day\n"])
        #expect(file.holidayNames == [LocalDate(year: 2026, month: 12, day: 25)!: "Christmas Day", LocalDate(year: 2026, month: 12, day: 26)!: "Boxing Day"])
        let report = TimelineReport(ruleSet: file.ruleSet, from: instant("2026-12-21T00:00:00+01:00"), to: instant("2026-12-28T00:00:00+01:00"))
        let picture = TimelinePicture(report: report, rulesPath: "rules.yaml", pricePerInferenceUnitHour: 4, holidayNames: file.holidayNames)
        let days = picture.layout.rows[0].days
        #expect(days.filter(\.isHoliday).map(\.day.date.description) == ["2026-12-24", "2026-12-25", "2026-12-26"])
        #expect(days.filter(\.isHoliday).map(\.holidayName) == [nil, "Christmas Day", "Boxing Day"])
        #expect(picture.layout.rows[0].bars.count == 3)  // Mon-Wed; Thursday and Friday are holidays
        let html = picture.html()
        #expect(html.contains("holiday Christmas Day: no window opens"))
        #expect(html.contains("Fri 25 · Christmas Day") || html.contains("Christmas Day</text>"))
    }

    @Test func validityLimitsAreMarkedAndTheDaysOutsideThemFlagged() throws {
        let file = try ruleFile("""
            version: 1
            defaults: { timezone: Europe/Berlin }
            schedules:
              pilot:
                valid_from: 2026-10-21
                valid_until: 2026-10-22
                windows: [{ days: mon-fri, from: "07:00", to: "19:00" }]
            rules:
              - { project: pcb, schedule: pilot }
            """)
        let report = TimelineReport(ruleSet: file.ruleSet, from: instant("2026-10-19T00:00:00+02:00"), to: instant("2026-10-26T00:00:00+01:00"))
        let layout = TimelineLayout(report: report, pricePerInferenceUnitHour: 4)
        let row = layout.rows[0]
        #expect(row.limits.map(\.kind) == [.validFrom, .validUntil])
        #expect(row.limits.map(\.instant) == [instant("2026-10-21T00:00:00+02:00"), instant("2026-10-23T00:00:00+02:00")])
        #expect(row.days.filter { !$0.isOutsideValidity }.map(\.day.date.description) == ["2026-10-21", "2026-10-22"])
        #expect(row.bars.count == 2)
        #expect(abs(row.limits[0].x - layout.axis.position(of: row.limits[0].instant)) < 1e-9)
    }

    @Test func intervalsCloserThanAPixelAreDrawnAsOneBar() throws {
        let file = try ruleFile(officeHours)
        // Five years: a day is about 0.4 units wide, so the week's five windows merge into one bar.
        let report = TimelineReport(ruleSet: file.ruleSet, from: instant("2026-01-05T00:00:00Z"), to: instant("2031-01-05T00:00:00Z"))
        let layout = TimelineLayout(report: report, pricePerInferenceUnitHour: 4)
        let bars = layout.rows[0].bars
        #expect(bars.reduce(0) { $0 + $1.count } == report.entries[0].intervals.count)
        #expect(bars.reduce(0) { $0 + $1.hostedSeconds } == report.entries[0].hostedSeconds)
        #expect(bars.count < report.entries[0].intervals.count / 4)
    }
}

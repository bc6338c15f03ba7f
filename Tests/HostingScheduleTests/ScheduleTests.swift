import Testing
@testable import HostingSchedule

let berlin = zone("Europe/Berlin")
let officeHours = Schedule(name: "office-hours", zone: berlin, kind: .windows([weekly(weekdays, "07:00", "19:00")]))

@Suite struct ScheduleTests {
    // MARK: Weekly windows

    @Test(arguments: [
        ("2026-11-30T06:00:00Z", true),   // Mon 07:00 local: opens (inclusive)
        ("2026-11-30T05:59:59Z", false),
        ("2026-11-30T17:59:59Z", true),
        ("2026-11-30T18:00:00Z", false),  // 19:00 local: closed (exclusive)
        ("2026-11-28T12:00:00Z", false),  // Saturday
        ("2026-07-01T05:00:00Z", true),   // summer: 07:00 CEST is 05:00Z
        ("2026-07-01T04:59:00Z", false),
    ])
    func officeHoursAreHalfOpen(instant: String, hosted: Bool) {
        #expect(officeHours.isHosted(at: utc(instant)) == hosted)
    }

    @Test(arguments: [
        ("2026-12-05T11:00:00Z", true),   // Sat 05:00 Chicago: Friday's window still open
        ("2026-12-05T12:00:00Z", false),  // Sat 06:00: closed
        ("2026-12-06T11:00:00Z", false),  // Sun 05:00: Saturday opened nothing
        ("2026-11-30T11:00:00Z", false),  // Mon 05:00: Sunday opened nothing
        ("2026-12-01T04:00:00Z", true),   // Mon 22:00: opens
        ("2026-12-01T03:59:59Z", false),
    ])
    func windowsCrossMidnight(instant: String, hosted: Bool) {
        let night = Schedule(name: "night", zone: zone("America/Chicago"), kind: .windows([weekly(weekdays, "22:00", "06:00")]))
        #expect(night.isHosted(at: utc(instant)) == hosted)
    }

    @Test func midnightToMidnightCoversTheWholeDay() {
        let s = Schedule(name: "sat", zone: zone("UTC"), kind: .windows([weekly([.saturday], "00:00", "24:00")]))
        #expect(s.isHosted(at: utc("2026-11-28T00:00:00Z")))
        #expect(s.isHosted(at: utc("2026-11-28T23:59:59Z")))
        #expect(!s.isHosted(at: utc("2026-11-29T00:00:00Z")))
        #expect(!s.isHosted(at: utc("2026-11-27T23:59:59Z")))
        #expect(s.hostedIntervals(from: utc("2026-11-23T00:00:00Z"), to: utc("2026-11-30T00:00:00Z"))
            == [utc("2026-11-28T00:00:00Z")..<utc("2026-11-29T00:00:00Z")])
    }

    @Test func wrappingDayRangesCoverTheWeekend() {
        let s = Schedule(name: "w", zone: zone("UTC"), kind: .windows([weekly([.friday, .saturday, .sunday, .monday], "09:00", "17:00")]))
        #expect(s.isHosted(at: utc("2026-11-29T12:00:00Z")))   // Sunday
        #expect(s.isHosted(at: utc("2026-11-30T12:00:00Z")))   // Monday
        #expect(!s.isHosted(at: utc("2026-12-01T12:00:00Z")))  // Tuesday
    }

    @Test func overlappingAndTouchingWindowsFormOneInterval() {
        let s = Schedule(name: "u", zone: zone("UTC"), kind: .windows([
            weekly([.monday], "08:00", "12:00"), weekly([.monday], "11:00", "14:00"), weekly([.monday], "14:00", "16:00"),
        ]))
        let day = utc("2026-11-30T00:00:00Z")
        #expect(s.hostedIntervals(from: day, to: day + 86_400) == [utc("2026-11-30T08:00:00Z")..<utc("2026-11-30T16:00:00Z")])
        #expect(s.nextTransition(after: utc("2026-11-30T09:00:00Z")) == utc("2026-11-30T16:00:00Z"))
        #expect(s.previousTransition(atOrBefore: utc("2026-11-30T15:00:00Z")) == utc("2026-11-30T08:00:00Z"))
    }

    // MARK: Holidays and date constraints

    @Test func noWindowOpensOnAHoliday() {
        let s = Schedule(name: "o", zone: berlin, kind: .windows([weekly(weekdays, "07:00", "19:00")]),
                         holidays: [date("2026-12-24")])
        #expect(!s.isHosted(at: utc("2026-12-24T11:00:00Z")))
        #expect(s.isHosted(at: utc("2026-12-23T11:00:00Z")))
        #expect(s.nextTransition(after: utc("2026-12-23T20:00:00Z")) == utc("2026-12-25T06:00:00Z"))
    }

    @Test func aWindowOpenedBeforeAHolidayRunsInto() {
        let s = Schedule(name: "n", zone: zone("UTC"), kind: .windows([weekly(weekdays, "22:00", "06:00")]),
                         holidays: [date("2026-12-24")])
        #expect(s.isHosted(at: utc("2026-12-24T05:00:00Z")))   // opened Wed 23rd
        #expect(!s.isHosted(at: utc("2026-12-24T23:00:00Z")))  // the 24th opens nothing
        #expect(!s.isHosted(at: utc("2026-12-25T05:00:00Z")))
    }

    @Test func dateConstraintsLimitOpenings() {
        let c = DateConstraints(validFrom: date("2026-12-01"), validUntil: date("2026-12-31"), months: DateConstraints.allMonths)
        let s = Schedule(name: "dec", zone: zone("UTC"), kind: .windows([weekly(weekdays, "07:00", "19:00", constraints: c)]))
        #expect(!s.isHosted(at: utc("2026-11-30T12:00:00Z")))
        #expect(s.isHosted(at: utc("2026-12-01T12:00:00Z")))
        #expect(s.isHosted(at: utc("2026-12-31T12:00:00Z")))
        #expect(!s.isHosted(at: utc("2027-01-01T12:00:00Z")))
        let summer = Schedule(name: "summer", zone: zone("UTC"), kind: .windows([weekly(weekdays, "07:00", "19:00")]),
                              constraints: DateConstraints(months: 0b1_1100_0000))  // Jun, Jul, Aug
        #expect(summer.isHosted(at: utc("2026-07-01T12:00:00Z")))
        #expect(!summer.isHosted(at: utc("2026-09-01T12:00:00Z")))
    }

    // MARK: Cron windows

    @Test func cronWindowsLastTheirDuration() {
        let s = Schedule(name: "m", zone: berlin, kind: .windows([cron("0 6 L * *", for: 14 * 3600)]))
        #expect(s.hostedIntervals(from: utc("2026-11-01T00:00:00Z"), to: utc("2026-12-15T00:00:00Z"))
            == [utc("2026-11-30T05:00:00Z")..<utc("2026-11-30T19:00:00Z")])
        #expect(s.isHosted(at: utc("2026-11-30T18:59:59Z")))
        #expect(!s.isHosted(at: utc("2026-11-30T19:00:00Z")))
        #expect(s.nextTransition(after: utc("2026-12-01T00:00:00Z")) == utc("2026-12-31T05:00:00Z"))
    }

    @Test func longCronWindowsSpanDays() {
        // Opens every Monday 08:00 for 3 days.
        let s = Schedule(name: "l", zone: zone("UTC"), kind: .windows([cron("0 8 * * MON", for: 3 * 86_400)]))
        #expect(s.isHosted(at: utc("2026-12-03T07:59:59Z")))
        #expect(!s.isHosted(at: utc("2026-12-03T08:00:00Z")))
        #expect(!s.isHosted(at: utc("2026-11-30T07:59:59Z")))
    }

    // MARK: DST

    @Test(arguments: [
        // (zone, day, from, to, expected hosted hours on that day's occurrence)
        ("Europe/Berlin", "2026-03-29", "01:00", "04:00", 2.0),   // spring forward: an hour shorter
        ("Europe/Berlin", "2026-10-25", "01:00", "04:00", 4.0),   // fall back: an hour longer
        ("Europe/Berlin", "2026-03-29", "01:00", "02:30", 1.5),   // closes in the gap: 02:30 reads as 03:30 CEST
        ("Europe/Berlin", "2026-03-29", "02:00", "03:00", 0.0),   // entirely in the gap: does not open
        ("Australia/Sydney", "2026-10-04", "01:00", "04:00", 2.0),
        ("Australia/Sydney", "2026-04-05", "01:00", "04:00", 4.0),
        ("America/Chicago", "2026-03-08", "00:00", "24:00", 23.0),
        ("America/Chicago", "2026-11-01", "00:00", "24:00", 25.0),
        ("America/Sao_Paulo", "2026-10-18", "00:00", "24:00", 24.0),  // no DST since 2019
    ])
    func windowsFollowWallClocksAcrossDST(zoneID: String, day: String, from: String, to: String, hours: Double) {
        let d = date(day)
        let s = Schedule(name: "d", zone: zone(zoneID), kind: .windows([weekly([d.weekday], from, to)]))
        let clock = ZoneClock(zone(zoneID))
        let start = clock.instant(of: d, minutes: 0) - 6 * 3600
        let total = s.hostedIntervals(from: start, to: start + 2 * 86_400).reduce(0) { $0 + $1.count }
        #expect(Double(total) / 3600 == hours)
    }

    @Test func cronNeverFiresTwiceForOneWallTime() {
        let s = Schedule(name: "c", zone: berlin, kind: .windows([cron("30 2 * * *", for: 3600)]))
        // Fall back: 02:30 occurs twice; only the first counts.
        #expect(s.hostedIntervals(from: utc("2026-10-24T23:00:00Z"), to: utc("2026-10-25T22:00:00Z"))
            == [utc("2026-10-25T00:30:00Z")..<utc("2026-10-25T01:30:00Z")])
        // Spring forward: 02:30 does not exist; it fires once, at 03:30 CEST.
        #expect(s.hostedIntervals(from: utc("2026-03-28T23:00:00Z"), to: utc("2026-03-29T22:00:00Z"))
            == [utc("2026-03-29T01:30:00Z")..<utc("2026-03-29T02:30:00Z")])
    }

    @Test func southernHemisphereCronAcrossDST() {
        let s = Schedule(name: "c", zone: zone("Australia/Sydney"), kind: .windows([cron("30 2 * * *", for: 1800)]))
        #expect(s.hostedIntervals(from: utc("2026-04-04T12:00:00Z"), to: utc("2026-04-05T12:00:00Z"))
            == [utc("2026-04-04T15:30:00Z")..<utc("2026-04-04T16:00:00Z")])
        #expect(s.hostedIntervals(from: utc("2026-10-03T12:00:00Z"), to: utc("2026-10-04T12:00:00Z"))
            == [utc("2026-10-03T16:30:00Z")..<utc("2026-10-03T17:00:00Z")])
    }

    // MARK: Built-ins and transitions

    @Test func alwaysAndNever() {
        let t = utc("2026-11-29T03:00:00Z")
        #expect(Schedule.always().isHosted(at: t))
        #expect(!Schedule.never().isHosted(at: t))
        #expect(Schedule.always().nextTransition(after: t) == nil)
        #expect(Schedule.never().hostedIntervals(from: t, to: t + 86_400).isEmpty)
        #expect(Schedule.always().hostedIntervals(from: t, to: t + 86_400) == [t..<(t + 86_400)])
    }

    @Test func transitionsAroundAWeekend() {
        let sat = utc("2026-11-28T12:00:00Z")
        #expect(officeHours.previousTransition(atOrBefore: sat) == utc("2026-11-27T18:00:00Z"))
        #expect(officeHours.nextTransition(after: sat) == utc("2026-11-30T06:00:00Z"))
    }

    @Test func aScheduleThatStopsOpeningHasNoNextTransition() {
        let s = Schedule(name: "x", zone: zone("UTC"), kind: .windows([weekly(weekdays, "07:00", "19:00")]),
                         constraints: DateConstraints(validUntil: date("2026-01-31")))
        #expect(s.nextTransition(after: utc("2026-06-01T00:00:00Z")) == nil)
        #expect(s.previousTransition(atOrBefore: utc("2026-06-01T00:00:00Z")) == utc("2026-01-30T19:00:00Z"))
    }

    /// Invariants on pseudo-random instants: the point query agrees with the interval list; the
    /// next transition is after the instant, flips the state, and nothing flips before it.
    @Test(arguments: [
        officeHours,
        Schedule(name: "n", zone: zone("America/Chicago"), kind: .windows([weekly(weekdays, "22:00", "06:00")]), holidays: [date("2026-03-09")]),
        Schedule(name: "c", zone: zone("Australia/Sydney"), kind: .windows([cron("*/20 1-3 * * *", for: 900), cron("0 9 * * 1-5", for: 8 * 3600)])),
        Schedule(name: "d", zone: zone("Europe/Berlin"), kind: .windows([cron("30 2 * * SUN", for: 2 * 86_400 + 3600), weekly([.wednesday], "02:15", "02:45")])),
        Schedule(name: "h", zone: zone("Australia/Lord_Howe"), kind: .windows([weekly(Weekday.allCases, "02:00", "02:30")])),
    ])
    func pointQueriesAgreeWithIntervals(schedule: Schedule) {
        var rng = SplitMix(seed: 42)
        let base = utc("2026-01-01T00:00:00Z")
        for _ in 0..<300 {
            let t = base + Int(rng.next() % UInt64(366 * 86_400))
            let hosted = schedule.isHosted(at: t)
            let intervals = schedule.hostedIntervals(from: t - 5 * 86_400, to: t + 5 * 86_400)
            #expect(hosted == intervals.contains { $0.contains(t) }, "\(schedule.name) at \(InstantFormat.utc(t))")
            if let next = schedule.nextTransition(after: t) {
                #expect(next > t)
                #expect(schedule.isHosted(at: next) != hosted)
                #expect(schedule.isHosted(at: next - 1) == hosted)
                let flips = intervals.flatMap { [$0.lowerBound, $0.upperBound] }.filter { $0 > t && $0 < next }
                #expect(flips.allSatisfy { $0 == t - 5 * 86_400 || $0 == t + 5 * 86_400 })
            }
            if let prev = schedule.previousTransition(atOrBefore: t) {
                #expect(prev <= t)
                #expect(schedule.isHosted(at: prev) == hosted)
                #expect(schedule.isHosted(at: prev - 1) != hosted)
            }
        }
    }
}

/// A small deterministic generator for test instants.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

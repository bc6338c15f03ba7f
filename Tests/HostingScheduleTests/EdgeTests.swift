import Testing
@testable import HostingSchedule

/// Window edges in the week Berlin leaves summer time (Sun 2026-10-25, 03:00 CEST -> 02:00 CET at
/// 01:00Z): before it, 07:00 is 05:00Z; after it, 06:00Z.
@Suite struct EdgeTests {
    let from = utc("2026-10-22T00:00:00Z"), to = utc("2026-10-29T00:00:00Z")

    func edges(_ schedule: Schedule) -> [String] {
        schedule.edges(from: from, to: to).map { "\($0.change.rawValue) \(InstantFormat.utc($0.instant))" }
    }

    @Test func officeHoursMoveAnHourInUTCAcrossTheSwitch() {
        #expect(edges(officeHours) == [
            "opens 2026-10-22T05:00:00Z", "closes 2026-10-22T17:00:00Z",
            "opens 2026-10-23T05:00:00Z", "closes 2026-10-23T17:00:00Z",
            "opens 2026-10-26T06:00:00Z", "closes 2026-10-26T18:00:00Z",
            "opens 2026-10-27T06:00:00Z", "closes 2026-10-27T18:00:00Z",
            "opens 2026-10-28T06:00:00Z", "closes 2026-10-28T18:00:00Z",
        ])
    }

    @Test func aWindowAcrossMidnightOpensInSummerTimeAndClosesInWinterTime() {
        let night = Schedule(name: "night", zone: berlin, kind: .windows([weekly([.saturday], "22:00", "06:00")]))
        // Sat 22:00 CEST is 20:00Z; Sun 06:00 CET is 05:00Z: nine hours.
        #expect(edges(night) == ["opens 2026-10-24T20:00:00Z", "closes 2026-10-25T05:00:00Z"])
    }

    @Test func touchingWindowsHaveNoEdgeWhereTheyMeet() {
        let split = Schedule(name: "split", zone: berlin, kind: .windows([weekly([.monday], "07:00", "12:00"), weekly([.monday], "12:00", "19:00")]))
        #expect(edges(split) == ["opens 2026-10-26T06:00:00Z", "closes 2026-10-26T18:00:00Z"])
    }

    @Test func cronWindowsLastElapsedTimeAcrossTheSwitch() {
        // Sun 00:00 CEST is Sat 22:00Z; three hours later is 01:00Z, which is 02:00 CET.
        let sunday = Schedule(name: "sunday", zone: berlin, kind: .windows([cron("0 0 * * SUN", for: 3 * 3600)]))
        #expect(edges(sunday) == ["opens 2026-10-24T22:00:00Z", "closes 2026-10-25T01:00:00Z"])
        let lastDay = Schedule(name: "month-end", zone: berlin, kind: .windows([cron("0 6 L * *", for: 14 * 3600)]))
        #expect(lastDay.edges(from: utc("2026-10-30T00:00:00Z"), to: utc("2026-11-01T00:00:00Z")).map(\.instant)
                == [utc("2026-10-31T05:00:00Z"), utc("2026-10-31T19:00:00Z")])
    }

    @Test func edgesAreTheBoundariesOfTheHostedIntervals() {
        let schedules = [officeHours,
                         Schedule(name: "mixed", zone: berlin, kind: .windows([weekly([.friday, .saturday], "20:00", "02:30"), cron("*/20 9-11 * * *", for: 900)]))]
        for s in schedules {
            // Ranges that start or end inside a hosted interval: its cut ends are not edges.
            for (a, b) in [(from, to), (utc("2026-10-22T10:00:00Z"), utc("2026-10-27T10:10:00Z"))] {
                var expected: [Int] = []
                for r in s.hostedIntervals(from: a, to: b) {
                    if r.lowerBound > a { expected.append(r.lowerBound) }
                    if r.upperBound < b { expected.append(r.upperBound) }
                }
                #expect(s.edges(from: a, to: b).map(\.instant) == expected, "\(s.name)")
            }
        }
    }

    @Test func builtInSchedulesHaveNoEdges() {
        #expect(Schedule.always().edges(from: from, to: to).isEmpty)
        #expect(Schedule.never().edges(from: from, to: to).isEmpty)
        let set = RuleSet(rules: [Rule(number: 1, project: try! Glob("*"), schedule: .always())], schedules: [:])
        #expect(set.nextEdge(after: from) == nil)
    }

    @Test func theRuleSetGroupsRulesByInstantAndFindsTheNextEdge() {
        let chicago = Schedule(name: "chicago", zone: zone("America/Chicago"), kind: .windows([weekly(weekdays, "00:00", "12:00")]))
        let set = RuleSet(rules: [
            Rule(number: 1, project: try! Glob("a"), schedule: officeHours),
            Rule(number: 2, project: try! Glob("b"), schedule: .never()),
            Rule(number: 3, project: try! Glob("c"), schedule: chicago),
            Rule(number: 4, project: try! Glob("*"), schedule: officeHours),
        ], schedules: ["office-hours": officeHours, "chicago": chicago])
        // Fri 2026-10-23: Berlin closes at 17:00Z; Chicago (CDT, -5) closes at 17:00Z too.
        let next = set.nextEdge(after: utc("2026-10-23T12:00:00Z"))
        #expect(next?.instant == utc("2026-10-23T17:00:00Z"))
        #expect(next?.changes.map { "\($0.rule.number) \($0.change.rawValue)" } == ["1 closes", "3 closes", "4 closes"])
        // At an edge, the next one is strictly later: Monday's opening in Chicago, 00:00 CDT.
        #expect(set.nextEdge(after: utc("2026-10-23T17:00:00Z"))?.instant == utc("2026-10-26T05:00:00Z"))
        let all = set.edges(from: from, to: to)
        #expect(all.map(\.instant) == all.map(\.instant).sorted())
        #expect(all.first { $0.instant == utc("2026-10-23T17:00:00Z") }?.changes.count == 3)
    }
}

/// Windows translated into calendar events, and the edges those events miss.
@Suite struct CalendarEventTests {
    @Test func weeklyWindowsOpenOnTheirDaysAndCloseOnTheNextWhenTheyCrossMidnight() {
        let e = weekly([.friday, .saturday], "22:00", "06:00").calendarEvents()
        #expect(e.opens == [CalendarEvent(weekdays: WeekdaySet([.friday, .saturday]), secondsOfDay: [22 * 3600])])
        #expect(e.closes == [CalendarEvent(weekdays: WeekdaySet([.saturday, .sunday]), secondsOfDay: [6 * 3600])])
        let toMidnight = weekly([.sunday], "20:00", "24:00", constraints: DateConstraints(months: DateConstraints.monthBits([.march]))).calendarEvents()
        #expect(toMidnight.opens[0].months == DateConstraints.monthBits([.march]))
        // The close falls on Monday, possibly in April: the month limit is dropped.
        #expect(toMidnight.closes == [CalendarEvent(weekdays: WeekdaySet([.monday]), secondsOfDay: [0])])
    }

    @Test func cronDayFieldsBecomeOneEventEach() {
        var notes: [String] = []
        let events = try! CronExpression(parsing: "30 6 1,L * FRI#2").calendarEvents(months: DateConstraints.allMonths, notes: &notes)
        #expect(events.count == 3)
        #expect(events[0].days == .ofMonth(1 << 1))
        #expect(events[1].days == .fromMonthEnd(1 << 1))
        #expect(events[2].weekdays == WeekdaySet([.friday]))
        #expect(events[2].matches(date("2026-11-13")) && !events[2].matches(date("2026-11-06")))
        #expect(notes.isEmpty)
        _ = try! CronExpression(parsing: "0 6 15W * *").calendarEvents(months: DateConstraints.allMonths, notes: &notes)
        #expect(notes.count == 1)
    }

    @Test func theEdgesThatCalendarTimersMissAreFound() {
        // 02:30 does not exist on 2026-03-29 in Berlin: the evaluator opens at 03:30 CEST, systemd skips the day.
        let early = Schedule(name: "early", zone: berlin, kind: .windows([weekly(Array(Weekday.allCases), "02:30", "05:00")]))
        let spring = early.calendarPlan(from: utc("2026-03-28T00:00:00Z"), to: utc("2026-03-31T00:00:00Z"))
        #expect(spring.missed.map(\.instant) == [utc("2026-03-29T01:30:00Z")])
        // Sun 00:00 CEST + 3 h is 02:00 CET, the second 02:00 of the night; a timer fires at the first.
        let sunday = Schedule(name: "sunday", zone: berlin, kind: .windows([cron("0 0 * * SUN", for: 3 * 3600)]))
        let fall = sunday.calendarPlan(from: utc("2026-10-18T00:00:00Z"), to: utc("2026-11-02T00:00:00Z"))
        #expect(fall.missed.map(\.instant) == [utc("2026-10-25T01:00:00Z")])
        #expect(officeHours.calendarPlan(from: utc("2026-03-23T00:00:00Z"), to: utc("2026-11-02T00:00:00Z")).missed.isEmpty)
    }
}

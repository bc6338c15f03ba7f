import Testing
@testable import HostingSchedule

/// Hosted intervals and edges evaluated a month at a time with a bound: the same answer as the
/// whole range at once (intervals that touch across a month boundary joined), or nil past the bound.
@Suite struct BoundedIntervalTests {
    let schedules = [
        officeHours,
        Schedule(name: "night", zone: berlin, kind: .windows([weekly([.friday, .saturday], "20:00", "02:30")])),
        // Three days from the 29th: windows that cross month boundaries, where the chunks meet.
        Schedule(name: "month-turn", zone: berlin, kind: .windows([cron("0 0 29 * *", for: 3 * 86_400)])),
        Schedule(name: "every-20", zone: berlin, kind: .windows([cron("*/20 * * * *", for: 1200)])),
        .always(), .never(),
    ]

    @Test func boundedIntervalsEqualTheWholeRangeAtOnce() {
        for (a, b) in [(utc("2026-01-01T00:00:00Z"), utc("2027-01-01T00:00:00Z")), (utc("2026-03-29T00:30:00Z"), utc("2026-05-02T13:00:00Z"))] {
            for s in schedules {
                let whole = s.hostedIntervals(from: a, to: b)
                #expect(s.hostedIntervals(from: a, to: b, atMost: .max) == whole, "\(s.name)")
                #expect(s.hostedIntervals(from: a, to: b, atMost: whole.count) == whole, "\(s.name)")
                if !whole.isEmpty { #expect(s.hostedIntervals(from: a, to: b, atMost: whole.count - 1) == nil, "\(s.name)") }
                let edges = s.edges(from: a, to: b)
                #expect(s.edges(from: a, to: b, atMost: edges.count)?.map(\.instant) == edges.map(\.instant), "\(s.name)")
                if !edges.isEmpty { #expect(s.edges(from: a, to: b, atMost: edges.count - 1) == nil, "\(s.name)") }
            }
        }
    }

    @Test func aWindowEveryMinuteOverFiveYearsStopsAtTheBound() {
        let minutely = Schedule(name: "minutely", zone: berlin, kind: .windows([cron("* * * * *", for: 30)]))
        let a = utc("2026-01-01T00:00:00Z"), b = utc("2031-01-01T00:00:00Z")
        #expect(minutely.hostedIntervals(from: a, to: b, atMost: 1000) == nil)
        #expect(minutely.edges(from: a, to: b, atMost: 1000) == nil)
        let set = RuleSet(rules: (1...50).map { Rule(number: $0, project: try! Glob("p\($0)"), schedule: minutely) }, schedules: ["minutely": minutely])
        #expect(set.edges(from: a, to: b, atMost: 100_000) == nil)
        #expect(set.edges(from: a, to: a + 86_400, atMost: 144_000)?.count == 2880)
    }
}

import HostingSchedule
import ModelHosting
import Testing
@testable import SchedulerRun

/// The log's memory: grace series, tag-keep series, and which records use up a window opening.
@Suite struct RunMemoryTests {
    func d(_ decision: Action, _ outcome: Outcome? = nil, hosted: Bool = true, keep: Bool = false, noStart: Bool = false) -> ModelDecision {
        var m = ModelDecision(region: "r", project: "p", version: "1", status_before: hosted ? "HOSTED" : "TRAINED",
                              state_before: hosted ? .hosted : .stopped, decision: decision, reason: "")
        m.outcome = outcome
        if keep { m.keep_until = "2026-12-01T00:00:00Z" }
        if noStart { m.no_start = true }
        return m
    }

    @Test func theGraceSeriesEndsAtTheFirstRecordThatBreaksIt() {
        // Newest first: deferred at 300 and 200, stopped at 100 (the series begins after it).
        let memory = RunMemory.reading(newestFirst: [(300, d(.defer)), (200, d(.stop, .failed)), (100, d(.stop, .stopped)), (50, d(.defer))])
        #expect(memory.outsideSince["lookoutvision/r/p/1"] == 200)
        #expect(memory.previousEvalTime == 300)
    }

    @Test func aFailedOrSkippedStartOrANoStartRunLeavesTheOpening() {
        let memory = RunMemory.reading(newestFirst: [(400, d(.start, .failed, hosted: false)), (300, d(.keep, hosted: false, noStart: true)),
                                                     (250, d(.start, .skipped, hosted: false)), (100, d(.nothingToDo, hosted: false))])
        #expect(memory.lastSeen["lookoutvision/r/p/1"] == 100)
        let started = RunMemory.reading(newestFirst: [(400, d(.start, .started, hosted: false)), (100, d(.nothingToDo, hosted: false))])
        #expect(started.lastSeen["lookoutvision/r/p/1"] == 400)
    }

    @Test func theTagKeepSeriesStartsAtItsFirstRecord() {
        let memory = RunMemory.reading(newestFirst: [(300, d(.keep, keep: true)), (200, d(.keep, keep: true)), (100, d(.stop, .stopped)), (50, d(.keep, keep: true))])
        #expect(memory.keptByTagSince["lookoutvision/r/p/1"] == 200)
        #expect(memory.outsideSince["lookoutvision/r/p/1"] == nil)  // a tag keep is no grace sighting
    }

    /// An override never reaches a model no rule covers.
    @Test func anOverrideLeavesAnUnmanagedModelAlone() {
        let never = Schedule.never()
        let rule = Rule(number: 1, project: try! Glob("line-*"), versions: .matching([try! Glob("1")]), schedule: .always())
        let o = Override(number: 1, selector: Rule(number: 1, project: try! Glob("line-*"), schedule: never), until: 2_000_000_000, reason: "x")
        let set = RuleSet(rules: [rule], schedules: [:], overrides: [o])
        #expect(set.decide(project: "line-a", version: "1", region: nil, at: 1_800_000_000).hosted == false)
        #expect(set.decide(project: "line-a", version: "2", region: nil, at: 1_800_000_000).rule == nil)
    }
}

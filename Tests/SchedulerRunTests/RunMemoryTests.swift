import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HostingSchedule
import ModelHosting
import Testing
@testable import AuditTrail
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
        #expect(memory.outsideSince["lookoutvision//r/p/1"] == 200)
        #expect(memory.previousEvalTime == 300)
    }

    @Test func aFailedOrSkippedStartOrANoStartRunLeavesTheOpening() {
        let memory = RunMemory.reading(newestFirst: [(400, d(.start, .failed, hosted: false)), (300, d(.keep, hosted: false, noStart: true)),
                                                     (250, d(.start, .skipped, hosted: false)), (100, d(.nothingToDo, hosted: false))])
        #expect(memory.lastSeen["lookoutvision//r/p/1"] == 100)
        let started = RunMemory.reading(newestFirst: [(400, d(.start, .started, hosted: false)), (100, d(.nothingToDo, hosted: false))])
        #expect(started.lastSeen["lookoutvision//r/p/1"] == 400)
    }

    @Test func theTagKeepSeriesStartsAtItsFirstRecord() {
        let memory = RunMemory.reading(newestFirst: [(300, d(.keep, keep: true)), (200, d(.keep, keep: true)), (100, d(.stop, .stopped)), (50, d(.keep, keep: true))])
        #expect(memory.keptByTagSince["lookoutvision//r/p/1"] == 200)
        #expect(memory.outsideSince["lookoutvision//r/p/1"] == nil)  // a tag keep is no grace sighting
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

/// The log read from its end: whole lines across chunk boundaries, over-long lines skipped,
/// a FIFO refused instead of waited on.
@Suite struct AuditTailTests {
    @Test func readsLinesLastFirstAcrossChunks() throws {
        let path = temporaryLogPath()
        try AuditLog.makeDirectory(for: path)
        let lines = (0..<3000).map { "line \($0) " + String(repeating: "x", count: $0 % 97) }
        let long = String(repeating: "y", count: 2 << 20)  // over the 1 MiB cap: skipped
        try ((lines[..<1500] + [long] + lines[1500...]).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        var seen: [String] = []
        try AuditReader.forEachLineBackwards(path: path) { seen.append(String(decoding: $0, as: UTF8.self)); return true }
        #expect(seen == lines.reversed())
        var first: [String] = []
        try AuditReader.forEachLineBackwards(path: path) { first.append(String(decoding: $0, as: UTF8.self)); return first.count < 2 }
        #expect(first == ["line 2999 " + String(repeating: "x", count: 2999 % 97), "line 2998 " + String(repeating: "x", count: 2998 % 97)])
    }

    @Test func aFIFOIsRefusedAndAnAbsentLogIsEmpty() throws {
        let path = temporaryLogPath()
        try AuditLog.makeDirectory(for: path)
        var n = 0
        try AuditReader.forEachLineBackwards(path: path) { _ in n += 1; return true }
        #expect(n == 0)
        #expect(mkfifo(path, 0o600) == 0)
        #expect(throws: AuditLogError.self) { try AuditReader.forEachLineBackwards(path: path) { _ in true } }
    }
}

/// The scanner names a model as the decoder does, account and missing region included.
@Suite struct ScannerModelKeyTests {
    @Test func anAccountWithoutARegion() throws {
        let line = #"{"account_name":"prod","decision":"stop","eval_time":"2026-11-30T10:00:00Z","outcome":"stopped","project":"p","run_id":"r","time":"2026-11-30T10:00:00Z","type":"decision","version":"1"}"#
        let fields = try JSONDecoder().decode(SummaryFields.self, from: Data(line.utf8))
        let scanned = Array(line.utf8).withUnsafeBytes { AuditRecordScanner.scan($0)?.modelKey }
        #expect(scanned == "prod/?/p/1")
        #expect(scanned == fields.modelKey)
    }
}

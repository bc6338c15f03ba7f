import Foundation
import HostingSchedule
import Pictures
import Rendering
import AuditTrail
import Testing

/// A small log written through the real `AuditLog`: three runs over two days.
struct SampleLog {
    let path: String

    static func decision(run: String, seq: Int, at evalTime: String, project: String, version: String = "1", action: Action = .stop,
                         outcome: Outcome? = .stopped, nextWindow: String? = nil, errorCode: String? = nil) -> RunEvent {
        let header = RunEvent.Header(run_id: run, seq: seq, time: evalTime, eval_time: evalTime, dry_run: false, tool_version: "test")
        var d = ModelDecision(region: "eu-west-1", project: project, version: version, status_before: "HOSTED", decision: action, reason: "test")
        d.outcome = outcome
        d.next_window = nextWindow
        d.error_code = errorCode.map(AWSErrorCode.init(rawValue:))
        if outcome?.isStop == true { d.price_per_iu_hour = 4 }
        return RunEvent(header: header, body: .decision(d))
    }

    static func start(run: String, at time: String) -> RunEvent {
        RunEvent(header: .init(run_id: run, seq: 0, time: time, eval_time: time, dry_run: false, tool_version: "test"),
                 body: .runStart(.init(rules_file: "r.yaml", regions: ["eu-west-1"])))
    }

    static func end(run: String, at time: String, discoveryFailures: Int = 0) -> RunEvent {
        var counts = RunCounts()
        counts.addDiscoveryFailure(discoveryFailures)
        return RunEvent(header: .init(run_id: run, seq: 9, time: time, eval_time: time, dry_run: false, tool_version: "test"),
                        body: .runEnd(.init(counts: counts, duration_ms: 10, exit_code: 0)))
    }

    init(events: [RunEvent]) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("pictures-\(UUID().uuidString)/audit.jsonl").path
        let log = try AuditLog(path: path)
        for e in events { try log.append(e) }
        try log.sync()
    }

    static func standard() throws -> SampleLog {
        try SampleLog(events: [
            start(run: "r1", at: "2026-11-30T04:00:00Z"),
            decision(run: "r1", seq: 1, at: "2026-11-30T04:00:00Z", project: "pcb", nextWindow: "2026-11-30T06:00:00Z"),
            decision(run: "r1", seq: 2, at: "2026-11-30T04:00:00Z", project: "weld", nextWindow: "2026-11-30T10:00:00Z"),
            decision(run: "r1", seq: 3, at: "2026-11-30T04:00:00Z", project: "paint", outcome: .failed, errorCode: "ThrottlingException"),
            decision(run: "r1", seq: 4, at: "2026-11-30T04:00:00Z", project: "safety", action: .keep, outcome: nil),
            end(run: "r1", at: "2026-11-30T04:00:01Z", discoveryFailures: 1),
            start(run: "r2", at: "2026-11-30T19:30:00Z"),
            decision(run: "r2", seq: 1, at: "2026-11-30T19:30:00Z", project: "pcb", nextWindow: "2026-12-01T06:00:00Z"),
            end(run: "r2", at: "2026-11-30T19:30:01Z"),
            start(run: "r3", at: "2026-12-02T05:00:00Z"),
            // Stopped again before its saving from r2 ran out? No: r2's ran until 06:00 on the 1st.
            decision(run: "r3", seq: 1, at: "2026-12-02T05:00:00Z", project: "pcb", nextWindow: "2026-12-02T06:00:00Z"),
            end(run: "r3", at: "2026-12-02T05:00:01Z"),
        ])
    }
}

func tally(_ path: String, filter: AuditSummary.Filter = .init()) throws -> AuditTally {
    var t = AuditTally(filter: filter)
    try AuditReader.forEachLine(path: path) { line in t.add(line: Array(line.bytes)[...], number: line.number) }
    t.finish()
    return t
}

@Suite struct AuditTallyTests {
    @Test func agreesWithTheTextSummary() throws {
        let log = try SampleLog.standard()
        for filter in [AuditSummary.Filter(), AuditSummary.Filter(project: try Glob("pcb")),
                       AuditSummary.Filter(since: instant("2026-11-30T12:00:00Z")), AuditSummary.Filter(outcome: .outcome(.failed))] {
            let t = try tally(log.path, filter: filter)
            let s = try AuditSummary.read(path: log.path, filter: filter)
            #expect(t.counts == s.counts)
            #expect(t.runs == s.runs)
            #expect(abs(t.savings.realizedHours - s.savings.realizedHours) < 1e-9)
            #expect(abs(t.savings.realizedMoney - s.savings.realizedMoney) < 1e-9)
            #expect(abs(t.savings.projectedMoney - s.savings.projectedMoney) < 1e-9)
            #expect(abs(t.days.values.map(\.savings.projectedMoney).reduce(0, +) - s.savings.projectedMoney) < 1e-9)
            #expect(t.failuresByCode == s.failuresByCode)
            #expect(t.repeatOffenders.map(\.model) == s.repeatOffenders.map(\.model))
            #expect(t.repeatOffenders.map(\.runs) == s.repeatOffenders.map(\.runs))
        }
    }

    @Test func anIntentWithoutOutcomeIsCountedOnceOnThePageAsInTheSummary() throws {
        var d = ModelDecision(region: "eu-west-1", project: "pcb", version: "2", status_before: "HOSTED", decision: .stop, reason: "test")
        d.client_token = "tok"
        let intent = RunEvent(header: .init(run_id: "r1", seq: 2, time: "2026-11-30T04:00:00Z", eval_time: "2026-11-30T04:00:00Z", dry_run: false,
                                            tool_version: "test"), body: .intent(ActionIntent(d, action: .stop, clientToken: "tok")))
        let log = try SampleLog(events: [
            SampleLog.start(run: "r1", at: "2026-11-30T04:00:00Z"),
            intent,
            SampleLog.start(run: "r2", at: "2026-11-30T05:00:00Z"),
            SampleLog.end(run: "r2", at: "2026-11-30T05:00:01Z"),
        ])
        let t = try tally(log.path), s = try AuditSummary.read(path: log.path)
        #expect(t.counts.outcomeUnknown == 1 && s.counts.outcomeUnknown == 1)
        #expect(t.counts.stopped == 0 && t.savings == Savings())
        #expect(t.days.values.map(\.outcomeUnknown).reduce(0, +) == 1)
        let page = AuditPicture(tally: t, verification: nil, logPath: "a.jsonl").html()
        #expect(page.contains("sent, outcome unknown (0 settled by a later run)"))
    }

    @Test func readsEachLineAsTheTextSummaryDoes() throws {
        // The page runs the summary's own pass: what `audit` calls torn is torn on the page, and
        // fields of another type read alike.
        let lines = [
            #"{"type":"decision","run_id":"a","time":"2026-11-30T04:00:00Z","eval_time":"2026-11-30T04:00:00Z","region":"r","project":"p","version":"1","status_before":"HOSTED","decision":"stop","outcome":"stopped","account_id":123,"price_per_iu_hour":2}"#,
            #"{"type":"decision","run_id":"a","eval_time":"2026-11-30T04:00:00Z","region":"r","project":"q","version":"1","status_before":"HOSTED","decision":"stop","outcome":"stopped"}"#,
            #"{"torn"#,
            #"{"type":"decision","run_id":"a","time":"2026-11-30T04:00:00Z","eval_time":"2026-11-30T04:00:00Z","region":"r","project":"s","version":"1","status_before":"HOSTED","decision":"stop","outcome":"failed","error_code":"E","service":{"odd":true}}"#,
        ]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("audit.jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let t = try tally(path), s = try AuditSummary.read(path: path)
        #expect(t.tornLines == [2, 3] && s.tornLines == [2, 3])  // the second line has no `time`
        #expect(t.counts == s.counts && t.counts.considered == 2)
        #expect(t.accounts.keys.sorted() == s.perAccount.keys.sorted())
        #expect(t.accounts["123"]?.stops == 1 && s.perAccount["123"]?.counts.stopped == 1)
        #expect(t.services["lookoutvision"]?.failures == 1 && s.countsPerService["lookoutvision"]?.failures == 1)
    }

    @Test func countsPerDayAndPerProject() throws {
        let t = try tally(try SampleLog.standard().path)
        let monday = LocalDate(year: 2026, month: 11, day: 30)!.daysSinceEpoch
        #expect(t.dayRange == monday...(monday + 2))
        #expect(t.days[monday]?.stops == 3)
        #expect(t.days[monday]?.failures == 2)  // a failed stop and a failed listing
        #expect(t.days[monday]?.runs == 2)
        #expect(t.days[monday + 1] == nil)
        #expect(t.days[monday + 2]?.stops == 1)
        // pcb: 2 h on Monday morning, 10.5 h Monday night; weld: 6 h; Wednesday: 1 h projected, but
        // the log ends one second after that stop, so 1 s realized. Savings count on the day of the stop.
        #expect(t.days[monday]?.savings.realizedHours == 2 + 6 + 10.5)
        #expect(t.days[monday]?.savings.projectedHours == 2 + 6 + 10.5)
        #expect(t.days[monday + 2]?.savings.projectedHours == 1)
        #expect(abs((t.days[monday + 2]?.savings.realizedHours ?? 0) - 1.0 / 3600) < 1e-9)
        #expect(t.projects["pcb"]?.stops == 3)
        #expect(t.projects["pcb"]?.savings.projectedMoney == (2 + 10.5 + 1) * 4)
        #expect(t.projects["paint"]?.failures == 1)
        #expect(t.services.keys.sorted() == ["lookoutvision"])
        #expect(t.accounts.keys.sorted() == ["none"])
        #expect(!t.recordsNameServiceOrAccount)
        let pcb = try #require(t.repeatOffenders.first)
        #expect(pcb.model == "eu-west-1/pcb/1" && pcb.runs == 3 && pcb.stops == 3)
        #expect(pcb.stopTimes == ["2026-11-30T04:00:00Z", "2026-11-30T19:30:00Z", "2026-12-02T05:00:00Z"])
    }

    @Test func readsServiceAndAccountWhenRecordsNameThem() {
        var t = AuditTally()
        let lines = [
            #"{"type":"decision","run_id":"a","time":"2026-11-30T04:00:00Z","eval_time":"2026-11-30T04:00:00Z","region":"r","project":"p","version":"1","status_before":"HOSTED","decision":"stop","outcome":"stopped","service":"sagemaker","account_id":"123456789012","account_name":"prod","price_per_iu_hour":2,"next_window":"2026-11-30T05:00:00Z"}"#,
            #"{"type":"decision","run_id":"a","time":"2026-11-30T04:00:00Z","eval_time":"2026-11-30T04:00:00Z","region":"r","project":"q","version":"1","status_before":"HOSTED","decision":"stop","outcome":"stopped","account_id":123,"price_per_iu_hour":2,"next_window":"2026-11-30T06:00:00Z"}"#,
            #"{"type":"decision","run_id":"a","time":"2026-11-30T04:00:00Z","eval_time":"2026-11-30T04:00:00Z","region":"r","project":"s","version":"1","status_before":"TRAINED","decision":"none","service":{"odd":true}}"#,
        ]
        for (i, l) in lines.enumerated() { t.add(line: Array(l.utf8)[...], number: i + 1) }
        t.finish()
        #expect(t.recordsNameServiceOrAccount)
        #expect(t.services["sagemaker"]?.stops == 1)
        #expect(t.services["lookoutvision"]?.stops == 1)
        #expect(t.services["lookoutvision"]?.decisions == 2)  // a field of another type reads as absent
        // Projected to their next windows (1 h at 2, 2 h at 2); realized nothing: the log ends at the stops.
        #expect(t.accounts["prod (123456789012)"]?.savings.projectedMoney == 2)
        #expect(t.accounts["123"]?.savings.projectedMoney == 4)
        #expect(t.accounts["123"]?.savings.realizedMoney == 0)
        #expect(t.accounts["none"]?.decisions == 1)
        #expect(t.tornLineCount == 0)
    }

    @Test func keepsAFewNumbersPerModelNotTheRecords() {
        var t = AuditTally()
        for i in 0..<500 {
            let time = InstantFormat.utc(instant("2026-01-01T00:00:00Z") + i * 3600)
            let l = #"{"type":"decision","run_id":"run-\#(i)","time":"\#(time)","eval_time":"\#(time)","region":"r","project":"p","version":"1","status_before":"HOSTED","decision":"stop","outcome":"stopped"}"#
            t.add(line: Array(l.utf8)[...], number: i + 1)
        }
        t.add(line: Array("{\"torn".utf8)[...], number: 501)
        t.finish()
        let o = t.repeatOffenders
        #expect(o.count == 1 && o[0].runs == 500 && o[0].stops == 500)
        #expect(o[0].stopTimes.count == AuditTally.stopTimesKept)
        #expect(o[0].stopTimes.last == InstantFormat.utc(instant("2026-01-01T00:00:00Z") + 499 * 3600))
        // 500 hours span more than the hourly limit: only days are kept.
        #expect(t.hours == nil)
        #expect(t.days.count == 21)
        #expect(t.tornLines == [501])
    }

    @Test func bucketsAreHourlyForAShortLogAndSpanSeveralDaysForALongOne() throws {
        var short = AuditTally()
        for (i, time) in ["2026-11-30T04:00:00Z", "2026-11-30T04:00:00Z", "2026-11-30T19:30:00Z"].enumerated() {
            let l = #"{"type":"decision","run_id":"r\#(i)","time":"\#(time)","eval_time":"\#(time)","region":"r","project":"p\#(i)","version":"1","status_before":"HOSTED","decision":"stop","outcome":"stopped"}"#
            short.add(line: Array(l.utf8)[...], number: i + 1)
        }
        let page = AuditPicture(tally: short, verification: nil, logPath: "a.jsonl")
        #expect(page.buckets.unit == "hour")
        #expect(page.buckets.bars.count == 16)  // 04:00 to 19:00
        #expect(page.buckets.bars.map(\.totals.stops).reduce(0, +) == 3)
        #expect(page.buckets.bars.first?.totals.stops == 2)

        var long = AuditTally()
        for d in 0..<365 {
            let time = InstantFormat.utc(instant("2026-01-01T04:00:00Z") + d * 86_400)
            let l = #"{"type":"decision","run_id":"r\#(d)","time":"\#(time)","eval_time":"\#(time)","region":"r","project":"p","version":"1","status_before":"HOSTED","decision":"stop","outcome":"stopped"}"#
            long.add(line: Array(l.utf8)[...], number: d + 1)
        }
        let year = AuditPicture(tally: long, verification: nil, logPath: "a.jsonl").buckets
        #expect(year.unit == "4 days")
        #expect(year.bars.count == 92)
        #expect(year.bars.map(\.totals.stops).reduce(0, +) == 365)
        #expect(year.bars.last?.cumulativeMoney == long.savings.realizedMoney + 0)
    }

    @Test func thePageShowsTheChainTheFiltersAndTheFigures() throws {
        let log = try SampleLog.standard()
        let filter = AuditSummary.Filter(project: try Glob("p*"))
        let page = AuditPicture(tally: try tally(log.path, filter: filter), verification: try AuditReader.verify(path: log.path),
                                logPath: log.path, filters: [("project", "p*")])
        let html = page.html()
        expectSelfContained(html)
        #expect(html.contains("<div class=\"value status-ok\">intact</div><div class=\"label\">hash chain: 12 records verified</div>"))
        #expect(html.contains("<code>--project p*</code>"))
        #expect(html.contains("<h2>Stops per day</h2>"))
        #expect(html.contains("<td class=\"mono\">ThrottlingException</td><td class=\"num\">1</td>"))
        #expect(html.contains("<td class=\"mono\">eu-west-1/pcb/1</td><td class=\"num\">3</td><td class=\"num\">3</td>"))
        #expect(!html.contains("<h2>Per service</h2>"))

        // An edited line breaks the chain, and the page says where.
        var text = try String(contentsOfFile: log.path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"weld\"", with: "\"wild\"")
        try text.write(toFile: log.path, atomically: true, encoding: .utf8)
        let broken = AuditPicture(tally: try tally(log.path), verification: try AuditReader.verify(path: log.path), logPath: log.path).html()
        #expect(broken.contains("<div class=\"value status-broken\">BROKEN at line 4</div>"))
    }

    @Test(arguments: [(0.0, 1.0, 0.25), (7.0, 8.0, 2.0), (3126.0, 4000.0, 1000.0), (0.4, 0.4, 0.1)])
    func axesEndOnRoundNumbers(max: Double, top: Double, step: Double) {
        let s = AuditPicture.niceScale(max)
        #expect(abs(s.top - top) < 1e-9 && abs(s.step - step) < 1e-9)
    }
}

import Foundation
import Rendering
import Testing
@testable import AuditTrail
@testable import SchedulerRun

/// One record type, rendered three ways: the log line (empty values left out), the JSON entry
/// (every key present), and read back from lines written by earlier versions.
@Suite struct RunEventTests {
    func decision() -> ModelDecision {
        var d = ModelDecision(region: "eu-west-1", project: "pcb", version: "3", status_before: "HOSTED", state_before: .hosted,
                              decision: .stop, reason: "outside office-hours")
        d.outcome = .stopped
        d.client_token = "TOKEN"
        return d
    }

    @Test func aLogLineLeavesEmptyValuesOutAndReadsBack() throws {
        var event = RunEvent(header: .init(run_id: "r1", seq: 4, time: "2026-11-30T10:00:00Z", eval_time: "2026-11-30T10:00:00Z",
                                           dry_run: false, tool_version: "t", actor: "ops@host"), body: .decision(decision()))
        event.prev = String(repeating: "0", count: 64)
        let line = String(decoding: try JSONDocument.compact(event), as: UTF8.self)
        #expect(!line.contains("null"))
        #expect(line.hasPrefix(#"{"actor":"ops@host","client_token":"TOKEN","decision":"stop","dry_run":false,"eval_time":"#))
        #expect(line.contains(#""type":"decision""#) && line.contains(#""state_before":"hosted""#))
        let back = try JSONDecoder().decode(RunEvent.self, from: Data(line.utf8))
        #expect(back == event)
    }

    @Test func aJSONEntryCarriesEveryKey() throws {
        let entry = JSONDocument.line(decision())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(entry.utf8)) as? [String: Any])
        for key in ["outcome", "rule", "rule_line", "schedule", "timezone", "eval_local", "client_token", "request_id", "attempts",
                    "error_code", "error_message", "status_after", "next_window", "inference_units", "status_before", "decision", "reason"] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
        #expect(object["error_code"] is NSNull)
    }

    /// Lines exactly as the first version wrote them (no `state_before`, no `price_per_iu_hour`
    /// on a keep, counts without optional keys).
    @Test(arguments: [
        #"{"dry_run":false,"eval_time":"2026-11-30T04:00:00Z","prev":"0000000000000000000000000000000000000000000000000000000000000000","regions":["eu-west-1"],"rules_file":"/x/rules.yaml","run_id":"a","seq":0,"time":"2026-11-30T04:00:01Z","tool_version":"0.4.0","type":"run-start","v":1}"#,
        #"{"actor":"demo","decision":"keep","dry_run":false,"eval_local":"2026-11-30T05:00:00+01:00","eval_time":"2026-11-30T04:00:00Z","prev":"1111111111111111111111111111111111111111111111111111111111111111","project":"pcb","reason":"inside","region":"eu-west-1","rule":1,"rule_line":12,"run_id":"a","schedule":"office","seq":1,"status_before":"HOSTED","time":"2026-11-30T04:00:01Z","timezone":"Europe/Berlin","tool_version":"0.4.0","type":"decision","v":1,"version":"3"}"#,
        #"{"counts":{"considered":10,"discovery_failures":0,"stop":5,"stopped":5},"dry_run":false,"duration_ms":40,"eval_time":"2026-11-30T04:00:00Z","exit_code":0,"prev":"2222222222222222222222222222222222222222222222222222222222222222","run_id":"a","seq":2,"time":"2026-11-30T04:00:01Z","tool_version":"0.4.0","type":"run-end","v":1}"#,
    ])
    func oldRecordsReadAsBefore(line: String) throws {
        let event = try JSONDecoder().decode(RunEvent.self, from: Data(line.utf8))
        switch event.body {
        case .runStart(let s): #expect(s.regions == ["eu-west-1"] && event.header.type == .runStart)
        case .decision(let d): #expect(d.decision == .keep && d.state_before == nil && d.wasHosted && d.rule_line == 12)
        case .runEnd(let e): #expect(e.counts.stopped == 5 && e.counts[.stop] == 5 && e.counts.considered == 10)
        case .intent, .settle, .events: Issue.record("an old record read as a new kind")
        }
        // Written again, the line is byte for byte what it was: the chain of old logs verifies.
        #expect(String(decoding: try JSONDocument.compact(event), as: UTF8.self) == line)
    }

    /// The write-ahead kinds: flat like every record, written and read back byte for byte, and
    /// read alike by the byte scanner and by `JSONDecoder`.
    @Test(arguments: [
        #"{"action":"stop","client_token":"c0ffee","dry_run":false,"eval_time":"2026-11-30T04:00:00Z","prev":"3333333333333333333333333333333333333333333333333333333333333333","project":"pcb","region":"eu-west-1","run_id":"a","seq":3,"service":"lookoutvision","time":"2026-11-30T04:00:01Z","tool_version":"0.4.0","type":"intent","v":1,"version":"3"}"#,
        #"{"action":"stop","client_token":"c0ffee","dry_run":false,"eval_time":"2026-11-30T05:00:00Z","intent_run_id":"a","prev":"4444444444444444444444444444444444444444444444444444444444444444","project":"pcb","reason":"found","region":"eu-west-1","run_id":"b","seq":1,"state_after":"stopped","status_after":"TRAINED","time":"2026-11-30T05:00:01Z","tool_version":"0.4.0","type":"settle","v":1,"version":"3"}"#,
    ])
    func intentAndSettleRecordsRoundTrip(line: String) throws {
        let event = try JSONDecoder().decode(RunEvent.self, from: Data(line.utf8))
        switch event.body {
        case .intent(let i): #expect(i.action == .stop && i.client_token == "c0ffee" && i.key == "lookoutvision//eu-west-1/pcb/3")
        case .settle(let s): #expect(s.intent_run_id == "a" && s.state_after == .stopped && s.intent.version == "3")
        default: Issue.record("read as \(event.header.type)")
        }
        #expect(String(decoding: try JSONDocument.compact(event), as: UTF8.self) == line)
        let scanned = try #require(line.utf8CString.withUnsafeBytes { AuditRecordScanner.scan(UnsafeRawBufferPointer(rebasing: $0.dropLast())) })
        #expect(scanned.type == event.header.type)
        #expect(scanned.intendedAction == .stop && scanned.decidedAction == nil)
        let decoded = try JSONDecoder().decode(SummaryFields.self, from: Data(line.utf8))
        #expect(decoded.intendedAction == .stop && decoded.kind == event.header.type)
    }
}

import Foundation
import HostingSchedule
import ModelHosting
import Testing
@testable import AuditTrail
@testable import SchedulerRun

func temporaryLogPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)/nested/audit.jsonl").path
}

func record(_ i: Int, outcome: Outcome? = .stopped) -> RunEvent {
    let header = RunEvent.Header(run_id: "run-\(i / 10)", seq: i, time: "2026-11-30T10:00:00Z",
                                 eval_time: InstantFormatForTests.utc(1_796_032_800 + (i / 10) * 3600), dry_run: false, tool_version: "test")
    var d = ModelDecision(region: "eu-west-1", project: "p\(i % 3)", version: "1", status_before: "HOSTED", decision: .stop, reason: "test")
    d.outcome = outcome
    return RunEvent(header: header, body: .decision(d))
}

enum InstantFormatForTests {
    static func utc(_ t: Int) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(t)))
    }
}

@Suite struct AuditLogTests {
    @Test func createsAnOwnerOnlyLogAndChainsRecords() throws {
        let path = temporaryLogPath()
        let log = try AuditLog(path: path)
        for i in 0..<5 { try log.append(record(i)) }
        try log.sync()
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let dirAttributes = try FileManager.default.attributesOfItem(atPath: (path as NSString).deletingLastPathComponent)
        #expect(dirAttributes[.posixPermissions] as? Int == 0o700)
        let v = try AuditReader.verify(path: path)
        #expect(v.ok && v.records == 5 && v.lines == 5 && !v.startsMidChain && v.tornLines.isEmpty)
        // A second writer (the next run) continues the chain.
        let next = try AuditLog(path: path)
        try next.append(record(5))
        #expect(try AuditReader.verify(path: path).records == 6)
    }

    @Test(arguments: ["edit", "delete", "insert", "swap"])
    func verifyFindsTampering(kind: String) throws {
        let path = temporaryLogPath()
        let log = try AuditLog(path: path)
        for i in 0..<6 { try log.append(record(i)) }
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        switch kind {
        case "edit": lines[2] = lines[2].replacingOccurrences(of: "\"stopped\"", with: "\"failed\"")
        case "delete": lines.remove(at: 2)
        case "insert": lines.insert(lines[1], at: 3)
        default: lines.swapAt(2, 3)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let v = try AuditReader.verify(path: path)
        #expect(!v.ok)
        #expect(v.firstBroken?.line == (kind == "insert" || kind == "edit" ? 4 : 3))
    }

    @Test func aTornLastLineIsReportedAndTheChainGoesOn() throws {
        let path = temporaryLogPath()
        let log = try AuditLog(path: path)
        for i in 0..<3 { try log.append(record(i)) }
        // A crash mid-write: half a record, no newline.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("{\"v\":1,\"type\":\"decis".utf8))
        try handle.close()
        #expect(try AuditReader.verify(path: path).tornLines == [4])
        let next = try AuditLog(path: path)
        #expect(next.tornTailFound)
        try next.append(record(3))
        let v = try AuditReader.verify(path: path)
        #expect(v.ok)
        #expect(v.tornLines == [4])
        #expect(v.records == 4)
        let summary = try AuditSummary.read(path: path)
        #expect(summary.tornLines == [4])
        #expect(summary.stops == 4)
    }

    @Test func aRotatedLogStartsMidChain() throws {
        let path = temporaryLogPath()
        let log = try AuditLog(path: path)
        for i in 0..<4 { try log.append(record(i)) }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        try (lines[2...].joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let v = try AuditReader.verify(path: path)
        #expect(v.ok && v.startsMidChain && v.records == 2)
    }

    @Test(arguments: [
        (["XDG_STATE_HOME": "/state", "HOME": "/home/u"], false, "/state/lookout-scheduler/audit.jsonl"),
        (["HOME": "/home/u"], false, "/home/u/.local/state/lookout-scheduler/audit.jsonl"),
        (["XDG_STATE_HOME": "relative", "HOME": "/home/u"], false, "/home/u/.local/state/lookout-scheduler/audit.jsonl"),
        (["HOME": "/root"], true, "/var/log/lookout-scheduler/audit.jsonl"),
    ])
    func defaultPathsFollowConventions(env: [String: String], root: Bool, expected: String) {
        #expect(AuditLog.defaultPath(environment: env, isRoot: root) == expected)
    }
}

@Suite struct AuditSummaryTests {
    /// Savings: until the next window, cut short by the next record that saw the same model
    /// hosted; realized also by the log's end (t0 + 2 h); with no next window, only up to the
    /// log's end (said, never guessed); times inference units and price.
    @Test func estimatesSavings() throws {
        let path = temporaryLogPath()
        let log = try AuditLog(path: path)
        func decision(_ model: String, at t: Int, run: String, outcome: Outcome) -> (RunEvent.Header, ModelDecision) {
            let header = RunEvent.Header(run_id: run, seq: 0, time: "x", eval_time: InstantFormatForTests.utc(t), dry_run: false, tool_version: "t")
            var d = ModelDecision(region: "eu-west-1", project: model, version: "1", status_before: "HOSTED", decision: .stop, reason: "r")
            d.outcome = outcome
            return (header, d)
        }
        func stop(_ model: String, at t: Int, next: Int?, units: Int? = nil, run: String) throws {
            var (header, d) = decision(model, at: t, run: run, outcome: .stopped)
            d.next_window = next.map(InstantFormatForTests.utc); d.inference_units = units; d.price_per_iu_hour = 4
            try log.append(RunEvent(header: header, body: .decision(d)))
        }
        let t0 = 1_796_032_800
        try stop("a", at: t0, next: t0 + 10 * 3600, run: "r1")                 // 10 h
        try stop("b", at: t0, next: t0 + 10 * 3600, units: 2, run: "r1")       // 2 units: 20 IU-h
        try stop("a", at: t0 + 2 * 3600, next: t0 + 10 * 3600, run: "r2")      // cuts the first a to 2 h; this one 8 h
        try stop("c", at: t0, next: nil, run: "r2")                             // no next window: up to the log's end, 2 h
        var (header, failed) = decision("d", at: t0, run: "r2", outcome: .failed)
        failed.error_code = "ThrottlingException"
        try log.append(RunEvent(header: header, body: .decision(failed)))
        let s = try AuditSummary.read(path: path)
        #expect(s.stops == 4)
        // Realized: a 2 h (then 0: the log ends at its second stop), b 2 h at 2 units, c 2 h.
        #expect(s.savings.realizedHours == 2 + 4 + 0 + 2)
        #expect(s.savings.realizedMoney == (2 + 4 + 0 + 2) * 4)
        #expect(s.savings.projectedHours == 2 + 20 + 8 + 2)
        #expect(s.savings.projectedMoney == (2 + 20 + 8 + 2) * 4)
        #expect(s.projectionOpenEnded == 1 && s.logEnd == t0 + 2 * 3600)
        #expect(s.failuresByCode == ["ThrottlingException": 1])
        #expect(s.repeatOffenders.map(\.model) == ["eu-west-1/a/1"])
        let onlyA = try AuditSummary.read(path: path, filter: .init(project: try Glob("a")))
        #expect(onlyA.stops == 2)
        let late = try AuditSummary.read(path: path, filter: .init(since: t0 + 3600))
        #expect(late.stops == 1)
    }
}

@Suite struct RunLockTests {
    @Test func aSecondLockIsRefusedUntilTheFirstIsReleased() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString)").path
        var first: RunLock? = try RunLock(path: path)
        #expect(first != nil)
        #expect(throws: RunLock.LockError.self) { try RunLock(path: path) }
        do {
            _ = try RunLock(path: path)
        } catch {
            #expect(error.description.hasPrefix("another lookout-scheduler run holds the lock \(path) (pid \(getpid()) since "))
        }
        first = nil
        #expect((try? RunLock(path: path)) != nil)
    }
}

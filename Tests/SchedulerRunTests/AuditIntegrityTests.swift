import AWSCore
import FileSafety
import Foundation
import Hashing
import HostingSchedule
import ModelHosting
import RunPresentation
import Testing
@testable import AuditTrail
@testable import SchedulerRun

/// Writes `n` records through a real log and anchors it, as a run does.
func anchoredLog(_ n: Int) throws -> String {
    let path = temporaryLogPath()
    let log = try AuditLog(path: path)
    for i in 0..<n { try log.append(record(i)) }
    try log.writeAnchor()
    return path
}

func lines(_ path: String) throws -> [String] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
}

/// Rewrites every `prev` so the chain holds again, as someone who can rewrite the file would.
func rechain(_ lines: [String]) -> [String] {
    var previous = String(repeating: "0", count: 64)
    return lines.map { line in
        let range = line.range(of: #""prev":"[0-9a-f]{64}""#, options: .regularExpression)!
        let fixed = line.replacingCharacters(in: range, with: "\"prev\":\"\(previous)\"")
        previous = Digest.hex(Digest.sha256(Array(fixed.utf8)))
        return fixed
    }
}

func anchorOf(_ path: String) throws -> AuditAnchor? { try AuditAnchor.read(path: AuditAnchor.path(forLog: path)) }

@Suite struct AuditAnchorTests {
    @Test func anAnchoredLogVerifies() throws {
        let path = try anchoredLog(6)
        let anchor = try #require(try anchorOf(path))
        #expect(anchor.records == 6)
        let attributes = try FileManager.default.attributesOfItem(atPath: AuditAnchor.path(forLog: path))
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let v = try AuditReader.verify(path: path, anchor: anchor)
        #expect(v.ok && v.anchorProblem == nil && v.recordsAfterAnchor == 0)
        // The next run continues the count from the anchor, without reading the whole log.
        let next = try AuditLog(path: path)
        try next.append(record(6))
        #expect(try next.writeAnchor().records == 7)
        #expect(try AuditReader.verify(path: path, anchor: anchorOf(path)).ok)
    }

    /// What the chain alone cannot show, the anchor does.
    @Test(arguments: ["delete-and-rechain", "edit-last", "cut-tail", "edit-last-and-rechain", "empty"])
    func tamperingThatKeepsTheChainIsDetected(kind: String) throws {
        let path = try anchoredLog(6)
        var l = try lines(path)
        switch kind {
        case "delete-and-rechain": l.remove(at: 2); l = rechain(l)
        case "edit-last": l[5] = l[5].replacingOccurrences(of: "\"stopped\"", with: "\"failed\"")
        case "edit-last-and-rechain": l[5] = l[5].replacingOccurrences(of: "\"stopped\"", with: "\"failed\""); l = rechain(l)
        case "cut-tail": l.removeLast(2)
        default: l = []
        }
        try (l.isEmpty ? "" : l.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try AuditReader.verify(path: path).firstBroken == nil, "the chain alone passes")
        let v = try AuditReader.verify(path: path, anchor: anchorOf(path))
        #expect(!v.ok)
        #expect(v.problem != nil)
    }

    @Test func aLogWithNoValidRecordFails() throws {
        let path = temporaryLogPath()
        try AuditLog.makeDirectory(for: path)
        try "garbage\n{\"not\": \"a record\"}\n".write(toFile: path, atomically: false, encoding: .utf8)
        let v = try AuditReader.verify(path: path)
        #expect(!v.ok && v.empty)
    }

    /// A run killed after writing records but before its anchor: the records after the anchor are
    /// reported, not fatal, and the next run anchors them.
    @Test func recordsAfterTheAnchorAreToleratedAndAnchoredNext() throws {
        let path = try anchoredLog(4)
        let crashed = try AuditLog(path: path)
        try crashed.append(record(4))
        try crashed.append(record(5))
        let v = try AuditReader.verify(path: path, anchor: anchorOf(path))
        #expect(v.ok && v.recordsAfterAnchor == 2)
        let next = try AuditLog(path: path)
        #expect(next.notes.isEmpty)
        try next.append(record(6))
        #expect(try next.writeAnchor().records == 7)
        #expect(try AuditReader.verify(path: path, anchor: anchorOf(path)).ok)
    }

    /// Tampering found by a run stays visible: the run goes on, but the anchor carries the problem.
    @Test func aRunOnATamperedLogCarriesTheProblemForward() throws {
        let path = try anchoredLog(6)
        var l = try lines(path)
        l[5] = l[5].replacingOccurrences(of: "\"stopped\"", with: "\"failed\"")
        try (rechain(l).joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        let next = try AuditLog(path: path)
        #expect(next.notes.contains { $0.contains("does not match its anchor") })
        try next.append(record(6))
        let anchor = try next.writeAnchor()
        #expect(anchor.problem != nil)
        let v = try AuditReader.verify(path: path, anchor: anchor)
        #expect(!v.ok)
    }

    @Test func aLogWithoutAnAnchorIsAnchoredAsFound() throws {
        let path = temporaryLogPath()
        let first = try AuditLog(path: path)
        for i in 0..<3 { try first.append(record(i)) }
        try FileManager.default.removeItem(atPath: AuditAnchor.path(forLog: path))  // as a log from before anchors
        let next = try AuditLog(path: path)
        #expect(next.notes.contains { $0.contains("had no anchor") })
        try next.append(record(3))
        #expect(try next.writeAnchor().records == 4)
    }
}

@Suite struct FileSafetyTests {
    func directory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("safe-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aSymlinkedLogIsRefusedAndItsTargetUntouched() throws {
        let dir = try directory()
        let target = dir + "/target"
        try "precious\n".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/audit.jsonl", withDestinationPath: target)
        #expect(throws: AuditLogError.self) { try AuditLog(path: dir + "/audit.jsonl") }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious\n")
        #expect(throws: RunLock.LockError.self) { try RunLock(path: dir + "/audit.jsonl") }
    }

    @Test func aFIFOOrDirectoryIsRefusedWithoutWaiting() throws {
        let dir = try directory()
        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        for path in [dir + "/fifo", dir + "/sub", "/dev/null"] {
            #expect(throws: AuditLogError.self) { try AuditLog(path: path) }
            #expect(throws: (any Error).self) { try AuditReader.forEachLine(path: path) { _ in } }
            #expect(throws: (any Error).self) { try MetricsFile.write("x", to: path) }
        }
    }

    @Test func aGroupWritableLogIsRefused() throws {
        let dir = try directory()
        let path = dir + "/audit.jsonl"
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o620]))
        chmod(path, 0o620)
        #expect(throws: AuditLogError.self) { try AuditLog(path: path) }
    }

    @Test func metricsAreReplacedThroughAnUnpredictableTemporary() throws {
        let dir = try directory()
        let path = dir + "/lookout.prom"
        // The old predictable name, planted as a symbolic link, is not followed.
        try FileManager.default.createSymbolicLink(atPath: dir + "/.lookout.prom.\(getpid()).tmp", withDestinationPath: dir + "/victim")
        try MetricsFile.write("a 1\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "a 1\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/victim"))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o644)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.prom", withDestinationPath: dir + "/victim")
        #expect(throws: SafeFile.Refusal.self) { try MetricsFile.write("b 1\n", to: dir + "/link.prom") }
    }

    /// A power loss can leave a long run of NUL bytes: read in constant memory, as torn lines.
    @Test func longRunsOfNULBytesAreTornLinesNotMemory() throws {
        let path = try anchoredLog(3)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(count: 3 * AuditReader.maximumLineLength + 17))
        try handle.close()
        let s = try AuditSummary.read(path: path)
        #expect(s.decisions == 3 && s.tornLines == [4])
        // The next run links to the NUL line by its hash, streamed.
        let next = try AuditLog(path: path)
        #expect(next.tornTailFound)
        try next.append(record(3))
        try next.writeAnchor()
        let v = try AuditReader.verify(path: path, anchor: anchorOf(path))
        #expect(v.ok, "\(v.problem ?? "")")
        #expect(v.tornLines == [4])
        #expect(try AuditSummary.read(path: path).decisions == 4)
    }
}

@Suite struct AuditScannerTests {
    /// The byte scanner and the decoder give the same summary, on what this tool writes and on
    /// any other valid JSON form of the same records.
    @Test func theScannerAgreesWithTheDecoder() throws {
        let path = temporaryLogPath()
        try AuditLog.makeDirectory(for: path)
        var text = ""
        let prev = String(repeating: "a", count: 64)
        for i in 0..<60 {
            let outcome = ["stopped", "failed", "confirmed", "unconfirmed", "skipped"][i % 5]
            let project = i % 7 == 0 ? #"we\"ird\\name"# : "p\(i % 4)"
            let service = i % 3 == 0 ? #","service":"sagemaker""# : ""
            let extra = i % 2 == 0 ? #","account_id":"123456789012","nested":{"a":[1,{"b":"}"}],"c":null},"flag":true"# : ""
            let spaced = i % 5 == 0 ? " " : ""
            text += #"{"type":"decision",\#(spaced)"run_id":"r\#(i / 10)","time":"2026-11-30T10:00:00Z","eval_time":"2026-11-30T1\#(i % 10):00:00Z","#
                + #""region":"eu-west-1","project":"\#(project)","version":"\#(i % 3 + 1)","status_before":"HOSTED","decision":"stop","#
                + #""outcome":"\#(outcome)","error_code":\#(i % 4 == 0 ? "null" : #""E\#(i % 2)""#),"next_window":"2026-11-30T18:00:00Z","#
                + #""inference_units":\#(i % 3 + 1),"price_per_iu_hour":4.5e0,"prev":"\#(prev)"\#(service)\#(extra)}"# + "\n"
            if i % 10 == 9 {
                text += #"{"counts":{"considered":10,"discovery_failures":\#(i % 3)},"type":"run-end","run_id":"r\#(i / 10)","time":"2026-11-30T10:00:00Z","eval_time":"2026-11-30T10:00:00Z","prev":"\#(prev)"}"# + "\n"
                text += #"{"type":"run-start","run_id":"r\#(i / 10 + 1)","time":"2026-11-30T1\#(i % 10):00:00Z","eval_time":"2026-11-30T10:00:00Z","regions":["eu-west-1"],"prev":"\#(prev)"}"# + "\n"
            }
        }
        text += "{\"type\":\"decision\",\"run_id\":\"torn"  // torn
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        for filter in [AuditSummary.Filter(), AuditSummary.Filter(project: try Glob("p*")), AuditSummary.Filter(outcome: .outcome(.failed))] {
            let fast = try AuditSummary.read(path: path, filter: filter, collect: false, scanning: true)
            let slow = try AuditSummary.read(path: path, filter: filter, collect: false, scanning: false)
            #expect(fast.counts == slow.counts)
            #expect(fast.countsPerService == slow.countsPerService)
            #expect(fast.stopsPerModel == slow.stopsPerModel)
            #expect(fast.failuresByCode == slow.failuresByCode)
            #expect(fast.runs == slow.runs && fast.firstTime == slow.firstTime && fast.lastTime == slow.lastTime)
            #expect(fast.tornLines == slow.tornLines)
            #expect(abs(fast.savings.realizedMoney - slow.savings.realizedMoney) < 1e-9)
            #expect(abs(fast.savings.projectedMoney - slow.savings.projectedMoney) < 1e-9)
            #expect(fast.runsStoppingModel == slow.runsStoppingModel)
        }
        let s = try AuditSummary.read(path: path)
        #expect(s.countsPerService["sagemaker"]?.considered == 20)
        #expect(s.countsPerService["lookoutvision"]?.considered == 40)
        #expect(s.counts.discoveryFailures == 6)
        // Models of a service other than Lookout for Vision are named with their service.
        #expect(s.stopsPerModel.keys.contains(#"sagemaker/eu-west-1/we"ird\name/1"#))
        #expect(s.stopsPerModel.keys.contains(#"eu-west-1/we"ird\name/2"#))
    }

    @Test(arguments: ["", "{", "{}", "[1,2]", "{\"type\":\"decision\"}", "{\"type\":\"nonsense\",\"run_id\":\"r\",\"time\":\"t\",\"eval_time\":\"t\"}",
                      "{\"type\":\"decision\",\"run_id\":\"r\",\"time\":\"t\",\"eval_time\":\"t\"} x", "\u{0}\u{0}\u{0}"])
    func notARecordIsNeverScannedAsOne(line: String) throws {
        let bytes = Array(line.utf8)
        let scanned = bytes.withUnsafeBytes { AuditRecordScanner.scan($0) != nil }
        #expect(!scanned)
    }
}

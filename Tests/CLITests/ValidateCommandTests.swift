import Foundation
import Testing

@Suite struct ValidateCommandTests {
    @Test(arguments: ["schedules/example.yaml", "schedules/minimal.yaml", "schedules/advanced.yaml"])
    func acceptsTheShippedRuleFiles(path: String) throws {
        let r = try CommandRunner.run(["validate", "--rules", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("\(path): valid: "))
        #expect(r.stderr.isEmpty)
    }

    @Test func printsEveryErrorWithLocationAndExitsTwo() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("bad.yaml", """
            version: 1
            defaults: { timezone: CET }
            schedules:
              s: { windows: [ { days: mon-fri, from: "07:00", to: "19:00" } ] }
            rules:
              - { project: a, schedule: typo }
            """)
        let r = try CommandRunner.run(["validate", "--rules", path])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.filter { $0.contains(": error: ") } == [
            "\(path):2:23: error: 'CET' is an abbreviation, not an IANA time zone; write a zone such as Europe/Berlin or America/Chicago (an abbreviation does not say when daylight saving time applies)",
            "\(path):6:29: error: rule 1 uses unknown schedule 'typo' (defined: s, always, never)",
        ])
        #expect(lines.contains("  - { project: a, schedule: typo }"))
        // The refused default zone is reported once: schedule 's' is not told again that it has none.
        #expect(lines.last(where: { !$0.isEmpty }) == "\(path): 2 errors; the rule file was rejected")
    }

    @Test func warningsGoToStandardErrorAndStrictFails() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("warn.yaml", """
            version: 1
            defaults: { timezone: UTC }
            rules:
              - { project: "*", schedule: never }
              - { project: a, schedule: always }
            """)
        let r = try CommandRunner.run(["validate", "--rules", path])
        #expect(r.status == 0)
        #expect(r.stderr.hasPrefix("\(path):5:5: warning: rule 2 never applies: rule 1 (line 4) comes first and covers every model it covers\n"))
        let strict = try CommandRunner.run(["validate", "--rules", path, "--strict"])
        #expect(strict.status == 2)
    }

    @Test func aMissingFileIsAnError() throws {
        let r = try CommandRunner.run(["validate", "--rules", "does-not-exist.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr == "does-not-exist.yaml:1:1: error: cannot read the rule file: no such file\ndoes-not-exist.yaml: 1 error; the rule file was rejected\n")
    }
}

/// A fresh directory under the system's temporary directory, removed when released.
final class TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("lookout-scheduler-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func write(_ name: String, _ text: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

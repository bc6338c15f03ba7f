import Foundation
import Testing

/// Issue 18, "never destroy what the user owns", through the real binary: a command that writes
/// into a directory or file the user names never deletes, replaces, truncates or re-anchors what it
/// did not create there.
@Suite(.serialized) struct UserFilesCommandTests {
    func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// A directory holding anything (a log of the user's, its anchor, a lock, a rule file, or an
    /// unrelated file) is refused with exit 2, and every byte in it stays as it was.
    @Test(arguments: ["audit.jsonl", "audit.jsonl.anchor", "audit.jsonl.lock", "rules.yaml", "fleet.yaml", "notes.txt"])
    func demoRefusesADirectoryThatHoldsAnything(name: String) throws {
        let dir = try TemporaryDirectory()
        let precious = "{\"v\":1,\"type\":\"run-start\",\"precious\":true}\n"
        let path = try dir.write(name, precious)
        let r = try CommandRunner.run(["demo", "--directory", dir.url.path])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr == "error: the demo's directory \(dir.url.path) is not empty (it holds \(name)); nothing in it was touched: give a new or empty directory\n")
        #expect(r.stdout.isEmpty)
        #expect(bytes(path) == Data(precious.utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == [name])
    }

    @Test func demoRefusesASymbolicLinkOrAFileAsItsDirectory() throws {
        let dir = try TemporaryDirectory()
        let target = dir.url.appendingPathComponent("real").path
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        let link = dir.url.appendingPathComponent("link").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let viaLink = try CommandRunner.run(["demo", "--directory", link])
        #expect(viaLink.status == 2)
        #expect(viaLink.stderr.contains("is a symbolic link; refusing to follow it"), "\(viaLink.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: target).isEmpty)
        let file = try dir.write("file", "mine\n")
        let onFile = try CommandRunner.run(["demo", "--directory", file])
        #expect(onFile.status == 2)
        #expect(onFile.stderr.contains("is a regular file, not a directory"), "\(onFile.stderr)")
        #expect(bytes(file) == Data("mine\n".utf8))
    }

    /// A new directory (and its missing parents) is made owner-only, and the demo runs in it; a
    /// second demo in the same directory is then refused, its log kept whole.
    @Test func demoMakesANewDirectoryAndNeverRunsTwiceInIt() throws {
        let dir = try TemporaryDirectory()
        let fresh = dir.url.appendingPathComponent("a/b/demo").path
        let first = try CommandRunner.run(["demo", "--directory", fresh])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: fresh)[.posixPermissions] as? Int == 0o700)
        let log = fresh + "/audit.jsonl"
        let logBefore = bytes(log), anchorBefore = bytes(log + ".anchor")
        #expect(logBefore != nil && anchorBefore != nil)
        let second = try CommandRunner.run(["demo", "--directory", fresh])
        #expect(second.status == 2)
        #expect(second.stderr.contains("is not empty (it holds audit.jsonl, audit.jsonl.anchor, audit.jsonl.lock, fleet.yaml, rules.yaml)"), "\(second.stderr)")
        #expect(bytes(log) == logBefore)
        #expect(bytes(log + ".anchor") == anchorBefore)
        #expect(try CommandRunner.run(["audit", "--verify", "--log", log]).status == 0)
    }

    /// `run --log` on a file of the user's that is not an audit log (no record, no anchor): refused
    /// before a byte is written to it, and no anchor made for it.
    @Test func runRefusesToAppendToAFileThatIsNotAnAuditLog() throws {
        let s = try RunSetup()
        let notes = try s.dir.write("notes.txt", "my notes\nnot a log\n")
        chmod(notes, 0o600)
        let r = try CommandRunner.run(["run", "--rules", s.rules, "--now", RunFixture.now, "--endpoint-url", s.emulator.endpoint,
                                       "--log", notes, "--requests-per-second", "0"], environment: s.emulator.environment(home: s.dir.url.path))
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("error: the audit log \(notes) holds 19 bytes but no audit record, and has no anchor: it is not a lookout-scheduler audit log"), "\(r.stderr)")
        #expect(bytes(notes) == Data("my notes\nnot a log\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: notes + ".anchor"))
        #expect(try s.stopCalls().isEmpty)
    }

    /// A file of the user's at `LOG.lock` is never truncated to hold the lock.
    @Test func runNeverTruncatesAFileOfTheUsersAtTheLockPath() throws {
        let s = try RunSetup()
        try FileManager.default.createDirectory(atPath: (s.log as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: s.log + ".lock", contents: Data("keys I keep here\n".utf8), attributes: [.posixPermissions: 0o600])
        let r = try s.run()
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("the lock file \(s.log).lock holds something that is not a lookout-scheduler lock; refusing to overwrite it"), "\(r.stderr)")
        #expect(bytes(s.log + ".lock") == Data("keys I keep here\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: s.log))
        #expect(try s.stopCalls().isEmpty)
        // A lock of ours (left by an earlier run) is reused as before.
        try FileManager.default.removeItem(atPath: s.log + ".lock")
        #expect(try s.run().status == 0)
        #expect(try s.run().status == 0)
    }

    /// `--metrics-file` naming the audit log, its anchor or any file that is not our metrics is
    /// refused before the run (exit 2), and the file is left as it was; our own metrics file is
    /// replaced run after run as before.
    @Test func metricsFileNeverReplacesTheLogOrAFileOfTheUsers() throws {
        let s = try RunSetup()
        let metrics = s.dir.url.appendingPathComponent("lookout.prom").path
        #expect(try s.run(["--metrics-file", metrics]).status == 0)
        #expect(try s.run(["--metrics-file", metrics]).status == 0)
        let mine = try s.dir.write("mine.txt", "precious\n")
        for victim in [s.log, s.log + ".anchor", mine] {
            let before = bytes(victim)
            let calls = try s.emulator.requests().count
            let r = try s.run(["--metrics-file", victim])
            #expect(r.status == 2, "\(victim): \(r.stderr)")
            #expect(r.stderr.contains("error: the metrics file \(victim) exists and is not a lookout-scheduler metrics file"), "\(r.stderr)")
            #expect(bytes(victim) == before)
            #expect(try s.emulator.requests().count == calls)
        }
        #expect(try CommandRunner.run(["audit", "--verify", "--log", s.log]).status == 0)
        // An empty file is fine: it holds nothing to lose.
        let empty = try s.dir.write("empty.prom", "")
        #expect(try s.run(["--metrics-file", empty]).status == 0)
        #expect(try String(contentsOfFile: empty, encoding: .utf8).hasPrefix("# HELP lookout_scheduler_"))
    }

    /// No source file removes a file outright except scratch files the tool made itself: the
    /// benchmarks' mkdtemp directories and SafeFile's own mkstemp temporaries.
    @Test func noCodePathRemovesAFileItDidNotCreate() throws {
        let sources = CommandRunner.repositoryRoot.appendingPathComponent("Sources")
        let allowed: Set<String> = ["Benchmarks/", "FileSafety/SafeFile.swift", "LookoutEmulator"]  // every benchmark file removes only its own mkdtemp scratch
        var offenders: [String] = []
        let walker = FileManager.default.enumerator(atPath: sources.path)!
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(".swift"), !allowed.contains(where: { relative.hasPrefix($0) }) else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(relative), encoding: .utf8)
            for word in ["removeItem(", "unlink(", "unlinkat(", "remove(", "rmdir(", "replaceItem", "O_TRUNC"] where text.contains(word) {
                offenders.append("\(relative): \(word)")
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}

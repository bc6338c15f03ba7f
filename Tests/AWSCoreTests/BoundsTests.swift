import Foundation
import Testing
@testable import AWSCore

/// Every wait sits under a deadline: credential_process, the rate limiter, credential sources.
@Suite struct BoundsTests {
    /// Running (a zombie waiting for a parent that does not reap it is not).
    func alive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return kill(pid, 0) == 0 }
        let state = stat.split(separator: ")").last?.split(separator: " ").first
        return state != "Z" && state != "X"
    }

    /// On timeout the whole process group goes: the shell and what it started in the background.
    @Test func aCredentialProcessThatHangsIsKilledWithItsGroup() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let started = Date()
        let error = await #expect(throws: CredentialError.self) {
            _ = try await ProcessCredentials.run("sleep 60 & echo $! > \(dir)/child; sleep 60", profile: "slow", timeout: 1)
        }
        #expect(Date().timeIntervalSince(started) < 30)  // far below the helper's 60 s, with room for a loaded machine
        #expect(error?.message.contains("did not finish within 1 s") == true)
        let child = try #require(Int32(String(contentsOfFile: dir + "/child", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        try await Task.sleep(nanoseconds: 200_000_000)
        #expect(!alive(child), "the background child of the helper was left running")
    }

    /// Output past the limit (1 MiB) is refused, not kept: the helper's answer is not read.
    @Test func aCredentialProcessThatPrintsTooMuchIsRefused() async throws {
        let error = await #expect(throws: CredentialError.self) {
            _ = try await ProcessCredentials.run("head -c 3000000 /dev/zero | tr '\\0' x", profile: "chatty", timeout: 20)
        }
        #expect(error?.message.contains("did not print the expected JSON") == true)
        let result = try await CredentialProcessRunner.run("head -c 3000000 /dev/zero", timeout: 20)
        #expect(result.truncated && result.stdout.isEmpty && !result.timedOut)
    }

    /// The exit status of the shell is the helper's; a signal is 128 + its number.
    @Test func theExitStatusIsTheHelpers() async throws {
        #expect(try await CredentialProcessRunner.run("exit 7", timeout: 20).status == 7)
        #expect(try await CredentialProcessRunner.run("kill -TERM $$", timeout: 20).status == 128 + SIGTERM)
        let ok = try await CredentialProcessRunner.run("printf abc", timeout: 20)
        #expect(ok.status == 0 && ok.stdout == Array("abc".utf8))
    }

    /// A helper that writes a lot to standard error before its answer never deadlocks on a full pipe.
    @Test func standardErrorIsDrainedWhileStandardOutputIsRead() async throws {
        let json = #"{"Version":1,"AccessKeyId":"AKIDPROC","SecretAccessKey":"s"}"#
        let c = try await ProcessCredentials.run("head -c 2000000 /dev/zero >&2; echo '\(json)'", profile: "noisy", timeout: 20)
        #expect(c.accessKeyId == "AKIDPROC")
    }

    @Test func theRateLimiterNeverWaitsPastTheDeadline() async throws {
        let limiter = RateLimiter(perSecond: 0.5, burst: 1)
        try await limiter.acquire("ListModels")
        let started = Date()
        await #expect(throws: RateLimiter.WouldPassDeadline.self) {
            try await limiter.acquire("ListModels", deadline: Date().timeIntervalSince1970 + 0.5)
        }
        #expect(Date().timeIntervalSince(started) < 0.2)
    }

    @Test func aCredentialSourceThatNeverAnswersIsCutOff() async throws {
        let started = Date()
        await #expect(throws: Deadline.Passed.self) {
            try await Deadline.run(within: 0.3, what: "getting credentials") { () async throws -> Int in
                try await Task.sleep(nanoseconds: 60_000_000_000)
                return 1
            }
        }
        #expect(Date().timeIntervalSince(started) < 30)  // far below the 60 s the source would take
    }
}

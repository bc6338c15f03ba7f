import Foundation
import SigV4
import Testing
@testable import AWSCore

/// A provider that takes a while and counts how often it is asked.
final class SlowCountingProvider: CredentialProvider, @unchecked Sendable {
    let name = "slow"
    let lifetime: Double
    let clock: @Sendable () -> Double
    private let lock = NSLock()
    private var _calls = 0
    var calls: Int { lock.withLock { _calls } }
    init(lifetime: Double, clock: @escaping @Sendable () -> Double) {
        self.lifetime = lifetime
        self.clock = clock
    }
    func credentials() async throws -> Credentials? {
        let n = lock.withLock { _calls += 1; return _calls }
        try await Task.sleep(nanoseconds: 50_000_000)
        return Credentials(accessKeyId: "AKID\(n)", secretAccessKey: "s", sessionToken: "t", expiration: clock() + lifetime)
    }
}

/// A clock tests move by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var t = 1_000_000.0
    var now: Double { lock.withLock { t } }
    func advance(_ s: Double) { lock.withLock { t += s } }
}

@Suite struct CredentialRefreshTests {
    /// Concurrent callers share one refresh; a refresh happens again five minutes before expiry.
    @Test func concurrentCallersShareOneRefresh() async throws {
        let clock = ManualClock()
        let provider = SlowCountingProvider(lifetime: 900, clock: { clock.now })
        let chain = CredentialChain(providers: [provider], now: { clock.now })
        let keys = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<20 { group.addTask { try? await chain.credentials()?.accessKeyId } }
            return await group.reduce(into: Set<String?>()) { $0.insert($1) }
        }
        #expect(keys == ["AKID1"])
        #expect(provider.calls == 1)
        clock.advance(599)  // 301 s left: still fresh
        #expect(try await chain.credentials()?.accessKeyId == "AKID1")
        clock.advance(2)    // 299 s left: inside the five-minute margin
        let again = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<10 { group.addTask { try? await chain.credentials()?.accessKeyId } }
            return await group.reduce(into: Set<String?>()) { $0.insert($1) }
        }
        #expect(again == ["AKID2"])
        #expect(provider.calls == 2)
    }
}

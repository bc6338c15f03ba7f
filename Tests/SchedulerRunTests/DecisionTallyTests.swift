import Foundation
import Testing
@testable import AuditTrail

@Suite struct DecisionTallyTests {
    @Test func theFlatTallyCountsAsRunCountsDoesOneByOne() {
        var tally = DecisionTally()
        #expect(tally.account(name: nil, id: nil, filter: .init()) == 0)
        var expected = RunCounts()
        var i = 0
        for action in Action.allCases {
            for outcome in Outcome.allCases.map(Optional.some) + [nil] {
                for hosted in [false, true] {
                    i += 1
                    for _ in 0..<(i % 3) {
                        tally.add(action, outcome, wasHosted: hosted, account: 0, service: 0)
                        expected.add(action, outcome, wasHosted: hosted)
                    }
                }
            }
        }
        var counts = RunCounts()
        tally.add(account: 0, to: &counts)
        #expect(counts == expected)
        var perService = RunCounts()
        tally.add(service: 0, to: &perService)
        #expect(perService == expected)
    }

    @Test func accountsAreTheSameOnlyWhenTheirNameAndIdAre() {
        var tally = DecisionTally()
        func account(_ name: String?, _ id: String?) -> Int {
            var n = name, d = id
            func bytes(_ s: inout String?, _ body: (UnsafeRawBufferPointer?) -> Int) -> Int {
                guard s != nil else { return body(nil) }
                return s!.withUTF8 { body(UnsafeRawBufferPointer($0)) }
            }
            return bytes(&n) { nb in bytes(&d) { db in tally.account(name: nb, id: db, filter: .init()) } }
        }
        let a = account("prod", "123"), b = account("prod", nil), c = account(nil, "prod"), d = account("", "prod"), e = account("pro", "d123")
        #expect(Set([a, b, c, d, e]).count == 5)
        #expect(account("prod", "123") == a && account(nil, "prod") == c)
        #expect(tally.accounts[a].label == "prod (123)" && tally.accounts[c].label == "prod" && tally.accounts[c].named)
        #expect(account(nil, nil) == 5 && tally.accounts[5].label == AuditSummary.noAccount && !tally.accounts[5].named)
        for k in 0..<100 { #expect(account("a\(k)", nil) == 6 + k) }
        for k in 0..<100 { #expect(account("a\(k)", nil) == 6 + k) }
    }
}

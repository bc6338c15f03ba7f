import Foundation
import HostingSchedule
import Testing
@testable import AuditTrail
@testable import SchedulerRun

/// The summary's one-pass savings against the definitions written out naively (every stop looks
/// at every later record), on seeded random logs: both readers (scanner and decoder), with and
/// without a period.
@Suite struct SavingsDefinitionTests {
    struct Line {
        let at: Int
        let project: String
        let action: String
        let outcome: String?
        let hosted: Bool
        let next: Int?
        let units: Int
        let price: Double
    }

    /// A deterministic generator (SplitMix64), so a failure can be replayed.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func randomLog(seed: UInt64) -> [Line] {
        var g = Seeded(state: seed)
        var lines: [Line] = []
        var t = 1_796_000_000
        for _ in 0..<30 {
            t += 3600 * [1, 2, 5, 30].randomElement(using: &g)!
            for m in 0..<12 {
                let r = Double.random(in: 0..<1, using: &g)
                let project = "p\(m)"
                if r < 0.3 {
                    let next = Bool.random(using: &g) && r < 0.03 ? nil : t + 3600 * Int.random(in: 1...300, using: &g)
                    lines.append(Line(at: t, project: project, action: "stop", outcome: ["stopped", "confirmed", "unconfirmed", "failed"].randomElement(using: &g)!,
                                      hosted: true, next: next, units: Int.random(in: 1...3, using: &g), price: [4, 4, 2, 0].randomElement(using: &g)!))
                } else if r < 0.4 {
                    lines.append(Line(at: t, project: project, action: "keep", outcome: nil, hosted: true, next: nil, units: 1, price: 4))
                } else if r < 0.45 {
                    lines.append(Line(at: t, project: project, action: "start", outcome: "started", hosted: false, next: nil, units: 1, price: 4))
                } else {
                    lines.append(Line(at: t, project: project, action: "none", outcome: nil, hosted: false, next: nil, units: 1, price: 4))
                }
            }
        }
        return lines
    }

    static func json(_ l: Line) -> String {
        var s = "{\"type\":\"decision\",\"run_id\":\"r\(l.at)\",\"time\":\"\(InstantFormat.utc(l.at))\",\"eval_time\":\"\(InstantFormat.utc(l.at))\""
        s += ",\"region\":\"eu-west-1\",\"project\":\"\(l.project)\",\"version\":\"1\",\"status_before\":\"\(l.hosted ? "HOSTED" : "TRAINED")\""
        s += ",\"state_before\":\"\(l.hosted ? "hosted" : "stopped")\",\"decision\":\"\(l.action)\",\"reason\":\"x\""
        if let o = l.outcome { s += ",\"outcome\":\"\(o)\"" }
        if let n = l.next { s += ",\"next_window\":\"\(InstantFormat.utc(n))\"" }
        return s + ",\"inference_units\":\(l.units),\"price_per_iu_hour\":\(l.price)}"
    }

    /// The definitions, one stop at a time (README, "Savings").
    static func expected(_ lines: [Line], from: Int?, to: Int?) -> Savings {
        let logEnd = lines.map(\.at).max()!
        var total = Savings()
        for (i, l) in lines.enumerated() where ["stopped", "confirmed", "unconfirmed"].contains(l.outcome ?? "") && l.price != 0 {
            if let from, l.at < from { continue }
            if let to, l.at >= to { continue }
            let sighted = lines[(i + 1)...].first { $0.project == l.project && ($0.hosted || $0.outcome == "started") && $0.at >= l.at }?.at
            var projected = [l.next, sighted].compactMap { $0 }.min() ?? logEnd
            if let to { projected = min(projected, to) }
            let realized = min(projected, logEnd)
            total += Savings.of(at: l.at, realizedEnd: realized, projectedEnd: projected, units: l.units, price: l.price)
        }
        return total
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func theOnePassMatchesTheDefinitions(seed: UInt64) throws {
        let lines = Self.randomLog(seed: seed)
        let path = temporaryLogPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try (lines.map(Self.json).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let middle = lines[lines.count / 3].at, late = lines[2 * lines.count / 3].at
        for (from, to) in [(nil, nil), (middle, late), (nil, middle), (late, nil)] as [(Int?, Int?)] {
            let want = Self.expected(lines, from: from, to: to)
            for scanning in [true, false] {
                let s = try AuditSummary.read(path: path, filter: .init(from: from, to: to), collect: false, scanning: scanning)
                #expect(abs(s.savings.realizedHours - want.realizedHours) < 1e-6, "seed \(seed) from \(String(describing: from)) to \(String(describing: to))")
                #expect(abs(s.savings.realizedMoney - want.realizedMoney) < 1e-6)
                #expect(abs(s.savings.projectedHours - want.projectedHours) < 1e-6)
                #expect(abs(s.savings.projectedMoney - want.projectedMoney) < 1e-6)
                #expect(s.savings.realizedHours <= s.savings.projectedHours + 1e-9)
            }
        }
    }
}

import Foundation

extension Benchmarks {
    /// One account, one region, 60 stops (12 projects of 5 versions, all outside their windows),
    /// every call 50 ms late, the emulator enforcing the services' default quota of 5 requests/s
    /// per API and the run's limit at the same 5/s; `BENCH_QUOTA_RUNS` runs (default 20). The
    /// bound is the service's own: the busiest API's calls beyond its bucket of 5, at 5/s, plus
    /// the calls before them and the last one's latency. Goal: 0 throttled requests in every run,
    /// each within 1.05x the bound.
    static func quota(_ report: inout [BenchFigure]) async throws {
        let runs = ProcessInfo.processInfo.environment["BENCH_QUOTA_RUNS"].flatMap(Int.init) ?? 20
        var ratios: [Double] = [], throttled: [Int] = []
        for _ in 0..<runs {
            let r = try await accounts(1, regions: ["eu-west-1"], projects: 12, off: 12, quiet: true)
            ratios.append(r.seconds / r.bound)
            throttled.append(r.throttled)
        }
        let sorted = ratios.sorted()
        report.append(BenchFigure(what: "quota: \(runs) runs of 60 stops at 5/s, \(throttled.reduce(0, +)) throttled (goal 0), median run", measured: sorted[sorted.count / 2],
                                  bound: 1, boundName: "the quota bound", goal: 1.05, unit: "x"))
        print(String(format: "quota: %d runs of 60 stops at the 5 requests/s quota: %d throttled requests in all (goal 0; per run: %@); time against the quota bound: median %.3fx, worst %.3fx (goal <= 1.05x)",
                     runs, throttled.reduce(0, +), throttled.map(String.init).joined(separator: ","), sorted[sorted.count / 2], sorted.last ?? 0))
    }
}

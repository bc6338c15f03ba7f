import Foundation

extension Benchmarks {
    /// `lookout-bench startup [--binary PATH] [--rounds N]`: the binary's size, and the time to
    /// spawn it for `--version` and for `validate` of a small rule file against the spawn of
    /// `/bin/true`, measured in the same loop (interleaved, medians of `--rounds`, default 100).
    /// Goals: `--version` within 5x `/bin/true`, `validate` within 10x; the installed (stripped)
    /// binary at most 25 MiB.
    static func startup(_ report: inout [BenchFigure]) throws {
        let program = binary
        let rounds = option("--rounds").flatMap(Int.init) ?? 100
        let dir = try temporaryDirectory()
        defer { removeScratch(dir) }
        let rules = dir + "/rules.yaml"
        try """
            version: 1
            defaults: { timezone: Europe/Berlin, region: eu-west-1 }
            schedules:
              office-hours: { windows: [ { days: mon-fri, from: "07:00", to: "19:00" } ] }
            rules:
              - { project: "*", schedule: office-hours }
            """.write(toFile: rules, atomically: true, encoding: .utf8)
        let commands = [["/bin/true"], [program, "--version"], [program, "validate", "--rules", rules]]
        var seconds = [[Double]](repeating: [], count: commands.count)
        for round in 0...rounds {
            for (k, argv) in commands.enumerated() {
                let r = try spawn(argv, measureMemory: false)
                guard r.status == 0 else { print("startup: \(argv.joined(separator: " ")) FAILED with status \(r.status)"); return }
                if round > 0 { seconds[k].append(r.seconds) }
            }
        }
        let m = seconds.map(median)
        let size = Double((try FileManager.default.attributesOfItem(atPath: program)[.size] as? Int) ?? 0) / 1_048_576
        print(String(format: "startup: %@ (%.1f MiB): /bin/true %.2f ms, --version %.2f ms (%.1fx; goal <= 5x), validate %.2f ms (%.1fx; goal <= 10x), medians of %d interleaved rounds",
                     program, size, m[0] * 1000, m[1] * 1000, m[1] / m[0], m[2] * 1000, m[2] / m[0], rounds))
        report.append(BenchFigure(what: "--version", measured: m[1] * 1000, bound: m[0] * 1000, boundName: "/bin/true", goal: 5, unit: "ms"))
        report.append(BenchFigure(what: "validate (one rule)", measured: m[2] * 1000, bound: m[0] * 1000, boundName: "/bin/true", goal: 10, unit: "ms"))
        report.append(BenchFigure(what: "binary size (\(program.hasSuffix("/usr/bin/lookout-scheduler") ? "installed" : "as built"))", measured: size,
                                  bound: 25, boundName: "the goal", goal: 1, unit: "MiB"))
    }
}

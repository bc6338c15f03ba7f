import Foundation
import AuditTrail
import SchedulerRun

extension Benchmarks {
    /// `lookout-bench audit [--records N]` (default 200,000: under a minute here): a log the tool's
    /// own writer makes (`AuditBenchLog`), then, in interleaved rounds so that load on the machine
    /// hits every command alike, the physical floors on the same file (`wc -l`: read it and find
    /// its line ends; `openssl dgst -sha256`: read it and hash every byte) against `audit` (the
    /// summary) and `audit --verify` (the SHA-256 of every line). Each figure is the median of the
    /// rounds, and its ratio to its floor is what BENCHMARKS.md compares (goals: the summary within
    /// 4x `wc -l`, `--verify` within 1.2x OpenSSL's SHA-256 of the file).
    static func audit(_ report: inout [BenchFigure]) throws {
        let records = option("--records").flatMap(Int.init) ?? 200_000
        let rounds = max(1, option("--rounds").flatMap(Int.init) ?? 5)
        let dir = try temporaryDirectory()
        defer { removeScratch(dir) }
        // `--log PATH` keeps the log there, and reads one already there as it is (to compare binaries on one log).
        let kept = option("--log")
        let path = kept ?? dir + "/audit.jsonl"
        var written = 0
        if let kept, FileManager.default.fileExists(atPath: kept) {
            try AuditReader.forEachLine(path: kept) { _ in written += 1 }
            print("audit: the log at \(kept), \(written) lines, read as it is")
        } else {
            let generate = try time { written = try AuditBenchLog.write(path: path, records: records) }
            print(String(format: "audit: a log of %d records written by the tool's writer in %.1f s", written, generate))
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print(String(format: "audit: %.0f MB, %.0f bytes a record", Double(bytes) / 1e6, Double(bytes) / Double(written)))
        let commands: [(name: String, argv: [String])] = [
            ("wc -l", ["/usr/bin/wc", "-l", path]),
            ("openssl dgst -sha256", ["/usr/bin/openssl", "dgst", "-sha256", path]),
            ("audit", [binary, "audit", "--log", path]),
            ("audit --verify", [binary, "audit", "--log", path, "--verify"]),
        ]
        var seconds = [[Double]](repeating: [], count: commands.count)
        var peak = [Double](repeating: 0, count: commands.count)
        for round in 0...rounds {
            for (k, c) in commands.enumerated() {
                let r = try spawn(c.argv)
                guard r.status == 0 else { print("audit: \(c.name) FAILED with status \(r.status)"); return }
                if round > 0 { seconds[k].append(r.seconds) }  // round 0 warms the page cache
                peak[k] = max(peak[k], r.peakMiB)
            }
        }
        let m = seconds.map(median)
        let summaryRatio = m[2] / m[0], verifyRatio = m[3] / m[1]
        print(String(format: "audit: floors, median of %d interleaved rounds: wc -l %.3f s, openssl dgst -sha256 %.3f s", rounds, m[0], m[1]))
        print(String(format: "audit: summary %.3f s (%.0f records/s, %.0f MB/s), peak RSS %.1f MiB: %.2fx wc -l (goal <= 4x)",
                     m[2], Double(written) / m[2], Double(bytes) / 1e6 / m[2], peak[2], summaryRatio))
        print(String(format: "audit: --verify %.3f s (%.0f records/s), peak RSS %.1f MiB: %.2fx openssl's SHA-256 of the file (goal <= 1.2x)",
                     m[3], Double(written) / m[3], peak[3], verifyRatio))
        report.append(BenchFigure(what: "audit summary, \(written) records (\(bytes / 1_000_000) MB)", measured: m[2], bound: m[0], boundName: "wc -l", goal: 4))
        report.append(BenchFigure(what: "audit --verify, \(written) records", measured: m[3], bound: m[1], boundName: "openssl dgst -sha256", goal: 1.2))
        // The same summary in this process: the byte scanner against JSONDecoder on every line (as before it).
        let scanned = try time { _ = try AuditSummary.read(path: path, filter: .init(), collect: false, scanning: true) }
        let decoded = try time { _ = try AuditSummary.read(path: path, filter: .init(), collect: false, scanning: false) }
        print(String(format: "audit summary in process: byte scanner %.2f s (%.0f records/s); JSONDecoder on every line %.2f s (%.0f records/s): %.1fx",
                     scanned, Double(written) / scanned, decoded, Double(written) / decoded, decoded / scanned))
        // What a power loss can leave: a long run of NUL bytes (256 MiB, no newline) at the end.
        guard kept == nil else { return }  // never added to a log kept for later
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        for _ in 0..<256 { handle.write(Data(zeros)) }
        try handle.close()
        let nulSummary = try spawn([binary, "audit", "--log", path])
        let nulVerify = try spawn([binary, "audit", "--log", path, "--verify"])
        print(String(format: "audit with 256 MiB of NUL bytes at the end: summary %.2f s, peak RSS %.1f MiB (exit %d); --verify %.2f s, peak RSS %.1f MiB (exit %d)",
                     nulSummary.seconds, nulSummary.peakMiB, nulSummary.status, nulVerify.seconds, nulVerify.peakMiB, nulVerify.status))
    }

    /// The value after `name` on the command line (`--records 1000000`).
    static func option(_ name: String) -> String? {
        let args = CommandLine.arguments
        guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
        return args[i + 1]
    }
}

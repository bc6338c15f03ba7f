import Foundation
import Testing
@testable import RuleFile

/// Property-based fuzzing of the loader: mutations of real rule files must either load, or be
/// rejected with located errors; never crash or hang. `FUZZ_ITERATIONS` sets the count (CI runs
/// a short pass; `scripts/fuzz.sh` a long one).
@Suite struct RuleFileFuzzTests {
    static let seeds: [String] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return ["schedules/example.yaml", "schedules/advanced.yaml", "schedules/minimal.yaml", "examples/demo-rules.yaml"].map {
            (try? String(contentsOf: root.appendingPathComponent($0), encoding: .utf8)) ?? ""
        }
    }()

    /// Pieces that matter to YAML and to the rule file.
    static let fragments = [":", "- ", "[", "]", "{", "}", ",", "\"", "'", "#", "&a ", "*a", "!!str ", "\n", "  ", "\t", "|", ">",
                            "24:00", "07:00", "mon-fri", "fri-mon", "L", "W", "#", "?", "*", "0 25 * * *", "2026-02-30", "Europe/Berlin",
                            "CET", "always", "never", "windows:", "rules:", "cron:", "for:", "days:", "from:", "to:", "\u{0}", "\u{FEFF}", "é"]

    @Test func mutatedRuleFilesLoadOrFailWithLocatedErrors() throws {
        let iterations = Int(ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"] ?? "") ?? 1500
        var rng = Generator(seed: UInt64(ProcessInfo.processInfo.environment["FUZZ_SEED"] ?? "") ?? 20_261_129)
        var accepted = 0, rejected = 0
        for i in 0..<iterations {
            let input = mutate(Self.seeds[i % Self.seeds.count], &rng)
            let lineCount = input.split(separator: "\n", omittingEmptySubsequences: false).count
            do {
                _ = try RuleFile.parse(yaml: input, path: "fuzz.yaml", readFile: { _ in throw CocoaError(.fileReadNoSuchFile) })
                accepted += 1
            } catch {
                rejected += 1
                #expect(!error.errors.isEmpty)
                for d in error.errors {
                    let ok = d.path == "fuzz.yaml" && d.line >= 1 && d.line <= max(lineCount, 1) + 1 && d.column >= 1
                        && d.headline.hasPrefix("fuzz.yaml:\(d.line):\(d.column): error: ") && !d.message.isEmpty
                    if !ok { Issue.record("badly located diagnostic for input #\(i): \(d.headline)") }
                }
            }
        }
        #expect(accepted + rejected == iterations)
        #expect(rejected > 0)
    }

    func mutate(_ seed: String, _ rng: inout Generator) -> String {
        var chars = Array(seed)
        for _ in 0..<(1 + Int(rng.next() % 4)) {
            guard !chars.isEmpty else { break }
            let at = Int(rng.next() % UInt64(chars.count))
            switch rng.next() % 5 {
            case 0: chars.remove(at: at)
            case 1: chars.insert(contentsOf: Array(Self.fragments[Int(rng.next() % UInt64(Self.fragments.count))]), at: at)
            case 2: chars[at] = Character(Unicode.Scalar(UInt8(rng.next() % 128)))
            case 3:
                let lines = String(chars).split(separator: "\n", omittingEmptySubsequences: false)
                var shuffled = lines
                let a = Int(rng.next() % UInt64(lines.count)), b = Int(rng.next() % UInt64(lines.count))
                shuffled.swapAt(a, b)
                chars = Array(shuffled.joined(separator: "\n"))
            default:
                let end = min(chars.count, at + Int(rng.next() % 40))
                chars.insert(contentsOf: chars[at..<end], at: at)
            }
        }
        return String(chars)
    }

    // MARK: - Hostile YAML

    @Test func deepNestingIsRejected() {
        let yaml = "version: 1\nrules: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        let errors = headlines(yaml)
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("rules.yaml:2:") == true)
    }

    @Test func deepMappingsHitTheParsersLimit() {
        let yaml = "version: 1\nrules:\n  - " + String(repeating: "{a: ", count: 50_000) + "1" + String(repeating: "}", count: 50_000) + "\n"
        let errors = headlines(yaml)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("Maximum nesting level reached") == true)
    }

    @Test func hugeScalarsAreRejectedWithALocation() {
        let huge = String(repeating: "x", count: 4 << 20)
        let errors = headlines("version: 1\ndefaults: { timezone: \(huge) }\nrules: []\n")
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("rules.yaml:2:23: error: unknown time zone") == true)
    }

    @Test func binaryJunkIsRejected() {
        var rng = Generator(seed: 99)
        for _ in 0..<50 {
            let bytes = (0..<2048).map { _ in UInt8(rng.next() % 256) }
            let text = String(decoding: bytes, as: UTF8.self)
            let errors = headlines(text)
            #expect(!errors.isEmpty)
            #expect(errors.allSatisfy { $0.hasPrefix("rules.yaml:") && $0.contains(": error: ") })
        }
    }

    @Test func aliasBombsStopAtTheWorkBudget() {
        // 250,000 references to one aliased rule: more values than any rule file has.
        let yaml = "version: 1\nrules:\n  - &r { project: a, schedule: never }\n" + String(repeating: "  - *r\n", count: 250_000)
        let start = Date()
        let errors = headlines(yaml)
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(errors.count == 1)
        #expect(errors.first?.hasSuffix("error: the document is too large to be a rule file (more than 200000 values, perhaps through aliases)") == true)
    }
}

/// SplitMix64, for reproducible inputs.
struct Generator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

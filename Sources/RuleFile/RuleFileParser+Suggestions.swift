/// "Did you mean": the closest known name to a misspelt one.
extension RuleFileParser {
    static func closest(_ word: String, among options: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var prev = Array(0...b.count)
            for (i, ca) in a.enumerated() {
                var cur = [i + 1] + Array(repeating: 0, count: b.count)
                for (j, cb) in b.enumerated() {
                    cur[j + 1] = min(prev[j + 1] + 1, cur[j] + 1, prev[j] + (ca == cb ? 0 : 1))
                }
                prev = cur
            }
            return prev[b.count]
        }
        // Suggestions are for typos in short names; long input gets none (and costs nothing).
        guard word.count <= 64 else { return nil }
        let w = Array(word.lowercased())
        let best = options.map { ($0, distance(w, Array($0))) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= max(2, w.count / 3) else { return nil }
        return best.0
    }
}

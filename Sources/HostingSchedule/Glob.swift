/// A shell-style pattern for project names and model versions: `*` (any run of characters),
/// `?` (one character), `[abc]`, `[a-z]` and `[!a-z]` (one character in or not in a set).
/// Matching is case-sensitive and covers the whole name.
public struct Glob: Hashable, Sendable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    private let tokens: [Token]

    enum Token: Hashable, Sendable {
        case literal(Character)
        case any
        case anyRun
        case set(ranges: [ClosedRange<Character>], negated: Bool)
    }

    /// Why a pattern was rejected.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        /// What is wrong.
        public let message: String
        public var description: String { message }
    }

    /// Parses a pattern; rejects an unclosed `[` or an empty set.
    public init(_ pattern: String) throws(ParseError) {
        self.pattern = pattern
        var tokens: [Token] = []
        let chars = Array(pattern)
        var i = 0
        while i < chars.count {
            switch chars[i] {
            case "*":
                if tokens.last != .anyRun { tokens.append(.anyRun) }
                i += 1
            case "?":
                tokens.append(.any)
                i += 1
            case "[":
                var j = i + 1
                var negated = false
                if j < chars.count, chars[j] == "!" || chars[j] == "^" { negated = true; j += 1 }
                var ranges: [ClosedRange<Character>] = []
                var closed = false
                while j < chars.count {
                    if chars[j] == "]" && !ranges.isEmpty { closed = true; break }
                    if j + 2 < chars.count, chars[j + 1] == "-", chars[j + 2] != "]" {
                        guard chars[j] <= chars[j + 2] else {
                            throw ParseError(message: "bad pattern '\(pattern)': range '\(chars[j])-\(chars[j + 2])' runs backwards")
                        }
                        ranges.append(chars[j]...chars[j + 2])
                        j += 3
                    } else {
                        ranges.append(chars[j]...chars[j])
                        j += 1
                    }
                }
                guard closed else { throw ParseError(message: "bad pattern '\(pattern)': '[' at position \(i + 1) is never closed") }
                tokens.append(.set(ranges: ranges, negated: negated))
                i = j + 1
            case "]":
                throw ParseError(message: "bad pattern '\(pattern)': ']' at position \(i + 1) has no matching '['")
            default:
                tokens.append(.literal(chars[i]))
                i += 1
            }
        }
        self.tokens = tokens
        isLiteralCache = tokens.allSatisfy { if case .literal = $0 { true } else { false } }
        asciiTokens = Glob.byteTokens(tokens)
    }

    private let isLiteralCache: Bool

    /// The tokens over bytes, when the pattern is ASCII (project names and versions always are).
    private let asciiTokens: [ByteToken]?

    enum ByteToken: Hashable, Sendable {
        case literal(UInt8)
        case any
        case anyRun
        case set(ranges: [ClosedRange<UInt8>], negated: Bool)
    }

    static func byteTokens(_ tokens: [Token]) -> [ByteToken]? {
        func byte(_ c: Character) -> UInt8? { c.isASCII ? c.asciiValue : nil }
        var out: [ByteToken] = []
        for t in tokens {
            switch t {
            case .literal(let c): guard let b = byte(c) else { return nil }; out.append(.literal(b))
            case .any: out.append(.any)
            case .anyRun: out.append(.anyRun)
            case let .set(ranges, negated):
                var rs: [ClosedRange<UInt8>] = []
                for r in ranges {
                    guard let lo = byte(r.lowerBound), let hi = byte(r.upperBound) else { return nil }
                    rs.append(lo...hi)
                }
                out.append(.set(ranges: rs, negated: negated))
            }
        }
        return out
    }

    /// The same matcher as for characters, over the bytes of an ASCII name.
    static func match(_ tokens: [ByteToken], _ s: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = 0, n = 0, starP = -1, starN = 0
        func one(_ t: ByteToken, _ c: UInt8) -> Bool {
            switch t {
            case .literal(let l): return l == c
            case .any: return true
            case .anyRun: return false
            case let .set(ranges, negated): return ranges.contains { $0.contains(c) } != negated
            }
        }
        while n < s.count {
            if p < tokens.count, one(tokens[p], s[n]) {
                p += 1; n += 1
            } else if p < tokens.count, tokens[p] == .anyRun {
                starP = p; starN = n; p += 1
            } else if starP >= 0 {
                p = starP + 1; starN += 1; n = starN
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p] == .anyRun { p += 1 }
        return p == tokens.count
    }

    /// Whether the pattern has any wildcard (otherwise it names exactly one thing).
    public var isLiteral: Bool { tokens.allSatisfy { if case .literal = $0 { true } else { false } } }

    /// Whether the pattern matches every name (`*`).
    public var matchesEverything: Bool { tokens == [.anyRun] }

    /// Whether `name` matches the whole pattern.
    public func matches(_ name: String) -> Bool {
        if let literal { return name == literal }
        if let ascii = asciiTokens {
            var name = name
            if let r = name.withUTF8({ bytes -> Bool? in
                bytes.allSatisfy({ $0 < 0x80 }) ? Glob.match(ascii, bytes) : nil
            }) { return r }
        }
        let s = Array(name)
        // Iterative matcher with backtracking to the last `*` (linear for typical patterns).
        var p = 0, n = 0, starP = -1, starN = 0
        while n < s.count {
            if p < tokens.count, Glob.matchOne(tokens[p], s[n]) {
                p += 1; n += 1
            } else if p < tokens.count, tokens[p] == .anyRun {
                starP = p; starN = n; p += 1
            } else if starP >= 0 {
                p = starP + 1; starN += 1; n = starN
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p] == .anyRun { p += 1 }
        return p == tokens.count
    }

    /// The pattern itself when it has no wildcard (matching is then string equality).
    private var literal: String? { isLiteralCache ? pattern : nil }

    private static func matchOne(_ t: Token, _ c: Character) -> Bool {
        switch t {
        case .literal(let l): return l == c
        case .any: return true
        case .anyRun: return false
        case let .set(ranges, negated): return ranges.contains { $0.contains(c) } != negated
        }
    }

    public var description: String { pattern }
}

/// A shell-style pattern for project names and model versions: `*` (any run of characters),
/// `?` (one character), `[abc]`, `[a-z]` and `[!a-z]` (one character in or not in a set).
/// Matching is case-sensitive and covers the whole name.
public struct Glob: Hashable, Sendable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    private let tokens: [Token<Character>]
    /// The tokens over bytes, when the pattern is ASCII (project names and versions always are).
    private let asciiTokens: [Token<UInt8>]?
    private let literal: Bool

    /// One element of a pattern, over characters or bytes.
    enum Token<Unit: Comparable & Hashable & Sendable>: Hashable, Sendable {
        case literal(Unit)
        case any
        case anyRun
        case set(ranges: [ClosedRange<Unit>], negated: Bool)

        func matches(_ c: Unit) -> Bool {
            switch self {
            case .literal(let l): return l == c
            case .any: return true
            case .anyRun: return false
            case let .set(ranges, negated): return ranges.contains { $0.contains(c) } != negated
            }
        }

        /// The same token over another unit, or nil when a character has no such unit.
        func map<Other>(_ f: (Unit) -> Other?) -> Token<Other>? {
            switch self {
            case .literal(let c): return f(c).map { .literal($0) }
            case .any: return .any
            case .anyRun: return .anyRun
            case let .set(ranges, negated):
                var out: [ClosedRange<Other>] = []
                for r in ranges {
                    guard let lo = f(r.lowerBound), let hi = f(r.upperBound) else { return nil }
                    out.append(lo...hi)
                }
                return .set(ranges: out, negated: negated)
            }
        }
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
        var tokens: [Token<Character>] = []
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
        literal = tokens.allSatisfy { if case .literal = $0 { true } else { false } }
        let bytes = tokens.map { $0.map { c in c.isASCII ? c.asciiValue : nil } }
        asciiTokens = bytes.contains { $0 == nil } ? nil : bytes.compactMap { $0 }
    }

    /// Whether the pattern has any wildcard (otherwise it names exactly one thing).
    public var isLiteral: Bool { literal }

    /// Whether the pattern matches every name (`*`).
    public var matchesEverything: Bool { tokens == [.anyRun] }

    /// Whether `name` matches the whole pattern: string equality for a plain name, bytes for an
    /// ASCII pattern and name, characters otherwise.
    public func matches(_ name: String) -> Bool {
        if literal { return name == pattern }
        if let ascii = asciiTokens {
            var name = name
            if let result = name.withUTF8({ bytes -> Bool? in
                bytes.allSatisfy({ $0 < 0x80 }) ? Glob.match(ascii, bytes) : nil
            }) { return result }
        }
        return Glob.match(tokens, Array(name))
    }

    /// An iterative matcher that backtracks to the last `*` (linear for typical patterns).
    static func match<Unit, Name: RandomAccessCollection<Unit>>(_ tokens: [Token<Unit>], _ s: Name) -> Bool where Name.Index == Int {
        var p = 0, n = s.startIndex, starP = -1, starN = s.startIndex
        while n < s.endIndex {
            if p < tokens.count, tokens[p].matches(s[n]) {
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

    public var description: String { pattern }
}

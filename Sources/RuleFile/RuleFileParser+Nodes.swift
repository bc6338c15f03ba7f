import Yams

/// Generic access to YAML nodes: mappings with checked keys, scalars, lists; each reports
/// what is wrong where.
extension RuleFileParser {
    /// A mapping's entries with string keys; reports non-scalar and duplicate keys.
    func entries(_ node: Node, _ what: String, file: String? = nil) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            error(node, "\(what) must be a mapping (key: value lines), not \(kind(node))", file: file)
            return nil
        }
        var seen: [String: Node] = [:]
        var out: [(String, Node, Node)] = []
        for (k, v) in mapping {
            guard spend(k, file: file) else { return nil }
            guard case .scalar(let s) = k else {
                error(k, "keys in \(what) must be plain names", file: file)
                continue
            }
            if let first = seen[s.string] {
                let l = location(first, file: file)
                error(k, "duplicate key '\(s.string)' in \(what) (first at line \(l.line), column \(l.column))", file: file)
                continue
            }
            seen[s.string] = k
            out.append((s.string, k, v))
        }
        return out
    }

    /// Reports keys not in `allowed`, suggesting the closest allowed key.
    func checkKeys(_ entries: [(key: String, keyNode: Node, value: Node)], allowed: [String], in what: String, file: String? = nil) {
        for e in entries where !allowed.contains(e.key) {
            var message = "unknown key '\(e.key)' in \(what)"
            if let guess = RuleFileParser.closest(e.key, among: allowed) { message += "; did you mean '\(guess)'?" }
            message += " (allowed: \(allowed.joined(separator: ", ")))"
            error(e.keyNode, message, file: file)
        }
    }

    func value(_ entries: [(key: String, keyNode: Node, value: Node)], _ key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    /// A non-empty scalar's text.
    func scalar(_ node: Node, _ what: String, file: String? = nil) -> String? {
        guard case .scalar(let s) = node else {
            error(node, "\(what) must be a single value, not \(kind(node))", file: file)
            return nil
        }
        if s.style == .plain && (s.string.isEmpty || s.string == "~" || s.string == "null") {
            error(node, "\(what) is empty", file: file)
            return nil
        }
        return s.string
    }

    /// The items of a sequence, or of a single scalar treated as a one-item list.
    func items(_ node: Node, _ what: String, file: String? = nil) -> [Node]? {
        switch node {
        case .sequence(let seq):
            if seq.isEmpty {
                error(node, "\(what) is an empty list", file: file)
                return nil
            }
            return Array(seq)
        case .scalar: return [node]
        default:
            error(node, "\(what) must be a list, not \(kind(node))", file: file)
            return nil
        }
    }

    func kind(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let s): return s.string.isEmpty ? "empty" : "'\(s.string)'"
        case .alias: return "an alias"
        }
    }

    /// `entries` without reporting (the error was reported already).
    func entries(_ node: Node, _ what: String, quiet: Bool) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let m) = node else { return nil }
        return m.compactMap { k, v in k.scalar.map { ($0.string, k, v) } }
    }
}

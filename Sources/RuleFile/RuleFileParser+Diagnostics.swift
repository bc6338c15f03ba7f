import Yams

/// Recording problems with their locations: the parser's errors and warnings, the work budget,
/// and Yams' own errors translated into diagnostics.
extension RuleFileParser {
    struct Location {
        let file: String
        let line: Int
        let column: Int
    }

    func location(_ node: Node?, file: String? = nil) -> Location {
        let m = node?.mark
        return Location(file: file ?? path, line: m?.line ?? 1, column: m?.column ?? 1)
    }

    func report(_ severity: Diagnostic.Severity, _ at: Location, _ message: String) {
        if severity == .error {
            errorCount += 1
            if errorCount > RuleFileParser.maximumErrors { return }
        }
        let lines = sources[at.file]
        let source = lines.flatMap { at.line - 1 < $0.count && at.line >= 1 ? String($0[at.line - 1]) : nil }
        diagnostics.append(Diagnostic(severity: severity, path: at.file, line: at.line, column: at.column,
                                      message: message, sourceLine: source))
    }

    func error(_ node: Node?, _ message: String, file: String? = nil) {
        report(.error, location(node, file: file), message)
    }

    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
    }

    /// Charges one unit of work; false once the budget is spent (reported once).
    func spend(_ node: Node?, file: String? = nil) -> Bool {
        budget -= 1
        if budget == 0 {
            error(node, "the document is too large to be a rule file (more than 200000 values, perhaps through aliases)", file: file)
        }
        return budget > 0
    }

    func reportYamlError(_ e: YamlError, file: String) {
        switch e {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let stage: String
            switch e {
            case .scanner: stage = "scanner"
            case .parser: stage = "parser"
            default: stage = "composer"
            }
            let ctx = context.map { " (\($0.text) that starts at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            report(.error, Location(file: file, line: mark.line, column: mark.column), "YAML \(stage): \(problem)\(ctx)")
        case let .duplicatedKeysInMapping(duplicates, context):
            // Yams rejects the document at the first occurrence; point at the second one.
            let key = duplicates.first ?? "?"
            let first = context.mark
            var at = Location(file: file, line: first.line, column: first.column)
            let lines = sources[file] ?? []
            for (i, line) in lines.enumerated() where i + 1 > first.line {
                let chars = Array(line.unicodeScalars)
                guard chars.count >= first.column - 1 + key.unicodeScalars.count else { continue }
                let rest = String(String.UnicodeScalarView(chars[(first.column - 1)...]))
                if rest.hasPrefix(key), rest.dropFirst(key.count).drop(while: { $0 == " " }).hasPrefix(":") {
                    at = Location(file: file, line: i + 1, column: first.column)
                    break
                }
            }
            report(.error, at, "duplicate key '\(key)' (first at line \(first.line), column \(first.column)); keys must be unique")
        case let .reader(problem, offset, _, _):
            report(.error, Location(file: file, line: 1, column: 1),
                   "YAML reader: \(problem)\(offset.map { " at byte \($0)" } ?? "") (is the file UTF-8 text?)")
        default:
            report(.error, Location(file: file, line: 1, column: 1), "YAML: \(e)")
        }
    }
}

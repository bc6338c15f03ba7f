import Foundation
import HostingSchedule
import Yams

/// Holiday lists and the holiday files they include.
extension RuleFileParser {
    /// A holiday list: dates, and `{ include: path }` items naming a YAML file of dates.
    func holidays(_ node: Node, file: String) -> Set<LocalDate> {
        guard let list = items(node, "holidays", file: file) else { return [] }
        var result = Set<LocalDate>()
        for item in list {
            guard spend(item, file: file) else { break }
            if case .mapping = item {
                guard let e = entries(item, "a holiday include", file: file) else { continue }
                checkKeys(e, allowed: ["include"], in: "a holiday include", file: file)
                if let inc = value(e, "include"), let rel = scalar(inc, "include", file: file) {
                    result.formUnion(includedHolidays(rel, from: file, node: inc))
                } else if value(e, "include") == nil {
                    error(item, "a holiday item is a date (2026-12-24) or '{ include: FILE }'", file: file)
                }
            } else if let d = date(item, "holiday", file: file) {
                result.insert(d)
            }
        }
        return result
    }

    /// Reads a holiday file: a YAML list of dates, or a mapping of date to name.
    func includedHolidays(_ relative: String, from file: String, node: Node) -> Set<LocalDate> {
        let resolved = relative.hasPrefix("/") ? relative
            : (URL(fileURLWithPath: file).deletingLastPathComponent().path as NSString).appendingPathComponent(relative)
        if file != path {
            error(node, "a holiday file cannot include another file", file: file)
            return []
        }
        let text: String
        do {
            text = try readFile(resolved)
        } catch {
            self.error(node, "cannot read holiday file '\(relative)' (\(resolved)): \(RuleFile.describe(error))", file: file)
            return []
        }
        includedFiles.append(resolved)
        // Its lines are never printed (it may be any file): errors in it name the path and position only.
        let before = diagnostics.count
        defer { redactDiagnostics(of: resolved, from: before) }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let e as YamlError {
            reportYamlError(e, file: resolved)
            return []
        } catch {
            self.error(nil, "cannot parse YAML: \(error)", file: resolved)
            return []
        }
        guard let root else { return [] }
        if case .mapping(let m) = root {
            var result = Set<LocalDate>()
            for (k, v) in m {
                guard spend(k, file: resolved) else { break }
                if let d = date(k, "holiday", file: resolved) {
                    result.insert(d)
                    // The name is for people (pictures, messages); a non-text value is not an error.
                    if case .scalar(let name) = v, !name.string.isEmpty { holidayNames[d] = name.string }
                }
            }
            return result
        }
        return holidays(root, file: resolved)
    }

    /// Replaces what was reported about an included file (which may be any file the rule file
    /// names) with its path, position and what a holiday file must be: never its content.
    func redactDiagnostics(of file: String, from start: Int) {
        guard start < diagnostics.count else { return }
        for i in start..<diagnostics.count where diagnostics[i].path == file {
            let d = diagnostics[i]
            diagnostics[i] = Diagnostic(severity: d.severity, path: d.path, line: d.line, column: d.column,
                                        message: "not a valid holiday file here: a holiday file is a YAML list of dates (YYYY-MM-DD, such as 2026-12-24) or a mapping of date to name; its content is not shown")
        }
    }
}

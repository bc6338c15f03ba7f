import Foundation
import HostingSchedule
import Yams

/// Walks the YAML node tree of a rule file, building the rule set and recording every problem
/// with its location. One instance parses one file (and the holiday files it includes).
final class RuleFileParser {
    let path: String
    let readFile: RuleFile.FileReader
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var includedFiles: [String] = []
    /// Source lines of each file read, for carets under errors.
    private var sources: [String: [Substring]] = [:]
    /// Bounds the work on hostile input (alias bombs, enormous lists).
    private var budget = 200_000
    private var errorCount = 0
    private static let maximumErrors = 200

    init(path: String, yaml: String, readFile: @escaping RuleFile.FileReader) {
        self.path = path
        self.readFile = readFile
        sources[path] = RuleFileParser.lines(yaml)
        self.yaml = yaml
    }

    private let yaml: String

    // MARK: - Diagnostics

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

    // MARK: - Generic node access

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

    // MARK: - The document

    func parse() -> RuleSet? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let e as YamlError {
            reportYamlError(e, file: path)
            return nil
        } catch {
            self.error(nil, "cannot parse YAML: \(error)")
            return nil
        }
        guard let root else {
            error(nil, "the rule file is empty; it needs at least 'version: 1' and 'rules:'")
            return nil
        }
        guard let top = entries(root, "the rule file") else { return nil }
        checkKeys(top, allowed: ["version", "defaults", "holidays", "schedules", "rules"], in: "the rule file")

        if let v = value(top, "version") {
            if let s = scalar(v, "version"), s != "1" {
                error(v, "unsupported rule-file version '\(s)'; this lookout-scheduler reads version 1")
            }
        } else {
            error(root, "missing 'version: 1' at the top of the rule file")
        }

        var defaultZone: NamedZone?
        var defaultRegion: String?
        var price = RuleSet.defaultPricePerInferenceUnitHour
        if let d = value(top, "defaults"), let defaults = entries(d, "defaults") {
            checkKeys(defaults, allowed: ["timezone", "region", "price_per_inference_unit_hour"], in: "defaults")
            if let tz = value(defaults, "timezone") { defaultZone = timeZone(tz) }
            if let r = value(defaults, "region") { defaultRegion = region(r) }
            if let p = value(defaults, "price_per_inference_unit_hour"), let text = scalar(p, "price_per_inference_unit_hour") {
                if let v = Double(text), v >= 0, v.isFinite { price = v } else {
                    error(p, "price_per_inference_unit_hour must be a number of at least 0, such as 4.00")
                }
            }
        }

        let globalHolidays = value(top, "holidays").map { holidays($0, file: path) } ?? []

        var schedules: [String: Schedule] = [:]
        var scheduleNodes: [String: Node] = [:]
        if let s = value(top, "schedules"), let list = entries(s, "schedules") {
            for e in list {
                guard spend(e.keyNode) else { break }
                if e.key == "always" || e.key == "never" {
                    error(e.keyNode, "'\(e.key)' is a built-in schedule and cannot be redefined; choose another name")
                    continue
                }
                if !RuleFileParser.isName(e.key) {
                    error(e.keyNode, "schedule name '\(e.key)' may use only letters, digits, '-', '_' and '.'")
                    continue
                }
                scheduleNodes[e.key] = e.keyNode
                if let sch = schedule(named: e.key, node: e.value, defaultZone: defaultZone, globalHolidays: globalHolidays) {
                    schedules[e.key] = sch
                }
            }
        }

        var rules: [Rule] = []
        var ruleNodes: [Node] = []
        var used = Set<String>()
        if let r = value(top, "rules") {
            if case .sequence(let seq) = r {
                if seq.isEmpty { report(.warning, location(r), "the rule list is empty: no model is managed") }
                for node in seq {
                    guard spend(node) else { break }
                    let number = ruleNodes.count + 1
                    ruleNodes.append(node)
                    if let rule = rule(node, number: number, schedules: schedules, known: Set(scheduleNodes.keys),
                                       defaultRegion: defaultRegion, defaultZone: defaultZone) {
                        rules.append(rule)
                        used.insert(rule.schedule.name)
                    } else if let entries = entries(node, "rule \(number)", quiet: true),
                              let s = value(entries, "schedule"), case .scalar(let name) = s {
                        used.insert(name.string)
                    }
                }
            } else {
                error(r, "rules must be a list (lines starting with '- '), not \(kind(r))")
            }
        } else {
            error(root, "missing 'rules:'; without rules no model is managed")
        }

        warnAboutShadowedRules(rules, nodes: ruleNodes)
        for (name, node) in scheduleNodes.sorted(by: { $0.key < $1.key }) where !used.contains(name) {
            report(.warning, location(node), "schedule '\(name)' is not used by any rule")
        }
        for (name, sch) in schedules where !RuleFileParser.canEverHost(sch) {
            report(.warning, location(scheduleNodes[name]),
                   "schedule '\(name)' never hosts: no window can open on any date (check days, months, valid_from/valid_until and holidays)")
        }
        return RuleSet(rules: rules, schedules: schedules, defaultRegion: defaultRegion, pricePerInferenceUnitHour: price)
    }

    /// `entries` without reporting (the error was reported already).
    func entries(_ node: Node, _ what: String, quiet: Bool) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let m) = node else { return nil }
        return m.compactMap { k, v in k.scalar.map { ($0.string, k, v) } }
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

    static func isName(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
    }

    // MARK: - Values

    /// A time zone and its name as written.
    struct NamedZone {
        let zone: TimeZone
        let name: String
    }

    func timeZone(_ node: Node) -> NamedZone? {
        guard let name = scalar(node, "timezone") else { return nil }
        let isIANA = name.contains("/") || name == "UTC"
        if let tz = TimeZone(identifier: name), isIANA {
            return NamedZone(zone: tz, name: name)
        }
        if TimeZone(identifier: name) != nil || TimeZone(abbreviation: name) != nil
            || (name.count <= 5 && name.allSatisfy({ $0.isUppercase || $0.isNumber })) {
            error(node, "'\(name)' is an abbreviation, not an IANA time zone; write a zone such as Europe/Berlin or America/Chicago (an abbreviation does not say when daylight saving time applies)")
        } else {
            var message = "unknown time zone '\(name)'"
            let ids = TimeZone.knownTimeZoneIdentifiers
            if let guess = RuleFileParser.closest(name, among: ids) ?? ids.first(where: { $0.lowercased() == name.lowercased() }) {
                message += "; did you mean '\(guess)'?"
            } else {
                message += "; use an IANA name such as Europe/Berlin"
            }
            error(node, message)
        }
        return nil
    }

    func region(_ node: Node) -> String? {
        guard let r = scalar(node, "region") else { return nil }
        let parts = r.split(separator: "-", omittingEmptySubsequences: false)
        let ok = parts.count >= 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLowercase || $0.isNumber } }
            && parts.last!.allSatisfy(\.isNumber)
        guard ok else {
            error(node, "'\(r)' is not an AWS region name (such as eu-west-1 or us-east-1)")
            return nil
        }
        return r
    }

    func date(_ node: Node, _ what: String, file: String? = nil) -> LocalDate? {
        guard let s = scalar(node, what, file: file) else { return nil }
        guard let d = LocalDate(parsing: s) else {
            error(node, "\(what): '\(s)' is not a date; write YYYY-MM-DD, such as 2026-12-24", file: file)
            return nil
        }
        return d
    }

    // MARK: - Holidays

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
        sources[resolved] = RuleFileParser.lines(text)
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
            for (k, _) in m {
                guard spend(k, file: resolved) else { break }
                if let d = date(k, "holiday", file: resolved) { result.insert(d) }
            }
            return result
        }
        return holidays(root, file: resolved)
    }

    // MARK: - Schedules

    func schedule(named name: String, node: Node, defaultZone: NamedZone?, globalHolidays: Set<LocalDate>) -> Schedule? {
        let what = "schedule '\(name)'"
        guard let e = entries(node, what) else { return nil }
        checkKeys(e, allowed: ["timezone", "windows", "holidays", "months", "valid_from", "valid_until", "description"], in: what)
        var zone: NamedZone?
        var zoneOK = true
        if let tz = value(e, "timezone") {
            zone = timeZone(tz)
            zoneOK = zone != nil
        } else if let defaultZone {
            zone = defaultZone
        } else {
            error(node, "\(what) has no timezone; set 'timezone:' here or in 'defaults:'")
            zoneOK = false
        }
        if let d = value(e, "description") { _ = scalar(d, "description") }
        let constraints = dateConstraints(e, what: what, node: node)
        let holidays = globalHolidays.union(value(e, "holidays").map { self.holidays($0, file: path) } ?? [])
        var windows: [HostingWindow] = []
        var windowsOK = true
        if let w = value(e, "windows") {
            if case .sequence(let seq) = w, !seq.isEmpty {
                for (i, wn) in seq.enumerated() {
                    guard spend(wn) else { break }
                    if let window = window(wn, what: "window \(i + 1) of \(what)") { windows.append(window) } else { windowsOK = false }
                }
            } else if case .sequence = w {
                error(w, "\(what) has an empty window list; a schedule that never hosts is the built-in 'never'")
                windowsOK = false
            } else {
                error(w, "windows of \(what) must be a list of windows, not \(kind(w))")
                windowsOK = false
            }
        } else {
            error(node, "\(what) has no 'windows:'")
            windowsOK = false
        }
        guard zoneOK, windowsOK, let zone, let constraints else { return nil }
        return Schedule(name: name, timeZone: zone.zone, zoneName: zone.name, kind: .windows(windows), holidays: holidays, constraints: constraints)
    }

    /// `months`, `valid_from`, `valid_until` of a schedule or window.
    func dateConstraints(_ e: [(key: String, keyNode: Node, value: Node)], what: String, node: Node) -> DateConstraints? {
        var c = DateConstraints()
        var ok = true
        if let m = value(e, "months") {
            if let bits = months(m) { c.months = bits } else { ok = false }
        }
        if let f = value(e, "valid_from") {
            if let d = date(f, "valid_from") { c.validFrom = d } else { ok = false }
        }
        if let u = value(e, "valid_until") {
            if let d = date(u, "valid_until") { c.validUntil = d } else { ok = false }
        }
        if let f = c.validFrom, let u = c.validUntil, u < f {
            error(value(e, "valid_until"), "\(what): valid_until \(u) is before valid_from \(f)")
            ok = false
        }
        return ok ? c : nil
    }

    // MARK: - Windows

    func window(_ node: Node, what: String) -> HostingWindow? {
        guard let e = entries(node, what) else { return nil }
        let hasCron = value(e, "cron") != nil
        let weeklyKeys = ["days", "from", "to"], cronKeys = ["cron", "for"], common = ["months", "valid_from", "valid_until"]
        checkKeys(e, allowed: (hasCron ? cronKeys : weeklyKeys) + common, in: "\(what) (\(hasCron ? "a cron window: cron, for" : "a weekly window: days, from, to"))")
        let constraints = dateConstraints(e, what: what, node: node)
        if hasCron {
            var expression: CronExpression?
            if let c = value(e, "cron"), let text = scalar(c, "cron") {
                do {
                    expression = try CronExpression(parsing: text)
                } catch {
                    self.error(c, "bad cron expression: \(error.message)")
                }
            }
            var duration: Int?
            if let f = value(e, "for") {
                if let text = scalar(f, "for") {
                    if let d = DurationText.parse(text), d >= 60, d <= 31 * 86_400 {
                        duration = d
                    } else {
                        error(f, "bad duration '\(text)' for 'for'; write for example 90m, 14h, 1h30m or 2d (from 1m to 31d)")
                    }
                }
            } else {
                error(node, "\(what) has 'cron' but no 'for' (how long each opening lasts, such as 14h)")
            }
            guard let expression, let duration, let constraints else { return nil }
            return HostingWindow(.cron(expression, duration: duration), constraints: constraints)
        }
        var days: WeekdaySet? = WeekdaySet.all
        if let d = value(e, "days") { days = weekdays(d) }
        var from: TimeOfDay?, to: TimeOfDay?
        if let f = value(e, "from") { from = time(f, "from") } else { error(node, "\(what) has no 'from' (opening time, HH:MM)") }
        if let t = value(e, "to") { to = time(t, "to") } else { error(node, "\(what) has no 'to' (closing time, HH:MM)") }
        if let f = from, f.minutes == 1440 {
            error(value(e, "from"), "a window cannot open at 24:00; write 00:00")
            return nil
        }
        if let f = from, let t = to, f == t || (f.minutes == 0 && t.minutes == 0) {
            error(value(e, "to"), "\(what) opens and closes at \(f); for a whole day write from: \"00:00\", to: \"24:00\"")
            return nil
        }
        guard let days, let from, let to, let constraints else { return nil }
        return HostingWindow(.weekly(days: days, from: from, to: to), constraints: constraints)
    }

    func time(_ node: Node, _ what: String) -> TimeOfDay? {
        guard let s = scalar(node, what) else { return nil }
        guard let t = TimeOfDay(parsing: s) else {
            error(node, "bad time '\(s)' for '\(what)'; write HH:MM from 00:00 to 24:00, such as \"07:30\"")
            return nil
        }
        return t
    }

    /// `mon-fri`, `sat,sun`, `fri-mon` (wraps), `daily`, `weekdays`, `weekends`, or a list of these.
    func weekdays(_ node: Node) -> WeekdaySet? {
        guard let list = items(node, "days") else { return nil }
        var set = WeekdaySet()
        var ok = true
        for item in list {
            guard let text = scalar(item, "days") else { ok = false; continue }
            for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                switch part.lowercased() {
                case "daily", "all", "*", "every day", "everyday": set = .all; continue
                case "weekdays": set.mask |= WeekdaySet([.monday, .tuesday, .wednesday, .thursday, .friday]).mask; continue
                case "weekends", "weekend": set.mask |= WeekdaySet([.saturday, .sunday]).mask; continue
                default: break
                }
                let ends = part.split(separator: "-", omittingEmptySubsequences: false)
                guard (1...2).contains(ends.count), let a = Weekday(name: ends[0].trimmingCharacters(in: .whitespaces)),
                      let b = ends.count == 2 ? Weekday(name: ends[1].trimmingCharacters(in: .whitespaces)) : a else {
                    error(item, "bad days '\(part)'; write day names or ranges such as mon-fri, sat,sun, fri-mon, weekdays or daily")
                    ok = false
                    continue
                }
                // Ranges wrap around the week: fri-mon is Fri, Sat, Sun, Mon.
                var d = a.rawValue
                while true {
                    set.insert(Weekday(rawValue: d)!)
                    if d == b.rawValue { break }
                    d = (d + 1) % 7
                }
            }
        }
        return ok ? set : nil
    }

    /// `jan-mar`, `nov-feb` (wraps), `6`, `[jun, jul, aug]`.
    func months(_ node: Node) -> UInt16? {
        guard let list = items(node, "months") else { return nil }
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        func month(_ s: String) -> Int? {
            let l = s.lowercased().trimmingCharacters(in: .whitespaces)
            if let n = Int(l), (1...12).contains(n) { return n }
            if let i = names.firstIndex(where: { l == $0 || (l.count > 3 && $0.hasPrefix(String(l.prefix(3))) && RuleFileParser.fullMonth(l)) }) { return i + 1 }
            return nil
        }
        var bits: UInt16 = 0
        var ok = true
        for item in list {
            guard let text = scalar(item, "months") else { ok = false; continue }
            for part in text.split(separator: ",") {
                let ends = part.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                guard (1...2).contains(ends.count), let a = month(ends[0]), let b = ends.count == 2 ? month(ends[1]) : a else {
                    error(item, "bad months '\(part)'; write month names or numbers such as jan-mar, nov-feb or 6")
                    ok = false
                    continue
                }
                var m = a
                while true {
                    bits |= 1 << UInt16(m)
                    if m == b { break }
                    m = m % 12 + 1
                }
            }
        }
        return ok ? bits : nil
    }

    static func fullMonth(_ s: String) -> Bool {
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december"].contains(s)
    }

    // MARK: - Rules

    func rule(_ node: Node, number: Int, schedules: [String: Schedule], known: Set<String>,
              defaultRegion: String?, defaultZone: NamedZone?) -> Rule? {
        let what = "rule \(number)"
        guard let e = entries(node, what) else { return nil }
        checkKeys(e, allowed: ["project", "versions", "schedule", "region", "description"], in: what)
        var project: Glob?
        if let p = value(e, "project") {
            project = projectPattern(p)
        } else {
            error(node, "\(what) has no 'project' (a project name or a pattern such as \"weld-*\" or \"*\")")
        }
        var versions: Rule.VersionSelector? = .all
        if let v = value(e, "versions") { versions = versionSelector(v) }
        var region: String? = defaultRegion
        var regionOK = true
        if let r = value(e, "region") {
            region = self.region(r)
            regionOK = region != nil
        }
        if let d = value(e, "description") { _ = scalar(d, "description") }
        var schedule: Schedule?
        if let s = value(e, "schedule"), let name = scalar(s, "schedule") {
            switch name {
            case "always": schedule = .always(timeZone: defaultZone?.zone ?? TimeZone(identifier: "UTC")!, zoneName: defaultZone?.name)
            case "never": schedule = .never(timeZone: defaultZone?.zone ?? TimeZone(identifier: "UTC")!, zoneName: defaultZone?.name)
            default:
                schedule = schedules[name]
                if schedule == nil && !known.contains(name) {
                    var message = "\(what) uses unknown schedule '\(name)'"
                    if let guess = RuleFileParser.closest(name, among: Array(known) + ["always", "never"]) {
                        message += "; did you mean '\(guess)'?"
                    } else {
                        message += " (defined: \((known.sorted() + ["always", "never"]).joined(separator: ", ")))"
                    }
                    error(s, message)
                }
            }
        } else if value(e, "schedule") == nil {
            error(node, "\(what) has no 'schedule' (a name from 'schedules:', or always or never)")
        }
        guard let project, let versions, let schedule, regionOK else { return nil }
        return Rule(number: number, line: node.mark?.line ?? 0, project: project, versions: versions,
                    region: region, schedule: schedule)
    }

    func projectPattern(_ node: Node) -> Glob? {
        guard let text = scalar(node, "project") else { return nil }
        let glob: Glob
        do {
            glob = try Glob(text)
        } catch {
            self.error(node, error.message)
            return nil
        }
        // Every character outside a wildcard must be possible in a project name.
        if text.unicodeScalars.contains(where: { !RuleFileParser.projectPatternCharacters.contains($0) }) || text.count > 255 {
            error(node, "project '\(text)' can never match: project names use letters, digits, '-' and '_' (up to 255)")
            return nil
        }
        if glob.isLiteral, let first = text.first, first == "-" || first == "_" {
            error(node, "project '\(text)' can never match: project names start with a letter or digit")
            return nil
        }
        return glob
    }

    static let projectPatternCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-*?[]!^")

    func versionSelector(_ node: Node) -> Rule.VersionSelector? {
        if case .scalar(let s) = node, ["*", "all"].contains(s.string.lowercased()) { return .all }
        guard let list = items(node, "versions") else { return nil }
        var globs: [Glob] = []
        var ok = true
        for item in list {
            guard let text = scalar(item, "version") else { ok = false; continue }
            if text == "*" || text.lowercased() == "all" { return .all }
            do {
                let g = try Glob(text)
                if g.isLiteral && !(text.first.map { ("1"..."9").contains($0) } ?? false && text.allSatisfy(\.isNumber)) {
                    error(item, "version '\(text)' can never match: model versions are whole numbers such as 1, 2, 3")
                    ok = false
                    continue
                }
                globs.append(g)
            } catch {
                self.error(item, error.message)
                ok = false
            }
        }
        return ok ? .matching(globs) : nil
    }

    // MARK: - Warnings

    func warnAboutShadowedRules(_ rules: [Rule], nodes: [Node]) {
        // Only an earlier rule with the same project, or a pattern, can cover a later rule: index
        // them so that a file of thousands of rules is checked in about linear time.
        var byProject: [String: [Rule]] = [:]
        var patterns: [Rule] = []
        for later in rules {
            defer {
                if later.project.isLiteral { byProject[later.project.pattern, default: []].append(later) } else { patterns.append(later) }
            }
            // The first covering rule in file order: the first of each list, whichever comes first.
            let named = (byProject[later.project.pattern] ?? []).first { RuleFileParser.covers($0, later) }
            let pattern = patterns.first { RuleFileParser.covers($0, later) }
            guard let earlier = [named, pattern].compactMap({ $0 }).min(by: { $0.number < $1.number }) else { continue }
            report(.warning, location(nodes[later.number - 1]),
                   "rule \(later.number) never applies: rule \(earlier.number) (line \(earlier.line)) comes first and covers every model it covers")
        }
    }

    /// Whether every model that `b` covers is covered by `a` (a conservative check).
    static func covers(_ a: Rule, _ b: Rule) -> Bool {
        if let ra = a.region, ra != b.region { return false }
        let projectCovered = a.project.matchesEverything || a.project.pattern == b.project.pattern
            || (b.project.isLiteral && a.project.matches(b.project.pattern))
        guard projectCovered else { return false }
        switch (a.versions, b.versions) {
        case (.all, _): return true
        case (.matching(let ga), .matching(let gb)):
            if ga.contains(where: \.matchesEverything) { return true }
            return gb.allSatisfy { g in ga.contains { $0.pattern == g.pattern || (g.isLiteral && $0.matches(g.pattern)) } }
        case (.matching(let ga), .all): return ga.contains(where: \.matchesEverything)
        }
    }

    /// Whether some window of the schedule can open on some date (checked over 28 years of dates
    /// within its validity, which covers every weekday-and-date combination).
    static func canEverHost(_ s: Schedule) -> Bool {
        let start = s.constraints.validFrom ?? LocalDate(year: 2000, month: 1, day: 1)!
        var d = start.daysSinceEpoch
        let end = min(s.constraints.validUntil?.daysSinceEpoch ?? Int.max, d + 28 * 366 + 366)
        while d <= end {
            let date = LocalDate(daysSinceEpoch: d)
            if !s.holidays.contains(date) && s.constraints.allows(date) {
                for w in s.windows where w.constraints.allows(date) {
                    switch w.opening {
                    case .weekly(let days, _, _): if days.contains(date.weekday) { return true }
                    case .cron(let e, _): if e.matches(date) { return true }
                    }
                }
            }
            d += 1
        }
        return false
    }
}

import Foundation
import HostingSchedule
import ZoneInfo
import Yams

/// Walks the YAML node tree of a rule file, building the rule set and recording every problem
/// with its location. One instance parses one file (and the holiday files it includes).
///
/// The work is spread over `RuleFileParser+*.swift`, one concern each; the state below is
/// internal (not private) so that those extensions can reach it.
final class RuleFileParser {
    let path: String
    let readFile: RuleFile.FileReader
    /// The instant time-dependent warnings are judged at (nil: none are given).
    var now: Int?
    var diagnostics: [Diagnostic] = []
    var includedFiles: [String] = []
    /// Names of holidays, from holiday files that map dates to names (`2026-12-25: Christmas Day`).
    var holidayNames: [LocalDate: String] = [:]
    /// Source lines of each file read, for carets under errors.
    var sources: [String: [Substring]] = [:]
    /// Declared accounts (`accounts:`), their key nodes, and the names a rule or override uses.
    var declaredAccounts: [Account] = []
    var accountNodes: [String: Node] = [:]
    var usedAccounts = Set<String>()
    /// `defaults.timezone` was given but refused (its error already reported).
    var defaultZoneRefused = false
    /// `defaults.events`, when given and valid (`RuleFileParser+Events.swift`).
    var events: EventsSetting?
    /// Bounds the work on hostile input (alias bombs, enormous lists).
    var budget = 200_000
    var errorCount = 0
    static let maximumErrors = 200

    /// Where zone names are looked up.
    let zones: ZoneDatabase

    init(path: String, yaml: String, readFile: @escaping RuleFile.FileReader, zones: ZoneDatabase) {
        self.path = path
        self.zones = zones
        self.readFile = readFile
        sources[path] = RuleFileParser.lines(yaml)
        self.yaml = yaml
    }

    private let yaml: String

    /// Parses the document: version, defaults, holidays, schedules, rules; then the warnings.
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
        checkKeys(top, allowed: ["version", "defaults", "holidays", "schedules", "rules", "overrides", "accounts"], in: "the rule file")

        if let v = value(top, "version") {
            if let s = scalar(v, "version"), s != "1" {
                error(v, "unsupported rule-file version '\(s)'; this lookout-scheduler reads version 1")
            }
        } else {
            error(root, "missing 'version: 1' at the top of the rule file")
        }

        var defaultZone: NamedZone?
        var defaultRegion: String?
        var defaultService = ServiceKind.default
        var prices: [ServiceKind: Double] = [:]
        var keepUntilTag: String?
        var keepUntilMax = RuleSet.defaultKeepUntilMax
        var startWithin = StartPolicy.defaultStartWithin
        if let d = value(top, "defaults"), let defaults = entries(d, "defaults") {
            checkKeys(defaults, allowed: ["timezone", "region", "service", "price_per_inference_unit_hour", "price_per_copy_hour", "keep_until_tag",
                                          "keep_until_max", "start_within", "events"], in: "defaults")
            if let t = value(defaults, "keep_until_tag"), let text = scalar(t, "keep_until_tag") {
                if (1...128).contains(text.utf8.count) { keepUntilTag = text } else { error(t, "keep_until_tag must be a tag key of 1 to 128 characters") }
            }
            if let m = value(defaults, "keep_until_max"), let v = self.keepUntilMax(m) { keepUntilMax = v }
            if let w = value(defaults, "start_within"), let text = scalar(w, "start_within") {
                if let v = DurationText.parse(text), v >= 60, v <= 7 * 86_400 { startWithin = v } else {
                    error(w, "bad duration '\(text)' for 'start_within'; write for example 65m or 2h (from 1m to 7d)")
                }
            }
            if let tz = value(defaults, "timezone") {
                defaultZone = timeZone(tz)
                // Already reported there: schedules relying on it are not told again that they have none.
                defaultZoneRefused = defaultZone == nil
            }
            if let r = value(defaults, "region") { defaultRegion = region(r) }
            if let s = value(defaults, "service"), let kind = service(s) { defaultService = kind }
            if let p = value(defaults, "price_per_inference_unit_hour") { prices = self.prices(p) }
            if let e = value(defaults, "events") { events = eventsSetting(e) }
            if let p = value(defaults, "price_per_copy_hour"), let v = copyPrice(p) { prices[.sagemaker] = v }
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

        // Before the rules, which name them.
        if let a = value(top, "accounts") { declaredAccounts = accounts(a) }

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
                                       defaultRegion: defaultRegion, defaultService: defaultService, defaultZone: defaultZone,
                                       defaultStartWithin: startWithin) {
                        rules.append(rule)
                        used.insert(rule.schedule.name)
                        warnAboutRegionOutsideAccounts(rule, node: node)
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

        var overrides: [Override] = []
        if let o = value(top, "overrides") {
            overrides = self.overrides(o, schedules: schedules, known: Set(scheduleNodes.keys), defaultRegion: defaultRegion,
                                       defaultService: defaultService, defaultZone: defaultZone)
            if case .sequence(let seq) = o {
                for node in seq {
                    if let e = entries(node, "override", quiet: true), let s = value(e, "schedule"), case .scalar(let name) = s {
                        used.insert(name.string)
                    }
                }
            }
        }

        warnAboutShadowedRules(rules, nodes: ruleNodes)
        warnAboutUnusedSchedules(scheduleNodes, used: used)
        warnAboutSchedulesThatNeverHost(schedules, nodes: scheduleNodes)
        warnAboutUnusedAccounts()
        return RuleSet(rules: rules, schedules: schedules, defaultRegion: defaultRegion, prices: prices, overrides: overrides,
                       keepUntilTag: keepUntilTag, keepUntilMax: keepUntilMax, accounts: declaredAccounts)
    }
}

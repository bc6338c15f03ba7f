import Foundation
import HostingSchedule
import Yams

/// Rules: which models (project pattern, versions, region) follow which schedule.
extension RuleFileParser {
    func rule(_ node: Node, number: Int, schedules: [String: Schedule], known: Set<String>,
              defaultRegion: String?, defaultService: ServiceKind, defaultZone: NamedZone?, defaultStartWithin: Int) -> Rule? {
        let what = "rule \(number)"
        guard let e = entries(node, what) else { return nil }
        checkKeys(e, allowed: ["project", "versions", "schedule", "region", "service", "account", "grace", "start", "price_per_copy_hour", "description"], in: what)
        if let d = value(e, "description") { _ = scalar(d, "description") }
        var grace: Int?
        var graceOK = true
        if let g = value(e, "grace") {
            grace = self.grace(g, in: what)
            graceOK = grace != nil
        }
        var start: StartPolicy?
        var startOK = true
        if let s = value(e, "start") {
            var ruleService = defaultService
            if let n = value(e, "service"), case .scalar(let text) = n, let kind = ServiceKind(rawValue: text.string) { ruleService = kind }
            start = startPolicy(s, in: what, service: ruleService, defaultStartWithin: defaultStartWithin)
            startOK = start != nil
        }
        let fields = e.filter { !["grace", "start", "price_per_copy_hour", "description"].contains($0.key) }
        guard let r = ruleFields(fields, node: node, number: number, what: what, schedules: schedules, known: known,
                                 defaultRegion: defaultRegion, defaultService: defaultService, defaultZone: defaultZone),
              graceOK, startOK else { return nil }
        if start != nil, case .never = r.schedule.kind {
            error(value(e, "start"), "\(what) starts models but its schedule is 'never': nothing would ever be started")
            return nil
        }
        var rule = Rule(number: r.number, line: r.line, project: r.project, versions: r.versions, region: r.region, service: r.service,
                        account: r.account, grace: grace, start: start, schedule: r.schedule)
        if let p = value(e, "price_per_copy_hour") { rule.pricePerCopyHour = rulePrice(p, service: r.service, in: what) }
        return rule
    }

    /// The selector and schedule of a rule or override: `project`, `versions`, `region`,
    /// `service`, `account`, `schedule`. A rule of a declared account takes no region from
    /// `defaults.region`: its regions are the account's (see `SchedulerRunner.targets`).
    func ruleFields(_ e: [(key: String, keyNode: Node, value: Node)], node: Node, number: Int, what: String,
                    schedules: [String: Schedule], known: Set<String>, defaultRegion: String?, defaultService: ServiceKind,
                    defaultZone: NamedZone?) -> Rule? {
        var service: ServiceKind? = defaultService
        if let s = value(e, "service") { service = self.service(s) }
        var project: Glob?
        if let p = value(e, "project") {
            project = projectPattern(p, service: service ?? defaultService)
        } else {
            error(node, "\(what) has no 'project' (a project name or a pattern such as \"weld-*\" or \"*\")")
        }
        var versions: Rule.VersionSelector? = .all
        if let v = value(e, "versions") { versions = versionSelector(v, service: service ?? defaultService) }
        var account: AccountSelector? = .home
        if let a = value(e, "account") { account = accountSelector(a, what: what) }
        var region: String? = account == .home ? defaultRegion : nil
        var regionOK = true
        if let r = value(e, "region") {
            region = self.region(r)
            regionOK = region != nil
        }
        var schedule: Schedule?
        if let s = value(e, "schedule"), let name = scalar(s, "schedule") {
            switch name {
            case "always": schedule = .always(zone: defaultZone?.zone ?? .utc, zoneName: defaultZone?.name)
            case "never": schedule = .never(zone: defaultZone?.zone ?? .utc, zoneName: defaultZone?.name)
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
        guard let project, let versions, let schedule, let service, let account, regionOK else { return nil }
        return Rule(number: number, line: node.mark?.line ?? 0, project: project, versions: versions,
                    region: region, service: service, account: account, schedule: schedule)
    }

    func projectPattern(_ node: Node, service: ServiceKind) -> Glob? {
        guard let text = scalar(node, "project") else { return nil }
        let glob: Glob
        do {
            glob = try Glob(text)
        } catch {
            self.error(node, error.message)
            return nil
        }
        // Every character outside a wildcard must be possible in a project name of the service.
        if service == .sagemaker {
            if let problem = RuleFileParser.sageMakerNameProblem(text, kind: "endpoint") {
                error(node, "project '\(text)' can never match: \(problem)")
                return nil
            }
            return glob
        }
        if service == .rekognition {
            if text.unicodeScalars.contains(where: { !RuleFileParser.rekognitionPatternCharacters.contains($0) }) || text.count > 255 {
                error(node, "project '\(text)' can never match: Rekognition project names use letters, digits, '-', '_' and '.' (up to 255)")
                return nil
            }
            return glob
        }
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
    /// Rekognition project and version names: `[a-zA-Z0-9_.\-]+` (its service model), plus wildcards.
    static let rekognitionPatternCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-*?[]!^")

    func versionSelector(_ node: Node, service: ServiceKind) -> Rule.VersionSelector? {
        if case .scalar(let s) = node, ["*", "all"].contains(s.string.lowercased()) { return .all }
        guard let list = items(node, "versions") else { return nil }
        var globs: [Glob] = []
        var ok = true
        for item in list {
            guard let text = scalar(item, "version") else { ok = false; continue }
            if text == "*" || text.lowercased() == "all" { return .all }
            do {
                let g = try Glob(text)
                if service == .sagemaker {
                    if let problem = RuleFileParser.sageMakerNameProblem(text, kind: "inference component") {
                        error(item, "version '\(text)' can never match: \(problem)")
                        ok = false
                        continue
                    }
                } else if service == .rekognition {
                    if text.unicodeScalars.contains(where: { !RuleFileParser.rekognitionPatternCharacters.contains($0) }) || text.count > 255 {
                        error(item, "version '\(text)' can never match: Rekognition version names use letters, digits, '-', '_' and '.' (up to 255), such as my-model.2026-01-15T10.22.04")
                        ok = false
                        continue
                    }
                } else if g.isLiteral && !(text.first.map { ("1"..."9").contains($0) } ?? false && text.allSatisfy(\.isNumber)) {
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

    /// `service: lookoutvision` or `service: rekognition`.
    func service(_ node: Node) -> ServiceKind? {
        guard let text = scalar(node, "service") else { return nil }
        if let kind = ServiceKind(rawValue: text) { return kind }
        error(node, "unknown service '\(text)'; write \(ServiceKind.allCases.map(\.rawValue).joined(separator: " or "))")
        return nil
    }

    /// `price_per_inference_unit_hour`: one number for every service, or one per service
    /// (`{ lookoutvision: 4.00, rekognition: 4.00 }`).
    func prices(_ node: Node) -> [ServiceKind: Double] {
        let what = "price_per_inference_unit_hour"
        func price(_ n: Node) -> Double? {
            guard let text = scalar(n, what) else { return nil }
            if let v = Double(text), v >= 0, v.isFinite { return v }
            error(n, "\(what) must be a number of at least 0, such as 4.00")
            return nil
        }
        if case .mapping = node, let list = entries(node, what) {
            if let sm = list.first(where: { $0.key == ServiceKind.sagemaker.rawValue }) {
                error(sm.keyNode, "SageMaker is billed per copy, not per inference unit: set defaults.price_per_copy_hour instead")
            }
            checkKeys(list.filter { $0.key != ServiceKind.sagemaker.rawValue },
                      allowed: RuleFileParser.inferenceUnitServices.map(\.rawValue), in: what)
            var out: [ServiceKind: Double] = [:]
            for e in list {
                if let kind = ServiceKind(rawValue: e.key), let v = price(e.value) { out[kind] = v }
            }
            return out
        }
        guard let v = price(node) else { return [:] }
        return Dictionary(uniqueKeysWithValues: RuleFileParser.inferenceUnitServices.map { ($0, v) })
    }
}

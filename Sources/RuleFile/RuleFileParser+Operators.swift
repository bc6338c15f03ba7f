import Foundation
import HostingSchedule
import Yams

/// The operators' controls: expiring overrides, grace for manual starts, starts at window opening.
extension RuleFileParser {
    /// `overrides:`: same selectors as rules, a schedule (a name, `always` or `never`), `until`
    /// (ISO 8601 with an offset) and `reason`, both required.
    func overrides(_ node: Node, schedules: [String: Schedule], known: Set<String>, defaultRegion: String?,
                   defaultService: ServiceKind, defaultZone: NamedZone?) -> [Override] {
        guard case .sequence(let seq) = node else {
            error(node, "overrides must be a list (lines starting with '- '), not \(kind(node))")
            return []
        }
        var out: [Override] = []
        for (i, item) in seq.enumerated() {
            guard spend(item) else { break }
            let what = "override \(i + 1)"
            guard let e = entries(item, what) else { continue }
            checkKeys(e, allowed: ["project", "versions", "region", "service", "account", "schedule", "until", "reason"], in: what)
            var until: Int?
            if let u = value(e, "until") {
                if let text = scalar(u, "until") {
                    do {
                        let t = try InstantFormat.parseISO8601(text)
                        if InstantFormat.isAccepted(t) {
                            until = t
                        } else {
                            self.error(u, "until: '\(text)' is outside the instants this tool accepts (\(InstantFormat.acceptedRange))")
                        }
                    } catch {
                        self.error(u, "until: \(error.description)")
                    }
                }
            } else {
                error(item, "\(what) has no 'until' (when it ends, ISO 8601 with an offset, such as 2026-12-24T18:00:00+01:00)")
            }
            var reason: String?
            if let r = value(e, "reason") {
                reason = scalar(r, "reason")
                if reason?.trimmingCharacters(in: .whitespaces).isEmpty == true {
                    error(r, "\(what) needs a non-empty 'reason' (who asked, and why: a ticket)")
                    reason = nil
                }
            } else {
                error(item, "\(what) has no 'reason' (who asked, and why: a ticket)")
            }
            let selectorEntries = e.filter { $0.key != "until" && $0.key != "reason" }
            guard let selector = ruleFields(selectorEntries, node: item, number: i + 1, what: what, schedules: schedules, known: known,
                                            defaultRegion: defaultRegion, defaultService: defaultService, defaultZone: defaultZone),
                  let until, let reason else { continue }
            out.append(Override(number: i + 1, line: item.mark?.line ?? 0, column: item.mark?.column ?? 0,
                                selector: selector, until: until, reason: reason))
            if let now {
                if until <= now {
                    report(.warning, location(value(e, "until")),
                           "\(what) expired \(DurationText.format(seconds: max(60, (now - until) / 60 * 60))) ago (\(InstantFormat.utc(until))) and is ignored; remove it")
                } else if until - now > 31 * 86_400 {
                    report(.warning, location(value(e, "until")),
                           "\(what) lasts \(DurationText.format(seconds: (until - now) / 86_400 * 86_400)) more (until \(InstantFormat.utc(until))): an override is for days, not months; write a rule")
                }
            }
        }
        return out
    }

    /// `grace: 2h` (from 1m to 7d).
    func grace(_ node: Node, in what: String) -> Int? {
        guard let text = scalar(node, "grace") else { return nil }
        if let d = DurationText.parse(text), d >= 60, d <= 7 * 86_400 { return d }
        error(node, "bad duration '\(text)' for 'grace' of \(what); write for example 30m, 2h or 1d (from 1m to 7d)")
        return nil
    }

    /// `start: { min_inference_units: 1, max_inference_units: 2, enforce: false, start_within: 65m }`.
    func startPolicy(_ node: Node, in what: String, service: ServiceKind = .default, defaultStartWithin: Int) -> StartPolicy? {
        if service == .sagemaker { return sageMakerStartPolicy(node, in: what, defaultStartWithin: defaultStartWithin) }
        guard let e = entries(node, "start of \(what)") else { return nil }
        if let c = e.first(where: { $0.key == "copies" }) {
            error(c.keyNode, "copies is for SageMaker rules (service: sagemaker); \(service) starts with min_inference_units")
            return nil
        }
        checkKeys(e, allowed: ["min_inference_units", "max_inference_units", "enforce", "start_within"], in: "start of \(what)")
        func units(_ key: String) -> Int?? {
            guard let n = value(e, key) else { return .some(nil) }
            guard let text = scalar(n, key), let v = Int(text), (1...1000).contains(v) else {
                error(n, "\(key) must be a whole number from 1 to 1000")
                return nil
            }
            return .some(v)
        }
        guard let minimum = units("min_inference_units"), let maximum = units("max_inference_units") else { return nil }
        guard let min = minimum else {
            error(node, "start of \(what) has no 'min_inference_units' (the inference units to start with, such as 1)")
            return nil
        }
        if let maximum, maximum < min {
            error(value(e, "max_inference_units"), "max_inference_units (\(maximum)) is below min_inference_units (\(min))")
            return nil
        }
        guard let (enforce, within) = startTiming(e, defaultStartWithin: defaultStartWithin) else { return nil }
        return StartPolicy(minInferenceUnits: min, maxInferenceUnits: maximum, enforce: enforce, startWithin: within)
    }

    /// `enforce` and `start_within` of a `start`.
    func startTiming(_ e: [(key: String, keyNode: Node, value: Node)], defaultStartWithin: Int) -> (Bool, Int)? {
        var enforce = false
        if let n = value(e, "enforce"), let text = scalar(n, "enforce") {
            switch text.lowercased() {
            case "true", "yes": enforce = true
            case "false", "no": enforce = false
            default:
                error(n, "enforce must be true or false")
                return nil
            }
        }
        var within = defaultStartWithin
        if let n = value(e, "start_within"), let text = scalar(n, "start_within") {
            guard let d = DurationText.parse(text), d >= 60, d <= 7 * 86_400 else {
                error(n, "bad duration '\(text)' for 'start_within'; write for example 65m or 2h (from 1m to 7d)")
                return nil
            }
            within = d
        }
        return (enforce, within)
    }

    /// `defaults.keep_until_max`: from 1h to 90d.
    func keepUntilMax(_ node: Node) -> Int? {
        guard let text = scalar(node, "keep_until_max") else { return nil }
        if let d = DurationText.parse(text), d >= 3600, d <= 90 * 86_400 { return d }
        error(node, "bad duration '\(text)' for 'keep_until_max'; write for example 7d or 36h (from 1h to 90d)")
        return nil
    }
}

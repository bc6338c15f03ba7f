/// The validated contents of a rule file: the rules, in order, with their schedules.
/// First matching rule wins.
public struct RuleSet: Sendable {
    /// The rules in file order.
    public let rules: [Rule]
    /// The named schedules (the built-ins `always` and `never` are not listed).
    public let schedules: [String: Schedule]
    /// The region used when none is given on the command line and a rule names none.
    public let defaultRegion: String?
    /// Price of one inference-unit hour, for savings estimates (`defaults.price_per_inference_unit_hour`).
    public let pricePerInferenceUnitHour: Double

    /// The price used when the rule file sets none: USD 4.00, Lookout for Vision's list price per
    /// inference-unit hour.
    public static let defaultPricePerInferenceUnitHour = 4.0

    /// A rule set.
    public init(rules: [Rule], schedules: [String: Schedule], defaultRegion: String? = nil,
                pricePerInferenceUnitHour: Double = RuleSet.defaultPricePerInferenceUnitHour) {
        self.rules = rules
        self.schedules = schedules
        self.defaultRegion = defaultRegion
        self.pricePerInferenceUnitHour = pricePerInferenceUnitHour
        var literal: [String: [Int]] = [:]
        var patterns: [Int] = []
        for (i, r) in rules.enumerated() {
            if r.project.isLiteral { literal[r.project.pattern, default: []].append(i) } else { patterns.append(i) }
        }
        rulesByProject = literal
        patternRules = patterns
    }

    /// Indexes of rules whose project is a plain name, by name, in order.
    let rulesByProject: [String: [Int]]
    /// Indexes of rules whose project is a pattern, in order.
    let patternRules: [Int]

    /// The first rule that covers the model, or nil when none does (the model is left alone).
    /// Only the rules that name the project and the pattern rules are tried, in file order.
    public func rule(forProject project: String, version: String, region: String?) -> Rule? {
        let named = rulesByProject[project] ?? []
        var i = 0, j = 0
        while i < named.count || j < patternRules.count {
            let next: Int
            if j >= patternRules.count || (i < named.count && named[i] < patternRules[j]) {
                next = named[i]; i += 1
            } else {
                next = patternRules[j]; j += 1
            }
            if rules[next].covers(project: project, version: version, region: region) { return rules[next] }
        }
        return nil
    }

    /// The decision for a model at instant `t`.
    public func decide(project: String, version: String, region: String?, at t: Int) -> Decision {
        guard let rule = rule(forProject: project, version: version, region: region) else {
            return Decision(instant: t, rule: nil, hosted: nil, windowIndex: nil,
                            previousTransition: nil, nextTransition: nil,
                            reason: "no rule covers \(project) version \(version): left alone")
        }
        return Decision.evaluate(rule: rule, at: t)
    }
}

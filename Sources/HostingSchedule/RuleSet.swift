/// The validated contents of a rule file: the rules, in order, with their schedules.
/// First matching rule wins.
public struct RuleSet: Sendable {
    /// The rules in file order.
    public let rules: [Rule]
    /// The named schedules (the built-ins `always` and `never` are not listed).
    public let schedules: [String: Schedule]
    /// The region used when none is given on the command line and a rule names none.
    public let defaultRegion: String?
    /// Price of one inference-unit hour per service, for savings estimates
    /// (`defaults.price_per_inference_unit_hour`); a service not listed costs the default price.
    public let prices: [ServiceKind: Double]

    /// The price used when the rule file sets none: USD 4.00 per inference-unit hour, the list
    /// price of both Lookout for Vision and Rekognition Custom Labels (us-east-1, as of 2025).
    public static let defaultPricePerInferenceUnitHour = 4.0

    /// A rule set.
    public init(rules: [Rule], schedules: [String: Schedule], defaultRegion: String? = nil,
                prices: [ServiceKind: Double] = [:]) {
        self.rules = rules
        self.schedules = schedules
        self.defaultRegion = defaultRegion
        self.prices = prices
        var literal: [String: [Int]] = [:]
        var patterns: [Int] = []
        for (i, r) in rules.enumerated() {
            if r.project.isLiteral { literal[r.project.pattern, default: []].append(i) } else { patterns.append(i) }
        }
        rulesByProject = literal
        patternRules = patterns
    }

    /// The price of one inference-unit hour of `service`.
    public func price(for service: ServiceKind) -> Double { prices[service] ?? RuleSet.defaultPricePerInferenceUnitHour }

    /// The services the rules cover, in order.
    public var services: [ServiceKind] { Set(rules.map(\.service)).sorted() }

    /// Indexes of rules whose project is a plain name, by name, in order.
    let rulesByProject: [String: [Int]]
    /// Indexes of rules whose project is a pattern, in order.
    let patternRules: [Int]

    /// The first rule that covers the model, or nil when none does (the model is left alone).
    /// Only the rules that name the project and the pattern rules are tried, in file order.
    public func rule(forProject project: String, version: String, region: String?, service: ServiceKind = .default) -> Rule? {
        let named = rulesByProject[project] ?? []
        var i = 0, j = 0
        while i < named.count || j < patternRules.count {
            let next: Int
            if j >= patternRules.count || (i < named.count && named[i] < patternRules[j]) {
                next = named[i]; i += 1
            } else {
                next = patternRules[j]; j += 1
            }
            if rules[next].covers(project: project, version: version, region: region, service: service) { return rules[next] }
        }
        return nil
    }

    /// The decision for a model at instant `t`.
    public func decide(project: String, version: String, region: String?, service: ServiceKind = .default, at t: Int) -> Decision {
        guard let rule = rule(forProject: project, version: version, region: region, service: service) else {
            return Decision(instant: t, rule: nil, hosted: nil, windowIndex: nil,
                            previousTransition: nil, nextTransition: nil,
                            reason: "no rule covers \(project) version \(version): left alone")
        }
        return Decision.evaluate(rule: rule, at: t)
    }
}

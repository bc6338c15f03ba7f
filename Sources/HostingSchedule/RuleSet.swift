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
    }

    /// The first rule that covers the model, or nil when none does (the model is left alone).
    public func rule(forProject project: String, version: String, region: String?) -> Rule? {
        rules.first { $0.covers(project: project, version: version, region: region) }
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

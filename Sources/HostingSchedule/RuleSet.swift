import ServiceVocabulary

/// The validated contents of a rule file: the rules, in order, with their schedules.
/// First matching rule wins.
public struct RuleSet: Sendable {
    /// The rules in file order.
    public let rules: [Rule]
    /// The named schedules (the built-ins `always` and `never` are not listed).
    public let schedules: [String: Schedule]
    /// Expiring overrides, tried before the rules (first match wins).
    public let overrides: [Override]
    /// `defaults.keep_until_tag`: the tag whose future instant keeps a model up (nil: tags not read).
    public let keepUntilTag: String?
    /// `defaults.keep_until_max`: the longest keep a tag may ask for, in seconds.
    public let keepUntilMax: Int
    /// The accounts the file declares (`accounts:`), in file order; rules name them with `account:`.
    public let accounts: [Account]

    /// The default `keep_until_max`: 7 days.
    public static let defaultKeepUntilMax = 7 * 86_400
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
                prices: [ServiceKind: Double] = [:], overrides: [Override] = [], keepUntilTag: String? = nil,
                keepUntilMax: Int = RuleSet.defaultKeepUntilMax, accounts: [Account] = []) {
        self.accounts = accounts
        self.rules = rules
        self.schedules = schedules
        self.overrides = overrides
        self.keepUntilTag = keepUntilTag
        self.keepUntilMax = keepUntilMax
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

    /// The declared account named `name`.
    public func account(named name: String) -> Account? { accounts.first { $0.name == name } }

    /// The rules that cover models of the account named `name` (nil: the home account), in order.
    public func rules(ofAccount name: String?) -> [Rule] { rules.filter { $0.account.matches(name) } }

    /// The price of one inference-unit hour of `service`.
    public func price(for service: ServiceKind) -> Double {
        prices[service] ?? (service == .sagemaker ? RuleSet.defaultPricePerCopyHour : RuleSet.defaultPricePerInferenceUnitHour)
    }

    /// The SageMaker price used when the rule file sets none: USD 1.41 per copy hour, an
    /// ml.g5.xlarge instance's on-demand hour (us-east-1) for a copy that takes the whole instance.
    public static let defaultPricePerCopyHour = 1.41

    /// The services the rules cover, in order.
    public var services: [ServiceKind] { Set(rules.map(\.service)).sorted() }

    /// Indexes of rules whose project is a plain name, by name, in order.
    let rulesByProject: [String: [Int]]
    /// Indexes of rules whose project is a pattern, in order.
    let patternRules: [Int]

    /// The first rule that covers the model, or nil when none does (the model is left alone).
    /// Only the rules that name the project and the pattern rules are tried, in file order.
    /// `account` is the declared account's name, nil for the home account.
    public func rule(forProject project: String, version: String, region: String?, service: ServiceKind = .default,
                     account: String? = nil) -> Rule? {
        let named = rulesByProject[project] ?? []
        var i = 0, j = 0
        while i < named.count || j < patternRules.count {
            let next: Int
            if j >= patternRules.count || (i < named.count && named[i] < patternRules[j]) {
                next = named[i]; i += 1
            } else {
                next = patternRules[j]; j += 1
            }
            if rules[next].covers(project: project, version: version, region: region, service: service, account: account) { return rules[next] }
        }
        return nil
    }

    /// The override in force at `t` that selects the model, if any.
    public func override(at t: Int, project: String, version: String, region: String?, service: ServiceKind = .default,
                         account: String? = nil) -> Override? {
        overrides.first { $0.applies(at: t, project: project, version: version, region: region, service: service, account: account) }
    }

    /// The decision for a model at instant `t`: an override in force first, then the rules.
    /// `account` is the declared account the model is in (nil: the home account): only the rules
    /// and overrides of that account apply.
    public func decide(project: String, version: String, region: String?, service: ServiceKind = .default, account: String? = nil,
                       at t: Int) -> Decision {
        // A model no rule covers is never touched, whatever an override says.
        guard rule(forProject: project, version: version, region: region, service: service, account: account) != nil,
              let o = override(at: t, project: project, version: version, region: region, service: service, account: account) else {
            return decideByRules(project: project, version: version, region: region, service: service, account: account, at: t)
        }
        var d = Decision.evaluate(rule: o.selector, at: t, label: "override \(o.number)")
        d.override = o
        d.reason = "override \(o.number) (line \(o.line), until \(InstantFormat.utc(o.until))): \(o.reason); \(d.reason)"
        // The state can change when the override ends: then the rules (or a later override) decide.
        if d.nextTransition.map({ $0 >= o.until }) ?? true {
            let after = decide(project: project, version: version, region: region, service: service, account: account, at: o.until)
            d.nextTransition = after.hosted == d.hosted ? after.nextTransition : o.until
        }
        return d
    }

    /// The decision by the rules alone (no override).
    public func decideByRules(project: String, version: String, region: String?, service: ServiceKind = .default, account: String? = nil,
                              at t: Int) -> Decision {
        guard let rule = rule(forProject: project, version: version, region: region, service: service, account: account) else {
            return Decision(instant: t, rule: nil, hosted: nil, windowIndex: nil,
                            previousTransition: nil, nextTransition: nil,
                            reason: "no rule covers \(project) version \(version): left alone")
        }
        return Decision.evaluate(rule: rule, at: t)
    }
}

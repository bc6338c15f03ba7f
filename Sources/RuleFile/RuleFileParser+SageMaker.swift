import Foundation
import HostingSchedule
import Yams

/// What a rule file says of SageMaker: endpoint and component name patterns, `start: { copies: N }`,
/// and `defaults.price_per_copy_hour`.
extension RuleFileParser {
    /// The services billed per inference-unit hour (`price_per_inference_unit_hour`).
    static let inferenceUnitServices: [ServiceKind] = ServiceKind.allCases.filter { $0 != .sagemaker }

    /// SageMaker endpoint and inference component names: letters, digits and inner hyphens, up to
    /// 63 (the service model's `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`), plus wildcards.
    static let sageMakerPatternCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-*?[]!^")

    /// Why a pattern can never match a SageMaker name of `kind`, or nil when it can.
    static func sageMakerNameProblem(_ text: String, kind: String) -> String? {
        let rule = "SageMaker \(kind) names use letters, digits and '-' (up to 63), starting and ending with a letter or digit"
        if text.unicodeScalars.contains(where: { !sageMakerPatternCharacters.contains($0) }) || text.count > 63 { return rule }
        if text.first == "-" || text.last == "-" { return rule }
        return nil
    }

    /// `start: { copies: 2, enforce: false, start_within: 65m }` of a SageMaker rule: `copies`
    /// (1 to 1000) is optional; without it a start restores the copies of the component's last
    /// stop (from the log), else 1.
    func sageMakerStartPolicy(_ node: Node, in what: String, defaultStartWithin: Int) -> StartPolicy? {
        // `start: {}` and `start: { enforce: true }` are whole policies.
        guard let e = entries(node, "start of \(what)") else { return nil }
        for key in ["min_inference_units", "max_inference_units"] {
            if let k = e.first(where: { $0.key == key }) {
                error(k.keyNode, "\(key) is not for SageMaker: a component starts with 'copies' (the copy count, such as 2)")
                return nil
            }
        }
        checkKeys(e, allowed: ["copies", "enforce", "start_within"], in: "start of \(what)")
        var copies: Int?
        if let n = value(e, "copies") {
            guard let text = scalar(n, "copies"), let v = Int(text), (1...1000).contains(v) else {
                error(n, "copies must be a whole number from 1 to 1000")
                return nil
            }
            copies = v
        }
        guard let (enforce, within) = startTiming(e, defaultStartWithin: defaultStartWithin) else { return nil }
        var policy = StartPolicy(minInferenceUnits: copies ?? 1, enforce: enforce, startWithin: within)
        policy.copies = copies
        return policy
    }

    /// `defaults.price_per_copy_hour`: a number, or `{ sagemaker: 1.41 }`.
    func copyPrice(_ node: Node) -> Double? {
        let what = "price_per_copy_hour"
        func price(_ n: Node) -> Double? {
            guard let text = scalar(n, what) else { return nil }
            if let v = Double(text), v >= 0, v.isFinite { return v }
            error(n, "\(what) must be a number of at least 0, such as 1.41")
            return nil
        }
        if case .mapping = node, let list = entries(node, what) {
            checkKeys(list, allowed: [ServiceKind.sagemaker.rawValue], in: what)
            return value(list, ServiceKind.sagemaker.rawValue).flatMap(price)
        }
        return price(node)
    }

    /// A rule's `price_per_copy_hour`: only a SageMaker rule has copies.
    func rulePrice(_ node: Node, service: ServiceKind, in what: String) -> Double? {
        guard service == .sagemaker else {
            error(node, "price_per_copy_hour is for SageMaker rules (service: sagemaker); \(what) covers \(service)")
            return nil
        }
        return copyPrice(node)
    }
}

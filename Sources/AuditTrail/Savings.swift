/// What stops saved, by the two definitions `audit` reports (README, "Savings"), in
/// inference-unit hours and in money at the price each stop recorded.
///
/// - **projected**: from the stop to the earlier of the model's next window (as recorded with the
///   stop) and the first later record of the same model that saw it hosted or started it.
/// - **realized**: the same, cut also at the log's latest record (the log vouches only for what it
///   has seen so far).
///
/// Both are cut at the end of the period asked for (`audit --to`). The one summing type: the
/// summary's totals, its per-service and per-account figures, the `--by` rows and the audit page
/// all add these.
public struct Savings: Sendable, Equatable {
    /// Inference-unit hours (copy-hours for SageMaker) the log has seen not billed.
    public var realizedHours = 0.0
    /// Their money at the recorded price.
    public var realizedMoney = 0.0
    /// Inference-unit hours until each model's next window or next sighting hosted.
    public var projectedHours = 0.0
    /// Their money at the recorded price.
    public var projectedMoney = 0.0

    /// Nothing saved.
    public init() {}

    /// Given figures.
    public init(realizedHours: Double, realizedMoney: Double, projectedHours: Double, projectedMoney: Double) {
        self.realizedHours = realizedHours
        self.realizedMoney = realizedMoney
        self.projectedHours = projectedHours
        self.projectedMoney = projectedMoney
    }

    /// Adds another's figures.
    public static func += (a: inout Savings, b: Savings) {
        a.realizedHours += b.realizedHours
        a.realizedMoney += b.realizedMoney
        a.projectedHours += b.projectedHours
        a.projectedMoney += b.projectedMoney
    }

    /// The saving of one stop at instant `at` that ran until `realizedEnd` (realized) and
    /// `projectedEnd` (projected), with `units` inference units at `price` per unit-hour (nil: the
    /// record has no price; its money is not known and counts 0).
    static func of(at: Int, realizedEnd: Int, projectedEnd: Int, units: Int, price: Double?) -> Savings {
        let realized = Double(max(0, realizedEnd - at)) / 3600 * Double(units)
        let projected = Double(max(0, projectedEnd - at)) / 3600 * Double(units)
        return Savings(realizedHours: realized, realizedMoney: realized * (price ?? 0),
                       projectedHours: projected, projectedMoney: projected * (price ?? 0))
    }
}

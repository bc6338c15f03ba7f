import Foundation
import HostingSchedule
import Rendering

/// The four savings keys of every JSON object that carries savings (the summary, each account,
/// each service, each `--by` row), rounded to cents and hundredths of an hour.
struct SavingsFigures: Encodable {
    let realized_inference_unit_hours: Double
    let realized_money: Double
    let projected_inference_unit_hours: Double
    let projected_money: Double

    init(_ s: Savings) {
        realized_inference_unit_hours = JSONDocument.twoDecimals(s.realizedHours)
        realized_money = JSONDocument.twoDecimals(s.realizedMoney)
        projected_inference_unit_hours = JSONDocument.twoDecimals(s.projectedHours)
        projected_money = JSONDocument.twoDecimals(s.projectedMoney)
    }
}

extension AuditReport {
    /// `12.0 inference-unit hours, 48.00 (projected: 20.0, 80.00)`: the one text form of a saving.
    public static func figures(_ s: Savings, unit: String = "inference-unit hours") -> String {
        String(format: "%.1f \(unit), %.2f (projected: %.1f, %.2f)", s.realizedHours, s.realizedMoney, s.projectedHours,
               s.projectedMoney)
    }

    /// The unit of a total: inference-unit hours, copy-hours when every saving is SageMaker's, and
    /// both named when the log mixes them (the money is what adds up across services).
    public static func totalUnit(_ s: AuditSummary) -> String {
        let sagemaker = ServiceKind.sagemaker.rawValue
        guard s.savingsPerService.keys.contains(sagemaker) else { return "inference-unit hours" }
        return s.savingsPerService.keys.allSatisfy { $0 == sagemaker } ? "copy-hours" : "unit-hours of inference units and SageMaker copies"
    }

    /// The savings lines of the text summary: the totals, per service, and what they could not know.
    func savingsText(_ s: AuditSummary) -> String {
        var out = "realized savings: \(AuditReport.figures(s.savings, unit: AuditReport.totalUnit(s)))\n"
        if s.savingsPerService.count > 1 || s.savingsPerService.keys.contains(where: { $0 != AuditSummary.defaultService }) {
            for (service, v) in s.savingsPerService.sorted(by: { $0.key < $1.key }) {
                // SageMaker's billed unit is the copy (its records' `inference_units` are the copies a stop freed).
                let unit = service == ServiceKind.sagemaker.rawValue ? "copy-hours" : "inference-unit hours"
                out += "  \(Printable.line(service)): \(AuditReport.figures(v, unit: unit))\n"
            }
        }
        out += AuditReport.savingsNotes(s).map { "  \($0)\n" }.joined()
        return out
    }

    /// What the savings figures could not know, one sentence each (text, and the page).
    public static func savingsNotes(_ s: AuditSummary) -> [String] {
        var notes: [String] = []
        if s.stops > 0, let end = s.logEnd {
            notes.append("realized up to the log's latest record (\(InstantFormat.utc(end))); projected up to each model's next window or its next sighting hosted")
        }
        if s.period.from != nil || s.period.to != nil {
            notes.append("period: stops from \(s.period.from.map(InstantFormat.utc) ?? "the log's start") to \(s.period.to.map(InstantFormat.utc) ?? "the log's end")"
                + (s.period.to != nil ? "; savings running past its end count up to it" : ""))
        }
        if s.projectionOpenEnded > 0 {
            notes.append("\(s.projectionOpenEnded) stops recorded no next window and their model was not seen hosted again: their projection is counted only up to the log's latest record (unknown beyond)")
        }
        if s.stopsWithoutPrice > 0 {
            notes.append("\(s.stopsWithoutPrice) stops recorded no price (an old log): their hours count, their money is unknown and counts 0")
        }
        if s.stopsSavingNothing > 0 {
            notes.append("\(s.stopsSavingNothing) stops recorded a price of 0 or freed nothing billed (a SageMaker endpoint that keeps its instances): they save nothing")
        }
        if s.savingsCutAtLimit > 0 {
            notes.append("\(s.savingsCutAtLimit) stops of models beyond --model-limit were settled early at the memory bound: their realized saving may be short")
        }
        return notes
    }
}

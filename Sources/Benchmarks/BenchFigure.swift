import Foundation

/// One figure of a `lookout-bench` run: what was measured, against which bound (a floor measured
/// in the same run, or a fixed bound), and the goal for their ratio. `lookout-bench` prints them
/// all in one table at its end, so that every ratio comes from the same run.
struct BenchFigure {
    let what: String
    let measured: Double
    let bound: Double
    /// What the bound is (`wc -l`, `/bin/true`, `the quota bound`).
    let boundName: String
    /// The largest ratio that meets the goal.
    let goal: Double
    /// The unit of `measured` and `bound` (`s`, `MiB`).
    var unit = "s"

    var ratio: Double { measured / bound }

    /// The table `lookout-bench` ends with.
    static func table(_ figures: [BenchFigure]) -> String {
        var s = "\nfigure | measured | bound | ratio | goal\n--- | --- | --- | --- | ---\n"
        for f in figures {
            s += String(format: "%@ | %.3f %@ | %.3f %@ (%@) | %.2fx | <= %.2fx %@\n", f.what, f.measured, f.unit, f.bound, f.unit, f.boundName,
                        f.ratio, f.goal, f.ratio <= f.goal ? "met" : "NOT MET")
        }
        return s
    }
}

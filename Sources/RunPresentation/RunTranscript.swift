import AuditTrail
import Rendering
import SchedulerRun
import SchedulerSetup

/// A run shown as it goes, the same way for `run` and `demo`: the report's header once the run
/// holds the lock, an entry per model as the run records it, the footer with the result. The
/// run's records reach it through the one seam `RunListener` (its start, then each
/// `ModelDecision`); it renders them with `RunReport` and hands the text to `write`.
public final class RunTranscript: RunListener {
    /// The order of the models' entries.
    public enum Order: Sendable {
        /// Each as it is done (`run`: the output follows the run).
        case asDone
        /// Held until the run ends, then by region, project and version (`demo`: a stable story).
        case sorted
    }

    let format: OutputFormat
    let verbose: Bool
    let order: Order
    let write: (String) -> Void
    let warn: (String) -> Void
    var report: RunReport?
    var first = true
    var held: [(key: String, text: String)] = []
    /// `warning: ... is hosted and no rule covers it`, one per unmanaged hosted model, for stderr
    /// once the run is over.
    public private(set) var unmanaged: [String] = []

    /// A transcript in `format` (text or JSON; JSON entries are always as done), with every model
    /// in the text when `verbose`; the warnings of the run's start (a torn last line found in the
    /// log) go to `warn`.
    public init(format: OutputFormat = .text, verbose: Bool = false, order: Order = .asDone, warn: @escaping (String) -> Void = { _ in },
                write: @escaping (String) -> Void) {
        self.warn = warn
        self.format = format
        self.verbose = verbose
        self.order = order
        self.write = write
    }

    /// Runs `setup` once for `instant` and shows it. The footer is written even when the log
    /// failed mid-run, so the document stays whole with the failure in it.
    public func present(_ setup: RunSetup, at instant: Int, noStart: Bool = false) async throws(RunSetupError) -> SchedulerRunner.Result {
        let result = try await setup.execute(at: instant, noStart: noStart, listener: self)
        finished(result)
        return result
    }

    /// The header, once the run holds the lock.
    public func runStarted(_ started: RunSetup.Started) {
        for w in started.warnings { warn("warning: \(Printable.line(w))") }
        let report = RunReport(options: started.options, regions: started.regions, logPath: started.logPath)
        self.report = report
        write(format == .json ? report.jsonHeader() : report.textHeader())
    }

    /// One model, as the run recorded it.
    public func recorded(_ m: ModelDecision) {
        guard let report else { return }
        if format == .json {
            write(report.jsonModel(m, first: first))
            first = false
        } else if let lines = report.textLines(m, verbose: verbose) {
            switch order {
            case .asDone: write(lines)
            case .sorted: held.append(("\(m.region) \(m.project) \(m.version)", lines))
            }
        }
        if m.decision == .unmanaged && m.wasHosted {
            unmanaged.append("warning: \(m.serviceKind.displayName) \(m.region) \(m.project) version \(m.version)\(m.accountLabel.map { " in account \($0)" } ?? "") is hosted and no rule covers it")
        }
    }

    /// The entries held back, then the footer.
    func finished(_ result: SchedulerRunner.Result) {
        guard let report else { return }
        let entries = held.sorted { $0.key < $1.key }.map(\.text).joined()
        write(entries + (format == .json ? report.jsonFooter(result, anyModels: !first) : report.textFooter(result)))
    }
}

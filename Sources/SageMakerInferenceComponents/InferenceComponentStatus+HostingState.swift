import AWSCore
import ModelHosting
import Rendering

extension InferenceComponentStatus {
    /// What the status means for the bill, with the component's current copy count: `InService`
    /// with copies is hosted (billed for the instances its copies hold); `InService` with 0 copies
    /// is stopped (may be started); `Creating`, `Updating` and `Deleting` are transitional;
    /// `Failed` is unavailable (never started).
    public func hostingState(copies: Int?) -> HostingState {
        switch self {
        case .inService: return (copies ?? 1) > 0 ? .hosted : .stopped
        case .creating, .updating, .deleting: return .transitional
        case .failed: return .unavailable
        }
    }

    /// A raw status (and copy count) as the run sees it; one this tool does not know is
    /// unavailable (never acted on), kept printable and short.
    public static func serviceStatus(_ raw: String?, copies: Int?) -> ServiceStatus {
        let raw = raw ?? "UNKNOWN"
        guard let known = InferenceComponentStatus(rawValue: raw) else {
            return ServiceStatus(raw: Printable.line(raw, limit: 64), state: .unavailable)
        }
        return ServiceStatus(raw: raw, state: known.hostingState(copies: copies))
    }
}

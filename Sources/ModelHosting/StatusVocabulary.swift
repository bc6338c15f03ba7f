import AWSCore
import Rendering

/// A service's own status words, each with what it means for the bill.
public protocol StatusVocabulary: RawRepresentable where RawValue == String {
    /// What the status means: hosted, transitional, stopped or unavailable.
    var hostingState: HostingState { get }
}

extension StatusVocabulary {
    /// A raw status as the run sees it; one this tool does not know is unavailable (never acted
    /// on) and kept printable and short, so that it shows without forging output.
    public static func serviceStatus(_ raw: String?) -> ServiceStatus {
        let raw = raw ?? "UNKNOWN"
        guard let known = Self(rawValue: raw) else { return ServiceStatus(raw: Printable.line(raw, limit: 64), state: .unavailable) }
        return ServiceStatus(raw: raw, state: known.hostingState)
    }
}

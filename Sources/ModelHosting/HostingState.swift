/// What a model's service-specific status means for its bill, the one thing the run decides on.
/// `hosted` is billed by the hour; `transitional` is on its way between the two (never acted on);
/// `stopped` and `unavailable` are not hosted: a stopped model may be started, an unavailable one
/// (training, failed, being deleted) never is.
public enum HostingState: String, Codable, Sendable, CaseIterable {
    /// Hosted and billed: may be stopped.
    case hosted
    /// Starting, stopping or being updated: neither stopped nor started now.
    case transitional
    /// Not hosted, and may be started.
    case stopped
    /// Not hosted, and never started (training, failed, deleting, or a status this tool does not know).
    case unavailable

    /// True for `hosted` only.
    public var isHosted: Bool { self == .hosted }
}

/// A status as a service reports it (`HOSTED`, `RUNNING`), with what it means.
public struct ServiceStatus: Sendable, Equatable {
    /// The service's own spelling, as shown to users and recorded.
    public let raw: String
    /// What it means for the bill.
    public let state: HostingState

    /// A status.
    public init(raw: String, state: HostingState) {
        self.raw = raw
        self.state = state
    }
}

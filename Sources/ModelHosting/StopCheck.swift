import AWSCore

/// The model a stop is about to be sent for, with what the listing said of it.
public struct HostedModelStop: Sendable, Equatable {
    /// The model.
    public let ref: ModelRef
    /// Its copies (SageMaker) as listed, if known.
    public let copies: Int?

    /// A model about to be stopped.
    public init(ref: ModelRef, copies: Int? = nil) {
        self.ref = ref
        self.copies = copies
    }
}

/// What a service says of a stop just before it is sent: no stop that will be undone, and no
/// stop counted as a saving that saves nothing.
public struct StopCheck: Sendable, Equatable {
    /// The verdict.
    public enum Verdict: Sendable, Equatable {
        /// Stop it; the saving counts.
        case stop
        /// Stop it (the rules say so), but the stop frees nothing billed: its saving is 0, for this reason.
        case stopWithoutSaving(reason: String)
        /// Do not stop it now: the stop would be undone (the reason says by what).
        case deferred(reason: String)
        /// What the stop would do could not be read: not stopped this run (a failure).
        case failed(AWSError)
    }

    /// The verdict.
    public var verdict: Verdict
    /// A warning for people, once per cause (nil: none).
    public var warning: String?

    /// A check's answer (its requests are counted by the client's `CallLedger`).
    public init(_ verdict: Verdict, warning: String? = nil) {
        self.verdict = verdict
        self.warning = warning
    }

    /// Stop, nothing to say, no request made.
    public static let proceed = StopCheck(.stop)
}

extension ModelHostingService {
    /// Lookout for Vision and Rekognition: a stop always saves its inference units, and nothing undoes it.
    public func checkStop(_ model: HostedModelStop) async -> StopCheck { .proceed }
}

/// Told each line of one pass over the log (`AuditReader.read`), in order. The verification
/// (`AuditReader.ChainCheck`), the summary (`AuditSummary.Pass`) and the audit page's tally are
/// observers, so one read of the file feeds whichever of them a command needs.
public protocol AuditLineObserver {
    /// One line of the pass; its bytes are valid only during the call.
    mutating func observe(_ line: AuditReader.Line)
}

/// Two observers of one pass: each line goes to `first`, then to `second`.
public struct AuditLineObservers<First: AuditLineObserver, Second: AuditLineObserver>: AuditLineObserver {
    /// Sees each line first.
    public var first: First
    /// Sees each line after `first`.
    public var second: Second

    /// `first` and `second`, fed by one pass.
    public init(_ first: First, _ second: Second) {
        self.first = first
        self.second = second
    }

    /// Hands the line to both, in order.
    public mutating func observe(_ line: AuditReader.Line) {
        first.observe(line)
        second.observe(line)
    }
}

extension AuditReader {
    /// One pass over the log at `path` (forwards, from its start): every line to `observer`, in
    /// order. `hashOverlong`: over-long lines are hashed as they stream by (the verification needs it).
    public static func read<O: AuditLineObserver>(path: String, hashOverlong: Bool = false, into observer: inout O) throws {
        try forEachLine(path: path, hashOverlong: hashOverlong) { observer.observe($0) }
    }
}

/// An observer that keeps nothing (a pass for the verification alone).
public struct NoLineObserver: AuditLineObserver {
    /// Nothing to keep.
    public init() {}
    /// Ignores the line.
    public mutating func observe(_ line: AuditReader.Line) {}
}

import ArgumentParser

/// The exit statuses of lookout-scheduler (documented in the README).
enum ExitCodes {
    /// Success, including "nothing to do".
    static let success = ExitCode(0)
    /// Some actions failed (the others were carried out).
    static let actionsFailed = ExitCode(1)
    /// Invalid input or configuration: a broken rule file, a bad time. Nothing was touched.
    static let invalidInput = ExitCode(2)
    /// Another run holds the lock.
    static let runInProgress = ExitCode(3)
}

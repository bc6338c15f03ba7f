import LockedValue

/// Warnings gathered across concurrent tasks.
final class WarningList: Sendable {
    private let items = LockedValueBox<[String]>([])
    func add(_ w: String) { items.withLockedValue { $0.append(w) } }
    var all: [String] { items.snapshot }
}

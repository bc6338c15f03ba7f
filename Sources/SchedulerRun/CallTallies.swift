import AuditTrail
import LockedValue

/// Warnings gathered across concurrent tasks.
final class WarningList: Sendable {
    private let items = LockedValueBox<[String]>([])
    func add(_ w: String) { items.withLockedValue { $0.append(w) } }
    var all: [String] { items.snapshot }
}

/// Counts requests by API across concurrent tasks.
final class CallCounter: Sendable {
    private let counts = LockedValueBox<[String: Int]>([:])
    func add(_ api: String, _ n: Int) { counts.withLockedValue { $0[api, default: 0] += n } }
    func add(_ more: [String: Int]) { for (api, n) in more { add(api, n) } }
    var snapshot: [String: Int] { counts.snapshot }
}

import Foundation

/// Warnings gathered across concurrent tasks.
final class WarningList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ w: String) { lock.withLock { items.append(w) } }
    var all: [String] { lock.withLock { items } }
}

/// Counts requests by API across concurrent tasks.
final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    func add(_ api: String, _ n: Int) { lock.withLock { counts[api, default: 0] += n } }
    func add(_ more: [String: Int]) { for (api, n) in more { add(api, n) } }
    var snapshot: [String: Int] { lock.withLock { counts } }
}

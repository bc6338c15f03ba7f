/// A binary min-heap (the first element is the least by `before`): `SavingsLedger`'s waiting stops,
/// O(log n) to add one or take the first.
struct MinHeap<Element: Sendable>: Sendable {
    private var items: [Element] = []
    let before: @Sendable (Element, Element) -> Bool

    init(before: @escaping @Sendable (Element, Element) -> Bool) { self.before = before }

    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }
    var first: Element? { items.first }

    mutating func insert(_ e: Element) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard before(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func removeFirst() -> Element {
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && before(items[l], items[m]) { m = l }
                if r < items.count && before(items[r], items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}

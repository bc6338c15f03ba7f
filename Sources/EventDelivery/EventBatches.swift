/// How many entries one PutEvents call takes from the front of a queue: at most
/// `maximumEntries` (10, the service model's `PutEventsRequestEntryList` max), and no more than
/// `EventEntry.maximumSize` bytes in all, as the service computes an entry's size. Pure.
public enum EventBatches {
    /// Entries per PutEvents call.
    public static let maximumEntries = 10

    /// The number of entries from the front of `queue` that fit in one call (at least 1 when the
    /// queue is not empty; the caller refuses an entry that alone exceeds the size first).
    public static func count(fitting queue: some Collection<EventEntry>) -> Int {
        var n = 0
        var bytes = 0
        for entry in queue {
            guard n < maximumEntries else { break }
            let size = entry.size
            if n > 0 && bytes + size > EventEntry.maximumSize { break }
            n += 1
            bytes += size
        }
        return n
    }

    /// `entries` cut into calls, in order (for tests and for sending everything at once).
    public static func split(_ entries: [EventEntry]) -> [[EventEntry]] {
        var out: [[EventEntry]] = []
        var rest = entries[...]
        while !rest.isEmpty {
            let n = count(fitting: rest)
            out.append(Array(rest.prefix(n)))
            rest = rest.dropFirst(n)
        }
        return out
    }
}

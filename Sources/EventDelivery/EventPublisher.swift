import AWSCore
import AuditTrail
import SchedulerRun

/// The run's `RecordObserver` for Amazon EventBridge: each record the log takes that is worth an
/// event (`RecordEvents`) is queued at once (`recorded` never waits: an `AsyncStream`), and sent
/// from a task of its own in PutEvents calls of at most 10 entries and 256 KiB
/// (`EventBatches`), at most `maximumCallsInFlight` at a time. A batch that is not full waits
/// at most `linger` seconds for more entries (and none once the run has finished), so a busy
/// run sends full batches and a quiet one each event within `linger`. `finish` waits for the
/// last call and answers what was delivered.
public final class EventPublisher: RecordObserver {
    /// The bus, as the rule file names it.
    public let bus: String
    /// Its region.
    public let region: String
    private let continuation: AsyncStream<RunEvent>.Continuation
    private let consumer: Task<EventsDelivered, Never>
    private let sender: EventSender
    /// How long `finish` waits for the events still queued or in flight once the run's actions
    /// are done; what is not answered by then counts as failed (`EventsDeadline`), so that a bus
    /// that hangs never holds the run (and its lock) for long.
    public let finishDeadline: Double

    /// A publisher to `bus` (a name or ARN) through `client` (in the bus's region).
    public init(client: EventBridgeClient, bus: String, region: String, maximumCallsInFlight: Int = 2, linger: Double = 0.2,
                finishDeadline: Double = 60) {
        self.bus = bus
        self.region = region
        self.finishDeadline = finishDeadline
        let (stream, continuation) = AsyncStream<RunEvent>.makeStream(bufferingPolicy: .unbounded)
        self.continuation = continuation
        let sender = EventSender(client: client, bus: bus, region: region, maximumCallsInFlight: max(1, maximumCallsInFlight),
                                 linger: max(0, linger))
        self.sender = sender
        consumer = Task {
            // The entry (its Detail encoded) is made here, off the run's path.
            for await record in stream {
                if let entry = RecordEvents.entry(for: record) { await sender.enqueue(entry) }
            }
            return await sender.drained()
        }
    }

    /// Queues the record (its event, if it has one, is made and sent later); returns at once.
    public func recorded(_ record: RunEvent) {
        switch record.body {
        case .decision, .runEnd: continuation.yield(record)
        case .runStart, .intent, .settle, .events: break
        }
    }

    /// Waits for every queued event to be sent (or to fail) and answers the delivery.
    public func finish() async -> EventsDelivered {
        continuation.finish()
        let sender = self.sender, seconds = finishDeadline
        let timer = Task {
            try? await Task.sleep(nanoseconds: UInt64(max(0, min(seconds, 86_400)) * 1e9))
            if !Task.isCancelled { await sender.giveUp(after: seconds) }
        }
        defer { timer.cancel() }
        return await consumer.value
    }
}

extension AWSErrorCode {
    /// An event larger than PutEvents takes (256 KiB as the service counts it): never sent.
    public static let eventTooLarge: AWSErrorCode = "EventTooLarge"
    /// An event still queued or unanswered when the run stopped waiting for its events.
    public static let eventsDeadline: AWSErrorCode = "EventsDeadline"
}

/// The sending side of `EventPublisher`: the queue, the calls in flight, the tally.
actor EventSender {
    let client: EventBridgeClient
    let bus: String
    let maximumCallsInFlight: Int
    let linger: Double
    /// The run is over: whatever waits is sent now, full batch or not.
    private var finishing = false
    /// A partial batch has waited `linger`: it goes with the next call that has room.
    private var lingerOver = false
    private var wakeScheduled = false
    private var pending: [EventEntry] = []
    private var next = 0
    private var inFlight = 0
    private var delivered: EventsDelivered
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// The batches of the calls in flight, by call.
    private var flying: [Int: [EventEntry]] = [:]
    private var calls = 0
    /// The run stopped waiting: nothing more is sent, and late answers change nothing.
    private var abandoned = false

    init(client: EventBridgeClient, bus: String, region: String, maximumCallsInFlight: Int, linger: Double) {
        self.client = client
        self.linger = linger
        self.bus = bus
        self.maximumCallsInFlight = maximumCallsInFlight
        delivered = EventsDelivered(bus: bus, region: region)
    }

    func enqueue(_ entry: EventEntry) {
        if entry.size > EventEntry.maximumSize {
            failed(entry, code: AWSErrorCode.eventTooLarge.rawValue,
                   message: "the event is \(entry.size) bytes as PutEvents counts them (at most \(EventEntry.maximumSize))")
        } else {
            pending.append(entry)
        }
        pump()
    }

    /// Starts calls while there is room and something to send.
    private func pump() {
        while !abandoned, inFlight < maximumCallsInFlight, next < pending.count {
            let n = EventBatches.count(fitting: pending[next...])
            let full = n == EventBatches.maximumEntries || n < pending.count - next
            if !full && !finishing && !lingerOver && linger > 0 {
                // Wait a little for more entries, then send what there is.
                if !wakeScheduled {
                    wakeScheduled = true
                    let linger = self.linger
                    Task {
                        try? await Task.sleep(nanoseconds: UInt64(linger * 1e9))
                        self.lingered()
                    }
                }
                break
            }
            if !full { lingerOver = false }
            let batch = Array(pending[next..<(next + n)])
            next += n
            if next >= 1024 { pending.removeFirst(next); next = 0 }
            inFlight += 1
            calls += 1
            let call = calls
            flying[call] = batch
            let client = self.client, bus = self.bus
            Task {
                let result: Result<CallOutcome<[EventBridgeClient.ResultEntry]>, AWSError>
                do throws(AWSError) { result = .success(try await client.putEvents(batch, bus: bus)) } catch { result = .failure(error) }
                self.completed(call, batch, result)  // the task runs on this actor (the call itself suspends it)
            }
        }
        if inFlight == 0, next >= pending.count {
            for w in waiters { w.resume() }
            waiters = []
        }
    }

    private func lingered() {
        wakeScheduled = false
        lingerOver = true
        pump()
        if next >= pending.count { lingerOver = false }  // nothing left waiting: the next partial batch waits again
    }

    private func completed(_ call: Int, _ batch: [EventEntry], _ result: Result<CallOutcome<[EventBridgeClient.ResultEntry]>, AWSError>) {
        guard !abandoned else { return }
        flying[call] = nil
        inFlight -= 1
        switch result {
        case .success(let outcome):
            delivered.calls += outcome.attempts
            for (entry, answer) in zip(batch, outcome.value) {
                if let code = answer.ErrorCode, !code.isEmpty {
                    failed(entry, code: code, message: answer.ErrorMessage ?? "")
                } else {
                    delivered.sent += 1
                }
            }
        case .failure(let error):
            delivered.calls += error.attempts
            let attempts = error.attempts > 1 ? " (\(error.attempts) attempts)" : ""
            for entry in batch { failed(entry, code: error.code.rawValue, message: error.message + attempts) }
        }
        pump()
    }

    private func failed(_ entry: EventEntry, code: String, message: String) {
        delivered.failed += 1
        if delivered.failures.count < EventsDelivered.maximumFailuresListed {
            delivered.failures.append(.init(detail_type: entry.detailType.rawValue, seq: entry.seq, resource: entry.resources.first,
                                            error_code: code, error_message: message))
        }
    }

    /// The run stops waiting: every entry still queued or in flight counts as failed, and
    /// `drained` answers at once.
    func giveUp(after seconds: Double) {
        guard !abandoned, inFlight > 0 || next < pending.count else { return }
        abandoned = true
        let message = "not answered within \(Int(seconds.rounded(.up))) s after the run's actions were done; the run stopped waiting"
        for call in flying.keys.sorted() { for entry in flying[call] ?? [] { failed(entry, code: AWSErrorCode.eventsDeadline.rawValue, message: message) } }
        for entry in pending[next...] { failed(entry, code: AWSErrorCode.eventsDeadline.rawValue, message: message) }
        flying = [:]
        next = pending.count
        inFlight = 0
        for w in waiters { w.resume() }
        waiters = []
    }

    /// Waits until nothing is queued or in flight, and answers the tally.
    func drained() async -> EventsDelivered {
        finishing = true
        pump()
        if !abandoned, inFlight > 0 || next < pending.count {
            await withCheckedContinuation { waiters.append($0) }
        }
        return delivered
    }
}

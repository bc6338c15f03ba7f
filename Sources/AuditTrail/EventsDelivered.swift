import ServiceVocabulary
import Rendering

/// What became of the run's events (an `events` record after `run-end`, the JSON `events`, the
/// text summary's `events:` line, the metric `_event_failures`): one definition everywhere.
/// An entry **sent** is one the service accepted; an entry **failed** is one it rejected
/// (`FailedEntryCount`, a per-entry `ErrorCode`) or one whose PutEvents call failed after its
/// retries. A failed entry makes the run exit 1; the actions stand.
public struct EventsDelivered: Codable, Sendable, Equatable {
    /// The bus as the rule file names it.
    public var bus: String
    /// Its region.
    public var region: String
    /// Entries the service accepted.
    public var sent: Int
    /// Entries not delivered: rejected, or their call failed.
    public var failed: Int
    /// PutEvents requests made, retries included (as the run's `calls` count requests).
    public var calls: Int
    /// The first `EventsDelivered.maximumFailuresListed` failed entries, in the order they failed.
    public var failures: [Failure]

    /// The record's keys, one per stored property above (the scanner reads `failed`).
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case bus, region, sent, failed, calls, failures
    }

    /// One entry that was not delivered.
    public struct Failure: Codable, Sendable, Equatable {
        /// Its `DetailType` (`Model Stopped`).
        public var detail_type: String
        /// The `seq` of the record it told of.
        public var seq: Int?
        /// The model's ARN, when it is about one.
        @NullEncoded public var resource: String? = nil
        /// The entry's `ErrorCode`, or the call's error code.
        public var error_code: String
        /// The entry's `ErrorMessage`, or the call's error message (with its attempts).
        public var error_message: String

        /// A failure.
        public init(detail_type: String, seq: Int?, resource: String?, error_code: String, error_message: String) {
            self.detail_type = detail_type
            self.seq = seq
            self.resource = resource
            self.error_code = error_code
            self.error_message = error_message
        }
    }

    /// The API the events are sent with, as the run's `calls` name it.
    public var api: String { EventBridgeOperation.putEvents.rawValue }

    /// Failures listed in one record (the count is always whole): a record stays small.
    public static let maximumFailuresListed = 50

    /// A delivery (nothing sent yet).
    public init(bus: String, region: String, sent: Int = 0, failed: Int = 0, calls: Int = 0, failures: [Failure] = []) {
        self.bus = bus
        self.region = region
        self.sent = sent
        self.failed = failed
        self.calls = calls
        self.failures = failures
    }

    /// Through the one sanitizer: the codes and messages come from the service.
    public var sanitized: EventsDelivered {
        var e = self
        e.bus = Printable.line(e.bus)
        e.failures = e.failures.map {
            var f = $0
            f.resource = f.resource.map { Printable.line($0) }
            f.error_code = Printable.line(f.error_code)
            f.error_message = Printable.line(f.error_message)
            return f
        }
        return e
    }
}

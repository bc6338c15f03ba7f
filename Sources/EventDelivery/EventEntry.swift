import Foundation

/// One PutEvents entry (`PutEventsRequestEntry`): what the scheduler tells of one record.
public struct EventEntry: Sendable, Equatable {
    /// The `Source` of every event the scheduler sends.
    public static let source = "lookout-scheduler"
    /// Largest entry, and largest sum of entries in one call, as PutEvents counts them (256 KiB).
    public static let maximumSize = 262_144

    /// `DetailType`.
    public var detailType: EventDetailType
    /// `Detail`: a JSON object, as text.
    public var detail: String
    /// `Resources`: the model's ARN, when the event is about a model.
    public var resources: [String]
    /// `Time`, seconds since 1970 (the record's time).
    public var time: Int
    /// The `seq` of the record the entry tells of (for the delivery's failures).
    public var seq: Int?

    /// An entry.
    public init(detailType: EventDetailType, detail: String, resources: [String] = [], time: Int, seq: Int? = nil) {
        self.detailType = detailType
        self.detail = detail
        self.resources = resources
        self.time = time
        self.seq = seq
    }

    /// The entry's size as EventBridge computes it ("Calculating PutEvents event entry size"):
    /// 14 bytes for `Time`, then the UTF-8 bytes of `Source`, `DetailType`, `Detail` and each of
    /// `Resources`. The bus name and the JSON around them do not count.
    public var size: Int {
        14 + EventEntry.source.utf8.count + detailType.rawValue.utf8.count + detail.utf8.count
            + resources.reduce(0) { $0 + $1.utf8.count }
    }

    /// The entry on the wire, for the bus `bus`.
    func wire(bus: String) -> [String: Any] {
        var e: [String: Any] = ["Source": EventEntry.source, "DetailType": detailType.rawValue, "Detail": detail,
                                "Time": time, "EventBusName": bus]
        if !resources.isEmpty { e["Resources"] = resources }
        return e
    }
}

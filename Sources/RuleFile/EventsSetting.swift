/// `defaults.events`: the Amazon EventBridge bus that hears about the run's stops, starts and
/// failures (`EventDelivery`). Absent: no events, no calls.
public struct EventsSetting: Sendable, Equatable {
    /// The bus as written: a name (`ops-alerts`, `default`) or an ARN
    /// (`arn:aws:events:eu-west-1:123456789012:event-bus/ops-alerts`).
    public let bus: String
    /// The bus's region (given, or the ARN's).
    public let region: String

    /// A setting; `bus` and `region` are checked by the rule file (`problem(bus:)`).
    public init(bus: String, region: String) {
        self.bus = bus
        self.region = region
    }

    /// Why `bus` is not an event bus name or ARN as PutEvents takes it (the service model's
    /// `NonPartnerEventBusNameOrArn`: `(arn:aws[\w-]*:events:[a-z]{2}-[a-z]+-[\w-]+:[0-9]{12}:event-bus/)?[.\-_A-Za-z0-9]+`,
    /// at most 1600 characters, a name at most 256), or nil when it is one.
    public static func problem(bus: String) -> String? {
        guard bus.utf8.count <= 1600 else { return "is longer than 1600 characters" }
        let name: Substring
        if bus.hasPrefix("arn:") {
            guard arnRegion(bus) != nil, let slash = bus.firstIndex(of: "/") else {
                return "is not an event bus ARN (arn:aws:events:REGION:ACCOUNT:event-bus/NAME, with a 12-digit account)"
            }
            name = bus[bus.index(after: slash)...]
        } else {
            name = Substring(bus)
        }
        guard (1...256).contains(name.utf8.count) else { return "names a bus of \(name.utf8.count) characters (1 to 256)" }
        guard name.utf8.allSatisfy(isNameByte) else {
            return "is not an event bus name: use letters, digits, '.', '-' and '_' (a partner bus, with '/', cannot take PutEvents from the scheduler)"
        }
        return nil
    }

    /// The region an event bus ARN names, when `bus` is one of the form the service model allows.
    public static func arnRegion(_ bus: String) -> String? {
        // arn:PARTITION:events:REGION:ACCOUNT:event-bus/NAME
        let parts = bus.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "events",
              parts[1].utf8.allSatisfy({ isWordByte($0) || $0 == 0x2D }),
              parts[4].utf8.count == 12, parts[4].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              parts[5].hasPrefix("event-bus/") else { return nil }
        // [a-z]{2}-[a-z]+-[\w-]+
        let region = parts[3].split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard region.count == 3, region[0].utf8.count == 2, region[0].utf8.allSatisfy(isLower),
              !region[1].isEmpty, region[1].utf8.allSatisfy(isLower),
              !region[2].isEmpty, region[2].utf8.allSatisfy({ isWordByte($0) || $0 == 0x2D }) else { return nil }
        return String(parts[3])
    }

    private static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
    private static func isWordByte(_ b: UInt8) -> Bool {
        isLower(b) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
    }
    private static func isNameByte(_ b: UInt8) -> Bool { isWordByte(b) || b == 0x2E || b == 0x2D }
}

import Yams

/// `defaults.events: { bus: NAME_OR_ARN, region: REGION }`.
extension RuleFileParser {
    /// The events setting, each problem reported where it is: an unknown key, a bus that is not
    /// a name or ARN the service takes, a region that is not a region name, an ARN whose region
    /// is not the one given, no region at all.
    func eventsSetting(_ node: Node) -> EventsSetting? {
        guard let e = entries(node, "defaults.events") else { return nil }
        checkKeys(e, allowed: ["bus", "region"], in: "defaults.events")
        var bus: String?
        if let b = value(e, "bus"), let text = scalar(b, "events.bus") {
            if let problem = EventsSetting.problem(bus: text) {
                error(b, "events.bus '\(text.prefix(120))' \(problem)")
            } else {
                bus = text
            }
        } else if value(e, "bus") == nil {
            error(node, "defaults.events needs 'bus': the name or ARN of the event bus (such as default)")
        }
        var region: String?
        if let r = value(e, "region") {
            region = self.region(r)
            if let given = region, let bus, let arnRegion = EventsSetting.arnRegion(bus), arnRegion != given {
                error(r, "events.region '\(given)' is not the region of the bus ARN (\(arnRegion))")
                return nil
            }
        } else if let bus, let arnRegion = EventsSetting.arnRegion(bus) {
            region = arnRegion
        } else if bus != nil {
            error(node, "defaults.events needs 'region' (the event bus's region, such as eu-west-1) unless 'bus' is an ARN")
        }
        guard let bus, let region else { return nil }
        return EventsSetting(bus: bus, region: region)
    }
}

/// The Amazon EventBridge operations this tool calls and its emulator answers, by their wire names.
public enum EventBridgeOperation: String, ServiceOperation {
    /// Puts up to 10 entries on a bus.
    case putEvents = "PutEvents"
}

/// A key of the audit log's flat record, named by the record type whose property it is. The
/// record types' `CodingKeys` are the one schema list: the writer and the decoder use them
/// (synthesized `Codable`), and `all`, made from them, is the byte scanner's key table and the
/// summary's fallback decoder's keys (`SummaryFields`). A field added to a record type is read
/// everywhere by its name there.
enum RecordKey: CodingKey, Hashable, Sendable {
    case header(RunEvent.Header.CodingKeys)
    case decision(ModelDecision.CodingKeys)
    case intent(ActionIntent.CodingKeys)
    case settle(IntentSettlement.Keys)
    case runStart(RunEvent.RunStart.CodingKeys)
    case runEnd(RunEvent.RunEnd.CodingKeys)
    case events(EventsDelivered.CodingKeys)
    case envelope(RunEvent.Keys)

    /// Every key a record may have, each once: a key two record kinds share (`region`,
    /// `error_code`) is named by the first kind in this order (header, decision, intent, ...).
    static let all: [RecordKey] = {
        let candidates: [RecordKey] = RunEvent.Header.CodingKeys.allCases.map { .header($0) } + ModelDecision.CodingKeys.allCases.map { .decision($0) }
            + ActionIntent.CodingKeys.allCases.map { .intent($0) } + IntentSettlement.Keys.allCases.map { .settle($0) }
            + RunEvent.RunStart.CodingKeys.allCases.map { .runStart($0) } + RunEvent.RunEnd.CodingKeys.allCases.map { .runEnd($0) }
            + EventsDelivered.CodingKeys.allCases.map { .events($0) } + RunEvent.Keys.allCases.map { .envelope($0) }
        var seen = Set<String>()
        return candidates.filter { seen.insert($0.stringValue).inserted }
    }()

    /// `all` by name, for `init(stringValue:)`.
    private static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.stringValue, $0) })

    /// The key as written in the record.
    var stringValue: String {
        switch self {
        case .header(let k): return k.stringValue
        case .decision(let k): return k.stringValue
        case .intent(let k): return k.stringValue
        case .settle(let k): return k.stringValue
        case .runStart(let k): return k.stringValue
        case .runEnd(let k): return k.stringValue
        case .events(let k): return k.stringValue
        case .envelope(let k): return k.stringValue
        }
    }

    /// The key named `stringValue`, as `all` names it; nil for a key no record has.
    init?(stringValue: String) {
        guard let k = RecordKey.byName[stringValue] else { return nil }
        self = k
    }

    /// Records are JSON objects: no key is a number.
    var intValue: Int? { nil }
    init?(intValue: Int) { return nil }
}

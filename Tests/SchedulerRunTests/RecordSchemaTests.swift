import Foundation
import Rendering
import Testing
@testable import AuditTrail

/// The record's schema is one list, each record type's `CodingKeys`: the writer and the decoder
/// use it, and so do the byte scanner's key table and the summary's fallback decoder (`RecordKey`).
@Suite struct RecordSchemaTests {
    static let header = RunEvent.Header(run_id: "r1", seq: 4, time: "2026-11-30T10:00:01Z", eval_time: "2026-11-30T10:00:00Z", dry_run: false,
                                        tool_version: "0.4.0", actor: "ops@host")

    /// A decision with every field set (`everyFieldIsSet` keeps it so when a field is added).
    static func fullDecision() -> ModelDecision {
        var d = ModelDecision(service: .sagemaker, region: "eu-west-1", project: "pcb", version: "3", status_before: "InService",
                              state_before: .hosted, decision: .stop, reason: "outside office-hours")
        (d.account_id, d.account_name) = ("123456789012", "prod")
        d.arn = "arn:aws:sagemaker:eu-west-1:123456789012:inference-component/pcb"
        (d.outcome, d.rule, d.rule_line, d.schedule, d.timezone) = (.stopped, 2, 7, "office-hours", "Europe/Berlin")
        (d.eval_local, d.client_token, d.request_id, d.attempts) = ("2026-11-30T11:00:00+01:00", "TOKEN", "req-1", 3)
        (d.error_code, d.error_message, d.status_after) = ("ThrottlingException", "slow down", "Updating")
        (d.next_window, d.window_closed_at, d.inference_units, d.price_per_iu_hour) = ("2026-12-01T07:00:00Z", "2026-11-30T09:00:00Z", 2, 4.5)
        (d.override_line, d.override_until, d.override_reason) = (9, "2026-12-02T00:00:00Z", "demo")
        (d.grace_until, d.keep_until, d.window_closes) = ("2026-11-30T09:30:00Z", "2026-12-03T00:00:00Z", "2026-11-30T18:00:00Z")
        (d.copies_before, d.copies_after, d.no_saving_reason, d.no_start) = (2, 0, "kept warm", true)
        return d
    }

    /// A decision with every optional field empty (an old record, Lookout for Vision's).
    static func bareDecision() -> ModelDecision {
        ModelDecision(region: "eu-west-1", project: "pcb", version: "3", status_before: "HOSTED", decision: .stop, reason: "outside office-hours")
    }

    static func intent() -> ActionIntent { ActionIntent(fullDecision(), action: .stop, clientToken: "TOKEN") }

    static func settlement() -> IntentSettlement {
        var s = IntentSettlement(intent: intent(), runId: "r0", reason: "found stopped")
        (s.status_after, s.state_after, s.error_code, s.error_message) = ("STOPPED", .stopped, "E", "m")
        return s
    }

    static func events() -> EventsDelivered {
        EventsDelivered(bus: "ops", region: "eu-west-1", sent: 3, failed: 2, calls: 2,
                        failures: [.init(detail_type: "Model Stopped", seq: 1, resource: "arn", error_code: "E", error_message: "m")])
    }

    static func runEnd() -> RunEvent.RunEnd {
        var counts = RunCounts()
        counts.addDiscoveryFailure(2)
        return RunEvent.RunEnd(counts: counts, duration_ms: 12, exit_code: 1, error_message: "listing failed")
    }

    static let runStart = RunEvent.RunStart(rules_file: "rules.yaml", regions: ["eu-west-1"], time_zones: "tzdata 2026f")

    /// One record of every kind, every field set (and a decision with none set).
    static func records() -> [RunEvent] {
        let bodies: [RunEvent.Body] = [.runStart(runStart), .decision(fullDecision()), .decision(bareDecision()), .intent(intent()),
                                       .settle(settlement()), .runEnd(runEnd()), .events(events())]
        return bodies.map {
            var e = RunEvent(header: header, body: $0)
            e.prev = String(repeating: "0", count: 64)
            return e
        }
    }

    /// The stored properties' names, as synthesized `Codable` names them (a wrapped one without its `_`).
    func propertyNames(_ value: Any) -> [String] {
        Mirror(reflecting: value).children.compactMap { $0.label.map { $0.hasPrefix("_") ? String($0.dropFirst()) : $0 } }
    }

    /// Whether a stored value is empty (nil, also inside `@NullEncoded`).
    func isEmpty(_ value: Any) -> Bool {
        let m = Mirror(reflecting: value)
        if m.displayStyle == .optional { return m.children.isEmpty }
        if m.children.count == 1, m.children.first?.label == "wrappedValue" { return isEmpty(m.children.first!.value) }
        return false
    }

    @Test func everyStoredPropertyHasItsCodingKey() {
        #expect(propertyNames(Self.fullDecision()) == ModelDecision.CodingKeys.allCases.map(\.stringValue))
        #expect(propertyNames(Self.header) == RunEvent.Header.CodingKeys.allCases.map(\.stringValue))
        #expect(propertyNames(Self.intent()) == ActionIntent.CodingKeys.allCases.map(\.stringValue))
        #expect(propertyNames(Self.settlement()) == ["intent"] + IntentSettlement.Keys.allCases.map(\.stringValue))
        #expect(propertyNames(Self.events()) == EventsDelivered.CodingKeys.allCases.map(\.stringValue))
        #expect(propertyNames(Self.runEnd()) == RunEvent.RunEnd.CodingKeys.allCases.map(\.stringValue))
        #expect(propertyNames(Self.runStart) == RunEvent.RunStart.CodingKeys.allCases.map(\.stringValue))
    }

    @Test func everyFieldIsSet() {
        let empty = Mirror(reflecting: Self.fullDecision()).children.filter { isEmpty($0.value) }.map { $0.label ?? "" }
        #expect(empty.isEmpty, "fullDecision() leaves \(empty) empty")
    }

    /// The keys the writer writes are the schema's: each is a `RecordKey`, and each `RecordKey` is written.
    @Test func theWrittenKeysAreTheSchema() throws {
        var written = Set<String>()
        for record in Self.records() {
            let line = try JSONDocument.compact(record)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            written.formUnion(object.keys)
        }
        #expect(written == Set(RecordKey.all.map(\.stringValue)))
        #expect(RecordKey.all.allSatisfy { RecordKey(stringValue: $0.stringValue) == $0 })
        #expect(RecordKey(stringValue: "no_such_key") == nil)
    }

    /// The scanner's table is made from the schema, once: the keys the summary reads.
    @Test func theScannerTableIsMadeFromTheSchema() {
        let table = AuditRecordScanner.keys.map(\.1)
        #expect(table == RecordKey.all.filter(AuditRecordScanner.isRead))
        for k: ModelDecision.CodingKeys in [.region, .project, .version, .status_before, .state_before, .decision, .outcome, .error_code,
                                             .next_window, .window_closes, .window_closed_at, .inference_units, .price_per_iu_hour,
                                             .service, .account_id, .account_name] {
            #expect(table.contains(.decision(k)), "\(k)")
        }
        #expect(table.contains(.intent(.action)) && table.contains(.runEnd(.counts)) && table.contains(.events(.failed)))
    }

    /// What the summary reads of a record, as text.
    func projection<R: SummaryRecord>(_ r: R) -> [String] {
        [
            "\(r.kind)", "\(r.evalInstant as Any)", "\(r.timeText as Any)", "\(r.evalTimeText as Any)", "\(r.namesService)", "\(r.runIdText as Any)",
            "\(r.hasModel)", "\(r.projectText as Any)", "\(r.versionText as Any)", r.modelKey, "\(r.wasHosted)", "\(r.decidedAction as Any)",
            "\(r.stopOutcome as Any)", "\(r.intendedAction as Any)", "\(r.errorCodeText as Any)", "\(r.nextWindowInstant as Any)",
            "\(r.windowClosesInstant as Any)", "\(r.windowClosedAtInstant as Any)", "\(r.units as Any)", "\(r.pricePerHour as Any)",
            "\(r.savesNothing)", "\(r.listingFailures as Any)", "\(r.eventFailureCount as Any)", "\(r.accountNameText as Any)",
            "\(r.accountIdText as Any)", r.serviceName, "\(r.isDefaultService)",
        ]
    }

    /// The byte scanner and `JSONDecoder` read the same of every kind of record as written.
    @Test func theScannerAndTheDecoderReadEveryKindAlike() throws {
        for record in Self.records() {
            let line = try JSONDocument.compact(record)
            let scanned = try #require(line.withUnsafeBytes { AuditRecordScanner.scan($0) }, "\(record.header.type)")
            let decoded = try JSONDecoder().decode(SummaryFields.self, from: Data(line))
            #expect(projection(scanned) == projection(decoded), "\(String(decoding: line, as: UTF8.self))")
            #expect(try JSONDecoder().decode(RunEvent.self, from: Data(line)) == record)
        }
    }

    /// Explicit coding keys write the same bytes as the synthesized ones did (keys sorted, empty ones left out).
    @Test func theBytesWrittenAreUnchanged() throws {
        let lines = try Self.records().map { String(decoding: try JSONDocument.compact($0), as: UTF8.self) }
        #expect(lines[1] == Self.fullLine)
        #expect(lines[2] == Self.bareLine)
    }

    static let fullLine = #"{"account_id":"123456789012","account_name":"prod","actor":"ops@host","arn":"arn:aws:sagemaker:eu-west-1:123456789012:inference-component/pcb","attempts":3,"client_token":"TOKEN","copies_after":0,"copies_before":2,"decision":"stop","dry_run":false,"error_code":"ThrottlingException","error_message":"slow down","eval_local":"2026-11-30T11:00:00+01:00","eval_time":"2026-11-30T10:00:00Z","grace_until":"2026-11-30T09:30:00Z","inference_units":2,"keep_until":"2026-12-03T00:00:00Z","next_window":"2026-12-01T07:00:00Z","no_saving_reason":"kept warm","no_start":true,"outcome":"stopped","override_line":9,"override_reason":"demo","override_until":"2026-12-02T00:00:00Z","prev":"0000000000000000000000000000000000000000000000000000000000000000","price_per_iu_hour":4.5,"project":"pcb","reason":"outside office-hours","region":"eu-west-1","request_id":"req-1","rule":2,"rule_line":7,"run_id":"r1","schedule":"office-hours","seq":4,"service":"sagemaker","state_before":"hosted","status_after":"Updating","status_before":"InService","time":"2026-11-30T10:00:01Z","timezone":"Europe/Berlin","tool_version":"0.4.0","type":"decision","v":1,"version":"3","window_closed_at":"2026-11-30T09:00:00Z","window_closes":"2026-11-30T18:00:00Z"}"#
    static let bareLine = #"{"actor":"ops@host","decision":"stop","dry_run":false,"eval_time":"2026-11-30T10:00:00Z","prev":"0000000000000000000000000000000000000000000000000000000000000000","project":"pcb","reason":"outside office-hours","region":"eu-west-1","run_id":"r1","seq":4,"status_before":"HOSTED","time":"2026-11-30T10:00:01Z","tool_version":"0.4.0","type":"decision","v":1,"version":"3"}"#
}

import Foundation
import HostingSchedule
import ModelHosting

/// The fields of one record that `AuditSummary` reads, taken straight from the line's bytes.
///
/// The log is written by this tool as compact JSON with sorted keys, but the scanner assumes
/// neither: it walks any flat JSON object, skips keys it does not know and nested values, and gives up (`nil`) on anything it does not
/// handle alone, such as an escape inside a string it needs; the caller then decodes the line with
/// `JSONDecoder`, so the answer is the same for every valid JSON line. Strings are made only
/// when the summary needs them.
struct AuditRecordScanner {
    /// A field's bytes within the line.
    typealias Span = Range<Int>

    let line: UnsafeRawBufferPointer
    var type: RunEvent.Kind?
    var runId: Span?
    var time: Span?
    var evalTime: Span?
    var region: Span?
    var project: Span?
    var version: Span?
    var statusBefore: Span?
    var stateBefore: HostingState?
    var decision: Action?
    /// The action of an `intent` or `settle` record.
    var action: Action?
    var outcome: Outcome?
    var errorCode: Span?
    var nextWindow: Span?
    var windowCloses: Span?
    var windowClosedAt: Span?
    var service: Span?
    var accountId: Span?
    var accountName: Span?
    var inferenceUnits: Int?
    /// `failed` of an `events` record.
    var eventFailures: Int?
    var price: Double?
    var discoveryFailures: Int?

    /// The string at `span`.
    func string(_ span: Span?) -> String? {
        span.map { String(decoding: UnsafeRawBufferPointer(rebasing: line[$0]), as: UTF8.self) }
    }

    /// Whether the string at `span` is `text`.
    func equals(_ span: Span?, _ text: StaticBytes) -> Bool {
        guard let span, span.count == text.count else { return false }
        return memcmp(line.baseAddress! + span.lowerBound, text.bytes, span.count) == 0
    }

    /// An instant written as `2026-11-30T10:00:00Z`, parsed from the bytes.
    func instant(_ span: Span?) -> Int? {
        guard let span else { return nil }
        return InstantFormat.parseUTC(bytes: UnsafeRawBufferPointer(rebasing: line[span]))
    }

    // MARK: - Scanning

    /// Scans a line; nil when the fast path cannot answer alone (not a flat JSON object, an
    /// escape in a field it needs, a value of an unexpected type): decode it instead.
    static func scan(_ line: UnsafeRawBufferPointer) -> AuditRecordScanner? {
        var r = AuditRecordScanner(line: line)
        guard r.parse() else { return nil }
        return r
    }

    private mutating func parse() -> Bool {
        let n = line.count
        let keys = AuditRecordScanner.keyTable  // once per line, not once per key
        var i = 0
        @inline(__always) func skipSpace() {
            while i < n, line[i] == 0x20 || line[i] == 0x0A || line[i] == 0x09 || line[i] == 0x0D { i += 1 }
        }
        skipSpace()
        guard i < n, line[i] == UInt8(ascii: "{") else { return false }
        i += 1
        skipSpace()
        if i < n, line[i] == UInt8(ascii: "}") { return false }  // an empty object is no record
        while true {
            skipSpace()
            guard i < n, line[i] == UInt8(ascii: "\"") else { return false }
            guard let (key, keyEscaped) = stringEnd(from: i + 1) else { return false }
            let field = keyEscaped ? nil : keys.field(line.baseAddress! + i + 1, count: key - i - 1, available: n - i - 1)
            i = key + 1
            skipSpace()
            guard i < n, line[i] == UInt8(ascii: ":") else { return false }
            i += 1
            skipSpace()
            guard i < n else { return false }
            let c = line[i]
            if c == UInt8(ascii: "\"") {
                guard let (end, escaped) = stringEnd(from: i + 1) else { return false }
                if let field {
                    if escaped { return false }  // the decoder unescapes it
                    guard assign(field, string: (i + 1)..<end) else { return false }
                }
                i = end + 1
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                let start = i
                guard let end = skipNested(from: i) else { return false }
                if let field {
                    guard field == .runEnd(.counts), c == UInt8(ascii: "{"), parseCounts(start..<end) else { return false }
                }
                i = end
            } else if c == UInt8(ascii: "n") {
                guard matchLiteral(i, "null") else { return false }
                i += 4
                if field == .header(.type) || field == .header(.run_id) || field == .header(.time) || field == .header(.eval_time) { return false }
            } else if c == UInt8(ascii: "t") || c == UInt8(ascii: "f") {
                let word: StaticString = c == UInt8(ascii: "t") ? "true" : "false"
                guard matchLiteral(i, word) else { return false }
                if field != nil { return false }
                i += word.utf8CodeUnitCount
            } else if c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) {
                let start = i
                while i < n, isNumberByte(line[i]) { i += 1 }
                if let field {
                    guard assign(field, number: start..<i) else { return false }
                }
            } else {
                return false
            }
            skipSpace()
            guard i < n else { return false }
            if line[i] == UInt8(ascii: ",") { i += 1; continue }
            guard line[i] == UInt8(ascii: "}") else { return false }
            i += 1
            skipSpace()
            // The fields every record has (as `SummaryFields` requires them: the header's).
            return i == n && type != nil && runId != nil && time != nil && evalTime != nil
        }
    }

    @inline(__always) private func isNumberByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b == UInt8(ascii: "e")
            || b == UInt8(ascii: "E")
    }

    private func matchLiteral(_ i: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard i + count <= line.count else { return false }
        return memcmp(line.baseAddress! + i, word.utf8Start, count) == 0
    }

    /// The index of the closing quote of a string whose content starts at `from`, and whether it
    /// holds an escape (a backslash escapes the byte after it). Searched eight bytes at a time.
    @inline(__always) private func stringEnd(from: Int) -> (Int, Bool)? {
        let base = line.baseAddress!, n = line.count
        var i = from
        var escaped = false
        while true {
            i = ByteSearch.quoteOrBackslash(base, from: i, end: n)
            guard i < n else { return nil }
            if line[i] == 0x22 { return (i, escaped) }
            escaped = true
            i += 2
        }
    }

    /// The index just past a nested object or array starting at `from` (strings honoured).
    private func skipNested(from: Int) -> Int? {
        var depth = 0
        var i = from
        while i < line.count {
            let c = line[i]
            if c == UInt8(ascii: "\"") {
                guard let (end, _) = stringEnd(from: i + 1) else { return nil }
                i = end + 1
                continue
            }
            if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { depth += 1 }
            if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return i + 1 }
            }
            i += 1
        }
        return nil
    }

    /// `counts` of a run-end record: a flat object of integers; only `discovery_failures` is read.
    private mutating func parseCounts(_ span: Span) -> Bool {
        let key = AuditRecordScanner.discoveryFailuresKey
        var i = span.lowerBound + 1
        while i < span.upperBound - 1 {
            guard line[i] == UInt8(ascii: "\""), let (end, escaped) = stringEnd(from: i + 1), !escaped else { return false }
            let isKey = end - i - 1 == key.count && memcmp(line.baseAddress! + i + 1, key.bytes, key.count) == 0
            i = end + 1
            guard i < span.upperBound, line[i] == UInt8(ascii: ":") else { return false }
            i += 1
            let start = i
            while i < span.upperBound, line[i] >= 0x30 && line[i] <= 0x39 { i += 1 }
            guard i > start, i - start < 19 else { return false }
            if isKey { discoveryFailures = integer(start..<i) }
            if line[i] == UInt8(ascii: ",") { i += 1 }
        }
        return i == span.upperBound - 1 && line[i] == UInt8(ascii: "}")
    }

    private func integer(_ span: Span) -> Int? {
        guard !span.isEmpty, span.count < 19 else { return nil }
        var v = 0
        for i in span {
            let d = line[i] &- 0x30
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
        }
        return v
    }

    private mutating func assign(_ field: Field, number span: Span) -> Bool {
        switch field {
        case .decision(.inference_units):
            guard let v = integer(span) else { return false }
            inferenceUnits = v
        case .events(.failed):
            guard let v = integer(span) else { return false }
            eventFailures = v
        case .decision(.price_per_iu_hour):
            guard let v = Double(String(decoding: UnsafeRawBufferPointer(rebasing: line[span]), as: UTF8.self)) else { return false }
            price = v
        default:
            return false  // a number where a string is expected: let the decoder say so
        }
        return true
    }

    private mutating func assign(_ field: Field, string span: Span) -> Bool {
        let bytes = UnsafeRawBufferPointer(rebasing: line[span])
        switch field {
        case .header(.type): type = AuditRecordScanner.word(bytes, in: AuditRecordScanner.kinds); return type != nil
        case .decision(.decision): decision = AuditRecordScanner.word(bytes, in: AuditRecordScanner.actions); return decision != nil
        case .intent(.action): action = AuditRecordScanner.word(bytes, in: AuditRecordScanner.actions); return action != nil
        case .decision(.outcome): outcome = AuditRecordScanner.word(bytes, in: AuditRecordScanner.outcomes); return outcome != nil
        case .decision(.state_before): stateBefore = AuditRecordScanner.word(bytes, in: AuditRecordScanner.states); return stateBefore != nil
        case .header(.run_id): runId = span
        case .header(.time): time = span
        case .header(.eval_time): evalTime = span
        case .decision(.region): region = span
        case .decision(.project): project = span
        case .decision(.version): version = span
        case .decision(.status_before): statusBefore = span
        case .decision(.error_code): errorCode = span
        case .decision(.next_window): nextWindow = span
        case .decision(.window_closes): windowCloses = span
        case .decision(.window_closed_at): windowClosedAt = span
        case .decision(.service): service = span
        case .decision(.account_id): accountId = span
        case .decision(.account_name): accountName = span
        default: return false  // a number, an object, or a key the summary does not read
        }
        return true
    }

    /// `region/project/version` (after `account_name/` for a declared account), made in one allocation.
    var modelKeyBytes: String {
        let r = region ?? 0..<0, p = project ?? 0..<0, v = version ?? 0..<0, a = accountName ?? 0..<0
        return String(unsafeUninitializedCapacity: (region == nil ? 1 : r.count) + p.count + v.count + 2
                      + (accountName == nil ? 0 : a.count + 1)) { out in
            var k = 0
            if accountName != nil {
                for i in a { out[k] = line[i]; k += 1 }
                out[k] = UInt8(ascii: "/"); k += 1
            }
            if region == nil {
                out[k] = UInt8(ascii: "?")
                k += 1
            } else {
                for i in r { out[k] = line[i]; k += 1 }
            }
            out[k] = UInt8(ascii: "/"); k += 1
            for i in p { out[k] = line[i]; k += 1 }
            out[k] = UInt8(ascii: "/"); k += 1
            for i in v { out[k] = line[i]; k += 1 }
            return k
        }
    }
}

import Foundation

/// How each kind of record gives the flat tally its account and service: from the line's bytes
/// when scanned, from the decoded strings otherwise.
extension AuditRecordScanner {
    func account(in tally: inout DecisionTally, filter: AuditSummary.Filter) -> Int {
        tally.account(name: bytes(accountName), id: bytes(accountId), filter: filter)
    }

    func service(in tally: inout DecisionTally) -> Int {
        isDefaultService ? 0 : tally.service(bytes: bytes(service))
    }

    private func bytes(_ span: Span?) -> UnsafeRawBufferPointer? {
        span.map { UnsafeRawBufferPointer(rebasing: line[$0]) }
    }
}

extension SummaryFields {
    func account(in tally: inout DecisionTally, filter: AuditSummary.Filter) -> Int {
        SummaryFields.withBytes(account_name?.value) { name in
            SummaryFields.withBytes(account_id?.value) { id in tally.account(name: name, id: id, filter: filter) }
        }
    }

    func service(in tally: inout DecisionTally) -> Int {
        isDefaultService ? 0 : SummaryFields.withBytes(service?.value) { tally.service(bytes: $0) }
    }

    /// The UTF-8 bytes of `text`, nil when it is absent.
    private static func withBytes<T>(_ text: String?, _ body: (UnsafeRawBufferPointer?) -> T) -> T {
        guard var text else { return body(nil) }
        return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}

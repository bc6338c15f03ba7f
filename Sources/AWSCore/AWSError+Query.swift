import Foundation
import ServiceVocabulary

extension AWSError {
    /// Parses an error of a Query-protocol API (STS) the way the SDKs do:
    /// `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>...</Message></Error><RequestId>...</RequestId></ErrorResponse>`
    /// (and EC2's `<Response><Errors><Error>` shape). Nil when the body is not such a document.
    static func parseQueryXML(_ response: HTTPResponse) -> AWSError? {
        guard let first = response.body.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }), first == UInt8(ascii: "<"),
              let root = QueryXMLElement.parse(response.body), let error = root.first(named: "Error"),
              let code = error.child("Code")?.text, !code.isEmpty else { return nil }
        let requestId = response.header("x-amzn-RequestId") ?? root.first(named: "RequestId")?.text ?? root.first(named: "RequestID")?.text
        return AWSError(code: AWSErrorCode(code), message: error.child("Message")?.text ?? "", status: response.status,
                        requestId: requestId)
    }
}

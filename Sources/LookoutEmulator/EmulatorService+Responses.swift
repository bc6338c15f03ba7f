import Foundation

/// Answers as AWS shapes them (error bodies and headers, JSON), and the request log.
extension EmulatorService {
    func record(_ t: Double, _ request: EmulatorRequest, _ route: Route, region: String?, accessKey: String?, status: Int, fault: String?) {
        let r = RequestRecord(time: t, method: request.method, uri: request.uri, operation: route.operation, region: region,
                              project: route.project, version: route.version, clientToken: request.header("x-amzn-client-token"),
                              accessKeyId: accessKey, status: status, fault: fault, connection: request.connection,
                              account: accessKey.map { caller($0).account })
        state.withLockedValue { $0.log.append(r) }
    }

    func fail(_ status: Int, _ code: String, _ message: String, extra: [String: String] = [:]) -> (Int, [UInt8]) {
        var body: [String: Any] = ["__code": code, "Message": message]
        for (k, v) in extra { body[k] = v }
        return (status, json(body))
    }

    func errorFromBody(_ status: Int, _ body: [UInt8], requestId: String) -> EmulatorAction {
        var object = (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:]
        let code = object.removeValue(forKey: "__code") as? String ?? "InternalServerException"
        return .respond(status: status, headers: errorHeaders(code, requestId), body: json(object), delay: 0)
    }

    func error(_ status: Int, _ code: String, _ message: String, requestId: String) -> EmulatorAction {
        .respond(status: status, headers: errorHeaders(code, requestId), body: json(["Message": message]), delay: 0)
    }

    /// As AWS sends it: the type with a `:` suffix that clients must strip.
    func errorHeaders(_ code: String, _ requestId: String) -> [String: String] {
        ["Content-Type": "application/json", "x-amzn-RequestId": requestId,
         "x-amzn-ErrorType": "\(code):http://internal.amazon.com/coral/com.amazonaws.lookoutvision/"]
    }

    func json(_ object: Any) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8))
    }
}

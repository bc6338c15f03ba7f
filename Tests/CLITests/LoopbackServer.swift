import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bare HTTP/1.1 server on a free loopback port, for answers the emulator does not give: a
/// canned answer to every request (`respond`), or none at all (`respond == nil`: connections are
/// accepted and held open, never answered). Records each request's head.
final class LoopbackServer: @unchecked Sendable {  // the mutable state is behind `lock`
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var heads: [String] = []
    private var held: [Int32] = []

    /// `http://127.0.0.1:PORT`.
    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// The heads (request line and headers) of the requests received so far.
    var requests: [String] { lock.withLock { heads } }

    init(respond: (@Sendable (_ head: String) -> String)?) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in serve(respond) }
        thread.start()
    }

    private func serve(_ respond: (@Sendable (String) -> String)?) {
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }  // shut down
            var head = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !head.suffix(4).elementsEqual(Array("\r\n\r\n".utf8)) {
                let n = read(fd, &buffer, buffer.count)
                guard n > 0 else { break }
                head += buffer[0..<n]
            }
            let text = String(decoding: head, as: UTF8.self)
            lock.withLock { heads.append(text) }
            guard let respond else {
                lock.withLock { held.append(fd) }
                continue
            }
            let answer = Array(respond(text).utf8)
            _ = answer.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
    }

    /// An HTTP response with a JSON body and `extraHeaders` (each `Name: value`).
    static func response(status: Int, json: String, extraHeaders: [String] = []) -> String {
        let body = Array(json.utf8)
        return (["HTTP/1.1 \(status) X", "Content-Type: application/json", "Content-Length: \(body.count)", "Connection: close"]
            + extraHeaders).joined(separator: "\r\n") + "\r\n\r\n" + json
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in lock.withLock({ held }) { close(fd) }
    }
}

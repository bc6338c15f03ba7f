import AWSCore
import Foundation
import HostingSchedule
import LookoutVision
import ModelHosting
import SigV4
import Testing
@testable import AuditTrail
@testable import SchedulerRun
#if canImport(Glibc)
import Glibc
import Rendering
#endif

/// A deterministic random source (SplitMix64), so a failing case can be replayed by its seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A fake Lookout for Vision on loopback that answers with random status lines, headers and
/// bodies: sometimes the real thing, often not (wrong types, invalid names, control characters,
/// token cycles, lies about Content-Length, garbage, dropped connections, silence). It records
/// every StopModel it receives.
final class FuzzServer: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var random: SeededRandom
    private var _stops: [String] = []
    private var _requests = 0
    private var stopped = false

    /// Projects the fuzzer lists: `keep-*` are always inside their windows, `stop-*` never,
    /// `other-*` no rule covers.
    static let projects = ["keep-a", "keep-b", "stop-a", "stop-b", "other-a"]

    init(seed: UInt64) throws {
        random = SeededRandom(state: seed)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }
    var stops: [String] { lock.withLock { _stops } }
    var requests: Int { lock.withLock { _requests } }

    func shutdown() {
        lock.withLock { stopped = true }
        Glibc.shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if lock.withLock({ stopped }) { return }
                if errno == EINTR { continue }
                return
            }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            Thread.detachNewThread { [self] in serve(fd) }
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        while let (method, path) = readRequest(fd) {
            lock.withLock {
                _requests += 1
                if method == "POST" && path.hasSuffix("/stop") { _stops.append(path) }
            }
            let (response, keepOpen) = lock.withLock { answer(method: method, path: path) }
            if !response.isEmpty {
                var sent = 0
                while sent < response.count {
                    let n = response.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
                    if n <= 0 { return }
                    sent += n
                }
            }
            if !keepOpen { return }
        }
    }

    /// The request line's method and path, after reading the headers and the body.
    private func readRequest(_ fd: Int32) -> (String, String)? {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            if let end = find(data, Array("\r\n\r\n".utf8)) {
                let head = String(decoding: data[0..<end], as: UTF8.self)
                let lines = head.split(separator: "\r\n")
                let parts = lines.first?.split(separator: " ") ?? []
                guard parts.count >= 2 else { return nil }
                let length = lines.dropFirst().compactMap { line -> Int? in
                    let kv = line.split(separator: ":", maxSplits: 1)
                    return kv.count == 2 && kv[0].lowercased() == "content-length" ? Int(kv[1].trimmingCharacters(in: .whitespaces)) : nil
                }.first ?? 0
                var body = data.count - (end + 4)
                while body < length {
                    let n = recv(fd, &buffer, buffer.count, 0)
                    if n <= 0 { return nil }
                    body += n
                }
                let path = String(parts[1].split(separator: "?").first ?? "")
                return (String(parts[0]), path)
            }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return nil }
            data.append(contentsOf: buffer[0..<n])
            if data.count > 1 << 20 { return nil }
        }
    }

    private func find(_ data: [UInt8], _ needle: [UInt8]) -> Int? {
        guard data.count >= needle.count else { return nil }
        for i in 0...(data.count - needle.count) where data[i] == needle[0] && Array(data[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    private func pick<T>(_ options: [T]) -> T { options[Int(random.next() % UInt64(options.count))] }
    private func chance(_ p: Double) -> Bool { Double(random.next() % 10_000) / 10_000 < p }

    /// A response (empty: drop the connection) and whether to keep the connection open.
    private func answer(method: String, path: String) -> ([UInt8], Bool) {
        if chance(0.02) { return ([], false) }                                  // dropped
        if chance(0.01) { Thread.sleep(forTimeInterval: 0.7); return ([], false) }  // silent past the timeout
        let body = chance(0.55) ? plausibleBody(method: method, path: path) : randomBody()
        var status = chance(0.6) ? 200 : pick([200, 201, 204, 301, 302, 307, 400, 403, 404, 409, 429, 500, 502, 503, 504, 599, 999])
        if chance(0.02) { status = Int(random.next() % 1000) }
        var head = chance(0.03) ? pick(["HTTP/1.1 \(status)\r\n", "HTTP/1.0 \(status) \u{1B}[2J\r\n", "garbage\r\n", "HTTP/1.1 OK\r\n"])
            : "HTTP/1.1 \(status) Whatever\r\n"
        var headers: [String] = []
        let length = chance(0.05) ? pick([0, body.count / 2, body.count + 10]) : body.count
        if !chance(0.03) { headers.append("Content-Length: \(length)") }
        if chance(0.5) { headers.append("Content-Type: \(pick(["application/json", "text/html", "application/x-amz-json-1.1", ""]))") }
        if chance(0.3) { headers.append("x-amzn-ErrorType: \(pick(["ThrottlingException", "ConflictException:http://x", "Evil\u{1B}[31mCode", "", "InternalServerException", "a#b#c"]))") }
        if chance(0.3) { headers.append("x-amzn-RequestId: \(pick(["req-1", "req\u{7}bell", String(repeating: "r", count: 500)]))") }
        if chance(0.2) { headers.append("Retry-After: \(pick(["0", "1", "-5", "nan", "1e9", "soon", "0.01"]))") }
        if status >= 300 && status < 400 { headers.append("Location: /redirected") }
        if chance(0.1) { headers.append(pick(["Transfer-Encoding: chunked", "X-Weird: \u{0}", "Set-Cookie: a=b", "Connection: keep-alive"])) }
        headers.append("Connection: close")
        head += headers.joined(separator: "\r\n") + "\r\n\r\n"
        return (Array(head.utf8) + body, false)
    }

    private func plausibleBody(method: String, path: String) -> [UInt8] {
        let segments = path.split(separator: "/")
        var json: String
        if method == "GET" && path.hasSuffix("/projects") {
            let names = FuzzServer.projects.filter { _ in chance(0.8) }
                + (chance(0.1) ? [pick(["bad\\nname", "../etc", "", String(repeating: "x", count: 300), "keep-a\\u001b[2J"])] : [])
            json = #"{"Projects":[\#(names.map { #"{"ProjectName":"\#($0)"}"# }.joined(separator: ","))]"#
            if chance(0.2) { json += #","NextToken":"\#(pick(["t1", "t2", "t1"]))""# }
            json += "}"
        } else if method == "GET" && path.hasSuffix("/models"), segments.count >= 3 {
            let models = (1...Int(1 + random.next() % 4)).map { v -> String in
                let status = pick(["HOSTED", "HOSTED", "TRAINED", "STARTING_HOSTING", "STOPPING_HOSTING", "HOSTING_FAILED", "hosted", "HOSTED\u{1B}"])
                let version = chance(0.9) ? String(v) : pick(["0", "abc", "1\\n2", "", "99999999999", "latest"])
                return #"{"ModelVersion":"\#(version)","Status":"\#(status.replacingOccurrences(of: "\u{1B}", with: "\\u001b"))"}"#
            }
            json = #"{"Models":[\#(models.joined(separator: ","))]"#
            if chance(0.15) { json += #","NextToken":"\#(pick(["a", "b", "c"]))""# }
            json += "}"
        } else if method == "POST" && path.hasSuffix("/stop") {
            json = #"{"Status":"\#(pick(["STOPPING_HOSTING", "TRAINED", "HOSTED", "", "x\\u0007"]))"}"#
        } else if path.contains("/models/") {
            json = #"{"ModelDescription":{"Status":"\#(pick(["TRAINED", "STOPPING_HOSTING"]))","ModelVersion":"1"}}"#
        } else {
            json = "{}"
        }
        if chance(0.1) { json = #"{"message":"line one\nFORGED: STOPPED everything\u{1B}[2J","__type":"ValidationException"}"# }
        return Array(json.utf8)
    }

    private func randomBody() -> [UInt8] {
        switch random.next() % 8 {
        case 0: return []
        case 1: return (0..<Int(random.next() % 400)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        case 2: return Array("<html><body>503 Service Unavailable</body></html>".utf8)
        case 3: return Array(String(repeating: "[", count: Int(random.next() % 5000)).utf8)
        case 4: return Array(#"{"Projects":"not a list","Models":7,"NextToken":{}}"#.utf8)
        case 5: return Array(#"{"Models":[{"ModelVersion":1,"Status":null}]"#.utf8)
        case 6: return Array(#"{"message":\#(Int(random.next() % 1000)),"code":["x"]}"#.utf8)
        default: return Array(#"{"Projects":[{"ProjectName":"stop-a"}],"NextToken":"loop"}"#.utf8)
        }
    }
}

/// Random HTTP answers against the real client and runner: no crash, no hang beyond the
/// deadline, and never a StopModel to a model inside its window (or one no rule covers).
/// `LOOKOUT_HTTP_FUZZ_CASES` and `LOOKOUT_HTTP_FUZZ_SEED` make it longer (`scripts/fuzz-http.sh`).
@Suite struct HTTPFuzzTests {
    static var rules: RuleSet {
        RuleSet(rules: [
            Rule(number: 1, project: try! Glob("keep-*"), region: "eu-west-1", schedule: .always()),
            Rule(number: 2, project: try! Glob("stop-*"), region: "eu-west-1", schedule: .never()),
        ], schedules: [:])
    }

    @Test func randomAnswersNeverBreakTheRules() async throws {
        let environment = ProcessInfo.processInfo.environment
        let cases = environment["LOOKOUT_HTTP_FUZZ_CASES"].flatMap(Int.init) ?? 200
        let base = environment["LOOKOUT_HTTP_FUZZ_SEED"].flatMap(UInt64.init) ?? 1313
        let transport = CurlTransport(options: .init(maximumConnectionsPerHost: 16))
        let started = Date()
        var requests = 0
        var stops = 0
        for i in 0..<cases {
            let seed = base &+ UInt64(i)
            let server = try FuzzServer(seed: seed)
            defer { server.shutdown() }
            let client = LookoutVisionClient(service: AWSServiceClient(
                signingName: "lookoutvision", configuration: ServiceConfiguration(region: "eu-west-1", endpoint: server.endpoint),
                credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKIDFUZZ", secretAccessKey: "fuzz")),
                transport: transport,
                options: .init(retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxBackoff: 0.05, maxRetryAfter: 0.05),
                               requestTimeout: 0.5, callDeadline: 2, requestsPerSecond: 0)))
            let runner = SchedulerRunner(ruleSet: HTTPFuzzTests.rules, services: [LookoutVisionService(client: client)], sink: MemoryAuditSink())
            let caseStarted = Date()
            var reported: [ModelDecision] = []
            let result = try await runner.run(options: .init(evaluationInstant: 1_796_032_800, concurrency: 4)) { reported.append($0) }
            let took = Date().timeIntervalSince(caseStarted)
            // Bounded: listings (1 + one per project, each at most the 2 s call deadline) and stops,
            // 4 at a time.
            #expect(took < 20, "seed \(seed): the run took \(took) s")
            for stop in server.stops {
                #expect(stop.contains("/projects/stop-"), "seed \(seed): StopModel sent to \(stop)")
            }
            for m in reported {
                #expect(Printable.isClean(m.reason) && Printable.isClean(m.error_message ?? "") && Printable.isClean(m.status_before),
                        "seed \(seed): control characters reached the report: \(m)")
                if m.project.hasPrefix("keep-") || m.project.hasPrefix("other-") { #expect(m.outcome == nil, "seed \(seed): \(m)") }
            }
            #expect(result.counts.considered == reported.count)
            requests += server.requests
            stops += server.stops.count
        }
        print("HTTP fuzz: \(cases) runs, \(requests) requests answered at random (\(stops) StopModel, every one to a model outside its window), in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}

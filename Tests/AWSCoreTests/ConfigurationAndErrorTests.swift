import Foundation
import Testing
@testable import AWSCore

@Suite struct ServiceConfigurationTests {
    let files = SharedConfigFiles(config: "[default]\nregion = ap-northeast-1\nendpoint_url = https://profile.example\n[profile other]\nregion = us-west-2\n",
                                  credentials: nil)

    func resolve(_ env: [String: String], region: String? = nil, endpoint: String? = nil, profile: String? = nil,
                 fallback: String? = nil) throws -> ServiceConfiguration {
        try ServiceConfiguration.resolve(service: "LOOKOUTVISION", endpointPrefix: "lookoutvision", regionFlag: region,
                                         endpointFlag: endpoint, profile: profile, environment: env, files: files, fallbackRegion: fallback)
    }

    @Test func regionPrecedence() throws {
        #expect(try resolve(["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-east-2"], region: "us-east-1").region == "us-east-1")
        #expect(try resolve(["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-east-2"]).region == "eu-west-1")
        #expect(try resolve(["AWS_DEFAULT_REGION": "us-east-2"]).region == "us-east-2")
        #expect(try resolve([:]).region == "ap-northeast-1")
        #expect(try resolve([:], profile: "other").region == "us-west-2")
        #expect(try resolve(["AWS_PROFILE": "other"]).region == "us-west-2")
    }

    @Test func endpointPrecedence() throws {
        let all = ["AWS_ENDPOINT_URL_LOOKOUTVISION": "http://service.example", "AWS_ENDPOINT_URL": "http://global.example"]
        #expect(try resolve(all, endpoint: "http://127.0.0.1:9000/").endpoint == "http://127.0.0.1:9000")
        #expect(try resolve(all).endpoint == "http://service.example")
        #expect(try resolve(["AWS_ENDPOINT_URL": "http://global.example"]).endpoint == "http://global.example")
        #expect(try resolve([:]).endpoint == "https://profile.example")
        let plain = try resolve([:], profile: "other")
        #expect(plain.endpoint == "https://lookoutvision.us-west-2.amazonaws.com")
        #expect(plain.endpointSource == "default")
    }

    @Test func explainsMissingRegion() {
        let empty = SharedConfigFiles(config: nil, credentials: nil)
        #expect(throws: ServiceConfiguration.ResolutionError.self) {
            try ServiceConfiguration.resolve(service: "LOOKOUTVISION", endpointPrefix: "lookoutvision", environment: [:], files: empty)
        }
        #expect(try! ServiceConfiguration.resolve(service: "LOOKOUTVISION", endpointPrefix: "lookoutvision", environment: [:], files: empty,
                                                   fallbackRegion: "eu-central-1").region == "eu-central-1")
    }
}

@Suite struct AWSErrorTests {
    @Test(arguments: [
        ("ConflictException:http://internal.amazon.com/coral/com.amazonaws.lookoutvision/", #"{"Message":"busy"}"#, 409, "ConflictException", "busy", false),
        ("aws.protocoltests#ThrottlingException", #"{"message":"slow down"}"#, 429, "ThrottlingException", "slow down", true),
        ("", #"{"__type":"com.amazon#ValidationException","message":"bad"}"#, 400, "ValidationException", "bad", false),
        ("", #"{"code":"InternalServerException"}"#, 500, "InternalServerException", "", true),
        ("", "<html>oops</html>", 502, "HTTP502", "unexpected non-JSON body (HTTP 502): <html>oops</html>", true),
        ("", "<html>\nstatus: OK\u{1B}[2J</html>", 503, "HTTP503", "unexpected non-JSON body (HTTP 503): <html>\\u{A}status: OK\\u{1B}[2J</html>", true),
        ("Evil\nCode", #"{"message":"line1\nFORGED line"}"#, 500, "InternalServerException", "line1\\u{A}FORGED line", true),
        ("", "", 403, "AccessDeniedException", "", false),
    ])
    func parsesErrorsAsTheSDKsDo(header: String, body: String, status: Int, code: String, message: String, retryable: Bool) {
        var headers: [(name: String, value: String)] = [("x-amzn-RequestId", "req-1")]
        if !header.isEmpty { headers.append(("X-Amzn-ErrorType", header)) }
        let e = AWSError.parse(HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
        #expect(e.code.rawValue == code)
        #expect(e.message == message)
        #expect(e.requestId == "req-1")
        #expect(e.retryable == retryable)
        #expect(e.status == status)
    }

    @Test func backoffIsFullJitterCappedAndHonoursRetryAfter() {
        let p = RetryPolicy()
        #expect(p.delay(retry: 1, random: 0.5, retryAfter: nil) == 0.5)
        #expect(p.delay(retry: 3, random: 0.5, retryAfter: nil) == 2)
        #expect(p.delay(retry: 10, random: 0.999, retryAfter: nil) < 20)
        #expect(p.delay(retry: 10, random: 1, retryAfter: nil) == 20)
        #expect(p.delay(retry: 1, random: 0.5, retryAfter: 3) == 3)
        #expect(p.delay(retry: 1, random: 0.5, retryAfter: 3600) == 20)
    }

    @Test func rateLimiterSpacesRequestsPerAPI() async throws {
        let limiter = RateLimiter(perSecond: 20, burst: 1)
        let start = Date()
        for _ in 0..<6 { try await limiter.acquire("StopModel") }
        // Five waits of 1/20 s at the least; another API is not held back by this one.
        #expect(Date().timeIntervalSince(start) >= 0.24)
        let other = Date()
        try await limiter.acquire("ListModels")
        #expect(Date().timeIntervalSince(other) < 0.05)
    }

    /// The bucket holds one token less than the service's (one second's worth), so a request that
    /// arrives up to one token's time early still finds the service's bucket non-empty; a throttle
    /// empties it. Read on a clock the test moves (no request ever waits here).
    @Test func rateLimiterKeepsATokenOfSlackAndBacksOffOnAThrottle() async throws {
        final class Clock: @unchecked Sendable { var now = 1000.0 }
        let clock = Clock()
        let limiter = RateLimiter(perSecond: 5, clock: { clock.now })
        #expect(await limiter.burst == 4)
        // The service's bucket, fed by the same requests arriving up to 0.19 s early.
        var service = (tokens: 5.0, updated: 1000.0)
        var throttledByService = 0
        for k in 0..<200 {
            try await limiter.acquire("StopModel", deadline: clock.now)  // throws if it would have to wait
            let arrival = clock.now - (k % 2 == 0 ? 0.19 : 0)
            service.tokens = min(5, service.tokens + max(0, arrival - service.updated) * 5)
            service.updated = max(service.updated, arrival)
            if service.tokens >= 1 { service.tokens -= 1 } else { throttledByService += 1 }
            // Next send: as soon as our bucket has a token again.
            clock.now += k < 3 ? 0 : 0.2
        }
        #expect(throttledByService == 0)
        // A throttle empties the bucket: the next request would wait a token's time.
        clock.now += 10
        await limiter.throttled("StopModel")
        await #expect(throws: RateLimiter.WouldPassDeadline.self) { try await limiter.acquire("StopModel", deadline: clock.now + 0.1) }
        try await limiter.acquire("ListModels", deadline: clock.now)
    }
}

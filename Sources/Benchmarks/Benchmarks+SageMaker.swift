import Foundation
import ServiceVocabulary
import LookoutEmulator

extension Benchmarks {
    /// SageMaker at the service's default rate: `BENCH_SAGEMAKER_COMPONENTS` components (default
    /// 1,000) in endpoints of 100, every rule covering them, 30 % outside their windows (scaled to
    /// zero), every call 50 ms late, the emulator enforcing 5 requests/s per account, region and
    /// API and the run's limit at the same 5/s. The bound is the service's own: the busiest API's
    /// calls beyond its bucket, at 5/s, plus the calls before them and the last one's latency. The
    /// calls are checked against the minimum: the listing's pages, one describe per covered
    /// component, one DescribeEndpoint per endpoint, one DescribeScalableTargets, one update per stop.
    static func sageMaker() async throws {
        let count = ProcessInfo.processInfo.environment["BENCH_SAGEMAKER_COMPONENTS"].flatMap(Int.init) ?? 1000
        let (perEndpoint, rate, latency) = (100, 5.0, 0.05)
        let endpoints = max(1, (count + perEndpoint - 1) / perEndpoint)
        let off = max(1, endpoints * 3 / 10)
        var fleet = Fleet(account: "100000000000", region: "eu-west-1", projects: [])
        for e in 0..<endpoints {
            let n = min(perEndpoint, count - e * perEndpoint)
            fleet.projects.append(Fleet.Project(name: e < off ? "off-\(e)" : "on-\(e)", service: "sagemaker", minInstanceCount: 0,
                                                models: (0..<n).map { Fleet.Model(version: "c\(e)-\($0)", status: InferenceComponentStatus.inService.rawValue, copies: 1 + $0 % 3) }))
        }
        fleet.faults = [FaultRule(operation: "*", kind: .latency, seconds: latency)]
        let rules = """
            version: 1
            defaults: { timezone: UTC, region: eu-west-1, service: sagemaker }
            rules:
              - { project: "off-*", schedule: never }
              - { project: "on-*", schedule: always }
            """
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try rules.write(toFile: dir + "/rules.yaml", atomically: true, encoding: .utf8)
        let service = EmulatorService(fleet: fleet, configuration: .init(credentials: ["AKIDBENCH": ("bench-secret", nil)], pageSize: 100,
                                                                         stopDelay: 3600, requestsPerSecond: rate))
        let server = try await EmulatorServer(service: service, threads: 2)
        let childEnv = ["AWS_ACCESS_KEY_ID": "AKIDBENCH", "AWS_SECRET_ACCESS_KEY": "bench-secret", "AWS_EC2_METADATA_DISABLED": "true",
                        "AWS_REGION": "eu-west-1", "HOME": dir, "PATH": "/usr/bin:/bin"]
        let r = try child(["run", "--rules", dir + "/rules.yaml", "--endpoint-url", server.endpoint, "--log", dir + "/audit.jsonl",
                           "--requests-per-second", String(rate), "--output", "json"], environment: childEnv)
        let calls = service.requests
        await server.shutdown()
        let throttled = calls.filter { $0.status == 429 || $0.fault == "quota" }.count
        var perAPI: [String: Int] = [:]
        for c in calls { perAPI[c.operation, default: 0] += 1 }
        let stops = (0..<off).map { min(perEndpoint, count - $0 * perEndpoint) }.reduce(0, +)
        let minimum = (count + 99) / 100 + count + endpoints + 1 + stops
        let busiest = perAPI.values.max() ?? 0
        let bound = 2 * latency + max(0, Double(busiest) - rate) / rate + latency
        print(String(format: "sagemaker: %d components in %d endpoints (%d scaled to zero), 50 ms per call, quota and limit %d/s per API: %.2f s against the quota bound %.2f s (%d calls of the busiest API: ratio %.2f; goal <= 1.15); %d calls (minimum %d: %@), %d throttled (goal 0); peak RSS %.1f MiB; exit %d",
                     count, endpoints, stops, Int(rate), r.seconds, bound, busiest, r.seconds / bound, calls.count, minimum,
                     perAPI.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "), throttled, r.peakMiB, r.status))
    }
}

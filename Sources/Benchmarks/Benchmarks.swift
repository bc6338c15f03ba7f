import AWSCore
import Foundation
import HostingSchedule
import LookoutEmulator
import LookoutVision
import SigV4

/// `swift run -c release lookout-bench [sign|list|evaluate|all]`: the figures in BENCHMARKS.md.
/// Each prints its figure and the bound it is compared against.
@main
enum Benchmarks {
    static func main() async throws {
        let which = CommandLine.arguments.dropFirst().first ?? "all"
        if which == "sign" || which == "all" { sign() }
        if which == "evaluate" || which == "all" { evaluate() }
        if which == "list" || which == "all" { try await list() }
    }

    static func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// SigV4 signing of a StopModel request.
    static func sign() {
        let signer = SigV4Signer(service: "lookoutvision", region: "eu-west-1")
        let credentials = Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let request = SigV4Signer.Request(method: "POST", path: "/2020-11-20/projects/pcb-inspection/models/3/stop",
                                          headers: [("Host", "lookoutvision.eu-west-1.amazonaws.com"), ("Content-Type", "application/json"),
                                                    ("X-Amzn-Client-Token", "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0")],
                                          body: Array("{}".utf8))
        let n = 50_000
        var sink = 0
        let seconds = time {
            for i in 0..<n { sink &+= signer.sign(request, credentials: credentials, date: 1_798_113_600 + i).count }
        }
        print(String(format: "sign: %d StopModel requests in %.3f s = %.0f signatures/s (bound: >= 10000/s, far above the 5 req/s API quota) [%d]",
                     n, seconds, Double(n) / seconds, sink % 2))
    }

    /// Evaluator decisions per second at one instant for 10,000 models.
    static func evaluate() {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let office = Schedule(name: "office", timeZone: berlin, kind: .windows([
            HostingWindow(.weekly(days: WeekdaySet([.monday, .tuesday, .wednesday, .thursday, .friday]),
                                  from: TimeOfDay(minutes: 420)!, to: TimeOfDay(minutes: 1140)!)),
        ]), holidays: [LocalDate(year: 2026, month: 12, day: 24)!])
        let cron = Schedule(name: "month-end", timeZone: TimeZone(identifier: "America/Chicago")!, kind: .windows([
            HostingWindow(.cron(try! CronExpression(parsing: "0 6 L * *"), duration: 14 * 3600)),
        ]))
        let schedules = [office, cron]
        let t = 1_796_032_800  // Mon 2026-11-30 10:00Z
        let n = 10_000
        var hosted = 0
        let rounds = 20
        let seconds = time {
            for r in 0..<rounds {
                for i in 0..<n where schedules[i % 2].isHosted(at: t + r * 97 + i) { hosted += 1 }
            }
        }
        let perSecond = Double(n * rounds) / seconds
        print(String(format: "evaluate: %d decisions (hosted-or-not) in %.3f s = %.0f decisions/s on one core (goal: millions/s) [%d hosted]",
                     n * rounds, seconds, perSecond, hosted))
    }

    /// Listing a fleet of 1,000 projects x 3 versions through the emulator over loopback.
    static func list() async throws {
        let fleet = Fleet(region: "eu-west-1", projects: (1...1000).map { p in
            Fleet.Project(name: "project-\(p)", models: (1...3).map { Fleet.Model(version: String($0), status: $0 == 1 ? "HOSTED" : "TRAINED") })
        })
        let service = EmulatorService(fleet: fleet, configuration: .init(credentials: ["AKIDBENCH": ("bench-secret", nil)], pageSize: 100))
        let server = try await EmulatorServer(service: service)
        let aws = AWSServiceClient(signingName: "lookoutvision", configuration: ServiceConfiguration(region: "eu-west-1", endpoint: server.endpoint),
                                   credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret")),
                                   transport: URLSessionTransport(maximumConnectionsPerHost: 16), options: .init(requestsPerSecond: 0))
        let client = LookoutVisionClient(service: aws)
        let start = Date()
        let projects = try await client.listProjects()
        let listed = Date().timeIntervalSince(start)
        let models = try await withThrowingTaskGroup(of: Int.self) { group in
            var total = 0
            var next = 0
            let names = projects.value.map(\.projectName)
            for _ in 0..<16 where next < names.count {
                let name = names[next]; next += 1
                group.addTask { try await client.listModels(project: name).value.count }
            }
            while let n = try await group.next() {
                total += n
                if next < names.count {
                    let name = names[next]; next += 1
                    group.addTask { try await client.listModels(project: name).value.count }
                }
            }
            return total
        }
        let all = Date().timeIntervalSince(start)
        print(String(format: "list: %d projects (%d pages) in %.3f s; %d models via %d ListModels calls, 16 in flight, in %.3f s total = %.0f calls/s over loopback (no rate limit)",
                     projects.value.count, projects.requests, listed, models, projects.value.count, all,
                     Double(projects.requests + projects.value.count) / all))
        await server.shutdown()
    }
}

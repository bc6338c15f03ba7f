import ArgumentParser
import AWSCore
import Foundation
import HostingSchedule
import ModelHosting
import SchedulerSetup

/// Options shared by every command that calls AWS.
struct AWSOptions: ParsableArguments {
    @Option(help: "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region).")
    var region: String?

    @Option(help: "Profile of the shared config and credentials files (default: AWS_PROFILE, else default).")
    var profile: String?

    @Option(name: .customLong("endpoint-url"), help: "Endpoint of every service called (default, per service: AWS_ENDPOINT_URL_LOOKOUTVISION or AWS_ENDPOINT_URL_REKOGNITION, AWS_ENDPOINT_URL, the profile's endpoint_url, the regional AWS endpoint).")
    var endpointURL: String?

    @Option(help: "Attempts per call, retries included (standard retry mode).")
    var maxAttempts = 3

    @Option(help: "Requests per second per API (client-side rate limit; 0: none).")
    var requestsPerSecond = 5.0

    @Option(help: "Seconds to wait for one response.")
    var requestTimeout = 10.0

    func validate() throws {
        guard (1...10).contains(maxAttempts) else { throw ValidationError("--max-attempts must be from 1 to 10, not \(maxAttempts)") }
        if requestsPerSecond != 0 {
            try checkRange(requestsPerSecond, 0.1...1000, "--requests-per-second", extra: " (or 0: no limit)")
        }
        try checkRange(requestTimeout, 0.1...300, "--request-timeout", unit: " seconds")
    }

    /// The service client's tunables from these options.
    var serviceOptions: AWSServiceClient.Options {
        .init(retry: RetryPolicy(maxAttempts: maxAttempts), requestTimeout: requestTimeout,
              requestsPerSecond: requestsPerSecond, userAgent: "lookout-scheduler/\(ToolVersion.current)")
    }

    /// One service of each kind in the resolved region, assembled as a run's are; exits with
    /// status 2 when configuration is missing.
    func services(_ kinds: [ServiceKind]) throws -> [any ModelHostingService] {
        do {
            return try ServiceAssembler.standard(environment: ProcessInfo.processInfo.environment, profile: profile, endpointURL: endpointURL,
                                                 options: serviceOptions).services(kinds, regionFlag: region)
        } catch {
            StandardError.print("error: \(error)")
            throw ExitCodes.invalidInput
        }
    }
}

/// Rejects a number outside `range` (NaN and infinities included), naming the option and the range.
func checkRange(_ value: Double, _ range: ClosedRange<Double>, _ option: String, unit: String = "", extra: String = "") throws {
    guard value.isFinite, range.contains(value) else {
        func text(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
        throw ValidationError("\(option) must be from \(text(range.lowerBound)) to \(text(range.upperBound))\(unit)\(extra), not \(value)")
    }
}

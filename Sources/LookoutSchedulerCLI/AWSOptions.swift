import ArgumentParser
import AWSCore
import Foundation
import LookoutVision

/// Options shared by every command that calls AWS.
struct AWSOptions: ParsableArguments {
    @Option(help: "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region).")
    var region: String?

    @Option(help: "Profile of the shared config and credentials files (default: AWS_PROFILE, else default).")
    var profile: String?

    @Option(name: .customLong("endpoint-url"), help: "Service endpoint (default: AWS_ENDPOINT_URL_LOOKOUTVISION, AWS_ENDPOINT_URL, the profile's endpoint_url, the regional AWS endpoint).")
    var endpointURL: String?

    @Option(help: "Attempts per call, retries included (standard retry mode).")
    var maxAttempts = 3

    @Option(help: "Requests per second per API (client-side rate limit; 0: none).")
    var requestsPerSecond = 5.0

    @Option(help: "Seconds to wait for one response.")
    var requestTimeout = 10.0

    func validate() throws {
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
        guard requestsPerSecond >= 0 else { throw ValidationError("--requests-per-second cannot be negative") }
        guard requestTimeout > 0 else { throw ValidationError("--request-timeout must be positive") }
    }

    /// The service client's tunables from these options.
    var serviceOptions: AWSServiceClient.Options {
        .init(retry: RetryPolicy(maxAttempts: maxAttempts), requestTimeout: requestTimeout,
              requestsPerSecond: requestsPerSecond, userAgent: "lookout-scheduler/\(ToolVersion.current)")
    }

    /// The transport of a run (the CA bundle from AWS_CA_BUNDLE or the profile), exiting with
    /// status 2 when the CA bundle is missing.
    func transport(files: SharedConfigFiles, connections: Int) throws -> CurlTransport {
        do {
            return try CurlTransport.fromEnvironment(ProcessInfo.processInfo.environment, profile: profile, files: files,
                                                     maximumConnectionsPerHost: connections)
        } catch {
            StandardError.print("error: \(error.description)")
            throw ExitCodes.invalidInput
        }
    }

    /// A client for `region` (or the resolved one), exiting with status 2 when configuration is
    /// missing. Clients of one run share `files`, `transport` and `credentials`.
    func client(region override: String? = nil, fallbackRegion: String? = nil, connections: Int = 16,
                files: SharedConfigFiles? = nil, transport: (any HTTPTransport)? = nil,
                credentials: (any CredentialProvider)? = nil) throws -> LookoutVisionClient {
        do {
            return try LookoutVisionClient.fromEnvironment(
                ProcessInfo.processInfo.environment, region: override ?? region, profile: profile, endpointURL: endpointURL,
                fallbackRegion: fallbackRegion, options: serviceOptions, maximumConnections: connections,
                files: files, transport: transport, credentials: credentials)
        } catch {
            StandardError.print("error: \(error.description)")
            throw ExitCodes.invalidInput
        }
    }
}

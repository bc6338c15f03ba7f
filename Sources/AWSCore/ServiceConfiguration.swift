import Foundation
import Rendering

/// Where and how to reach a service: region and endpoint, resolved the way the AWS CLI does.
public struct ServiceConfiguration: Sendable, Equatable {
    /// The region (`eu-west-1`).
    public let region: String
    /// The endpoint base URL, without a trailing slash (`https://lookoutvision.eu-west-1.amazonaws.com`).
    public let endpoint: String
    /// Where the endpoint came from (for messages).
    public let endpointSource: String

    /// Why configuration could not be resolved.
    public struct ResolutionError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Resolves region and endpoint.
    ///
    /// Region: `regionFlag`, then `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, then
    /// `fallbackRegion` (the rule file's default). Endpoint: `endpointFlag`, then
    /// `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's `endpoint_url`, then
    /// `https://<prefix>.<region>.amazonaws.com`.
    public static func resolve(service envName: String, endpointPrefix: String, regionFlag: String? = nil,
                               endpointFlag: String? = nil, profile: String? = nil,
                               environment: [String: String], files: SharedConfigFiles? = nil,
                               fallbackRegion: String? = nil) throws(ResolutionError) -> ServiceConfiguration {
        let files = files ?? SharedConfigFiles(environment: environment)
        let profileName = profile ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let settings = files.profile(profileName) ?? [:]
        func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        guard let region = nonEmpty(regionFlag) ?? nonEmpty(environment["AWS_REGION"]) ?? nonEmpty(environment["AWS_DEFAULT_REGION"])
            ?? nonEmpty(settings["region"]) ?? nonEmpty(fallbackRegion) else {
            throw ResolutionError(description: "no AWS region: pass --region, set AWS_REGION, or set region in the profile '\(profileName)'")
        }
        guard ServiceConfiguration.isRegionName(region) else {
            throw ResolutionError(description: "'\(Printable.line(region, limit: 80))' is not an AWS region name (ASCII lower-case letters, digits and hyphens, such as eu-west-1)")
        }
        let candidates: [(String?, String)] = [
            (endpointFlag, "--endpoint-url"),
            (environment["AWS_ENDPOINT_URL_\(envName)"], "AWS_ENDPOINT_URL_\(envName)"),
            (environment["AWS_ENDPOINT_URL"], "AWS_ENDPOINT_URL"),
            (settings["endpoint_url"], "profile \(profileName) endpoint_url"),
        ]
        var endpoint = "https://\(endpointPrefix).\(region).amazonaws.com"
        var source = "default"
        // The first one set wins; set but empty is a mistake (an unset variable in a script),
        // never "use the real AWS endpoint".
        if let (value, from) = candidates.first(where: { $0.0 != nil }), let value {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else {
                throw ResolutionError(description: "\(from) is set but empty: give an endpoint URL, or unset it to use the AWS endpoint of the region")
            }
            guard trimmed.hasPrefix("http://") || trimmed.hasPrefix("https://") else {
                throw ResolutionError(description: "\(from): '\(Printable.line(value, limit: 200))' is not an http:// or https:// URL")
            }
            if let problem = URLPort.problem(in: trimmed) {
                throw ResolutionError(description: "\(from): the endpoint URL cannot be used: \(problem)")
            }
            guard let url = URLComponents(string: trimmed), let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil,
                  url.user == nil, url.password == nil, Printable.isClean(trimmed), !trimmed.contains(" ") else {
                throw ResolutionError(description: "\(from): '\(Printable.line(value, limit: 200))' is not a usable endpoint URL (scheme://host[:port][/path], no query, no credentials)")
            }
            endpoint = trimmed
            source = from
        }
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        return ServiceConfiguration(region: region, endpoint: endpoint, endpointSource: source)
    }

    /// An AWS region name: 1 to 64 ASCII lower-case letters, digits and hyphens, not starting or
    /// ending with a hyphen (`eu-west-1`, `us-gov-west-1`). Byte by byte: Swift's
    /// `Character.isLowercase` and `isNumber` accept letters and digits of every script.
    public static func isRegionName(_ s: String) -> Bool {
        let b = s.utf8
        guard (1...64).contains(b.count), b.first != 0x2D, b.last != 0x2D else { return false }
        return b.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    /// A configuration given directly.
    public init(region: String, endpoint: String, endpointSource: String = "given") {
        self.region = region
        self.endpoint = endpoint
        self.endpointSource = endpointSource
    }
}

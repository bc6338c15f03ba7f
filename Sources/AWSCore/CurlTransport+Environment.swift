import FileSafety
import Foundation
import Rendering

extension CurlTransport {
    /// The CA bundle the AWS CLI would use: `AWS_CA_BUNDLE`, else the profile's `ca_bundle`
    /// (`~/` expanded); nil when neither is set (the system's bundle). The file must exist.
    public static func caBundle(environment: [String: String], profile: String? = nil,
                                files: SharedConfigFiles) throws(ServiceConfiguration.ResolutionError) -> String? {
        let profileName = profile ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let candidates: [(String?, String)] = [
            (environment["AWS_CA_BUNDLE"], "AWS_CA_BUNDLE"),
            (files.profile(profileName)?["ca_bundle"], "profile \(profileName) ca_bundle"),
        ]
        guard let (value, from) = candidates.first(where: { !($0.0 ?? "").isEmpty }), let value else { return nil }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let path = SharedConfigFiles.expand(home)(value)
        // Through SafeFile, as every file read: a regular file of at most `SafeFile.Limit.caBundle`
        // (a FIFO is refused, never waited on).
        do {
            let (fd, _) = try SafeFile.openForReading(path, what: "the CA bundle", maximumSize: SafeFile.Limit.caBundle)
            close(fd)
        } catch {
            throw ServiceConfiguration.ResolutionError(description: "\(from): the CA bundle \(Printable.line(path, limit: 300)) cannot be used: \(Printable.line(error.problem))")
        }
        return path
    }

    /// A transport configured the way the AWS CLI would be (the CA bundle from the environment or
    /// the profile), allowing `maximumConnectionsPerHost` connections to one host.
    public static func fromEnvironment(_ environment: [String: String], profile: String? = nil, files: SharedConfigFiles,
                                       maximumConnectionsPerHost: Int = 16) throws(ServiceConfiguration.ResolutionError) -> CurlTransport {
        try checkProxies(environment)
        let ca = try caBundle(environment: environment, profile: profile, files: files)
        return CurlTransport(options: .init(caBundle: ca, maximumConnectionsPerHost: maximumConnectionsPerHost))
    }

    /// The proxy variables libcurl reads: a port that is not 1-65535 is a configuration error
    /// before any request, never a failure of every call. (The value is not repeated: a proxy
    /// URL may carry a password.)
    public static func checkProxies(_ environment: [String: String]) throws(ServiceConfiguration.ResolutionError) {
        for name in ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"] {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { continue }
            if let problem = URLPort.problem(in: value) {
                throw ServiceConfiguration.ResolutionError(description: "\(name): the proxy URL cannot be used: \(problem)")
            }
        }
    }
}

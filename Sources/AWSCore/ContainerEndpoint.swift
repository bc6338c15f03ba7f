import Foundation
import Rendering
#if canImport(Glibc)
import Glibc
#endif

/// Which container credentials endpoints may be asked, as the AWS SDKs decide (botocore's
/// `ContainerMetadataFetcher`, the Java SDK's `ContainerCredentialsProvider`):
///
/// - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` goes to `http://169.254.170.2` only, and must be a path;
/// - `AWS_CONTAINER_CREDENTIALS_FULL_URI` over `https` may name any host; over plain `http`
///   only loopback (127.0.0.0/8, `[::1]`, `localhost`), the ECS address 169.254.170.2 or the EKS
///   Pod Identity addresses 169.254.170.23 and `[fd00:ec2::23]`.
///
/// Anything else is refused before a request is made, so credentials are never fetched (nor the
/// authorization token sent) in clear over the network.
public enum ContainerEndpoint {
    /// The ECS task metadata host the relative URI goes to.
    public static let ecsHost = "169.254.170.2"
    /// The container addresses allowed over plain HTTP besides loopback.
    public static let containerHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"]

    /// The URL for a relative URI: `http://169.254.170.2` followed by the path.
    public static func relative(_ uri: String) throws(CredentialError) -> String {
        guard uri.hasPrefix("/"), Printable.isClean(uri), !uri.contains(" "), !uri.contains("@") else {
            throw CredentialError("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI '\(Printable.line(uri, limit: 200))' is not a path (it must start with /); refusing to use it")
        }
        return "http://\(ecsHost)" + uri
    }

    /// The full URI, checked: `https` to any host, `http` only to the hosts allowed.
    public static func full(_ uri: String) throws(CredentialError) -> String {
        let shown = Printable.url(uri)
        guard Printable.isClean(uri), !uri.contains(" "), let components = URLComponents(string: uri),
              let scheme = components.scheme?.lowercased(), let host = components.host, !host.isEmpty else {
            throw CredentialError("AWS_CONTAINER_CREDENTIALS_FULL_URI '\(shown)' is not a URL; refusing to use it")
        }
        switch scheme {
        case "https":
            return uri
        case "http":
            guard isAllowedOverHTTP(host) else {
                throw CredentialError("AWS_CONTAINER_CREDENTIALS_FULL_URI '\(shown)': plain http is allowed only to loopback (127.0.0.0/8, [::1]), the ECS address 169.254.170.2 or the EKS addresses 169.254.170.23 and [fd00:ec2::23]; use https for any other host")
            }
            return uri
        default:
            throw CredentialError("AWS_CONTAINER_CREDENTIALS_FULL_URI '\(shown)' is not an http:// or https:// URL; refusing to use it")
        }
    }

    /// True for a host that may be asked over plain HTTP.
    public static func isAllowedOverHTTP(_ host: String) -> Bool {
        var h = host.lowercased()
        if h.hasPrefix("[") && h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        if h == "localhost" || containerHosts.contains(h) { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, h, &v4) == 1 {
            // 127.0.0.0/8: the first byte in network order.
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, h, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            if bytes == [UInt8](repeating: 0, count: 15) + [1] { return true }  // ::1
            // The written forms of fd00:ec2::23 vary (fd00:0ec2:0::23): compare the address itself.
            var eks = in6_addr()
            _ = inet_pton(AF_INET6, "fd00:ec2::23", &eks)
            return bytes == withUnsafeBytes(of: &eks) { Array($0) }
        }
        return false
    }
}

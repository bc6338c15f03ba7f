import Rendering

/// The port of a URL's authority (`http://host:4566/`, `[::1]:8080`, a proxy's bare `host:3128`):
/// when one is written, it must be a port, 1 to 65535 (RFC 3986's `port` is digits; TCP's are
/// 16 bits and 0 is none). One check for every URL the tool reads: endpoints, proxies, the
/// container and instance-metadata endpoints.
public enum URLPort {
    /// Why the port written in `url` cannot be used, or nil when it names none or a valid one.
    /// The message quotes the port only (a proxy URL may carry a password).
    public static func problem(in url: String) -> String? {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPort = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        let portText: Substring
        if hostPort.hasPrefix("[") {
            // An IPv6 literal: the port follows the closing bracket.
            guard let close = hostPort.firstIndex(of: "]") else { return nil }
            let after = hostPort[hostPort.index(after: close)...]
            guard after.hasPrefix(":") else { return nil }
            portText = after.dropFirst()
        } else {
            guard let colon = hostPort.lastIndex(of: ":") else { return nil }
            portText = hostPort[hostPort.index(after: colon)...]
        }
        if portText.isEmpty { return "its port is empty (write host:PORT, 1-65535, or no colon)" }
        guard portText.utf8.count <= 5, portText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int(portText),
              (1...65535).contains(n) else {
            return "its port '\(Printable.line(String(portText.prefix(20)), limit: 20))' is not a port (1-65535)"
        }
        return nil
    }
}

import AWSCore
import Rendering

/// The service's input patterns, checked before any request so that nothing user-supplied can
/// reach a URL path unencoded or unchecked.
public enum InputValidation {
    /// `[a-zA-Z0-9][a-zA-Z0-9_\-]*`, 1-255.
    public static func checkProjectName(_ name: String) throws(AWSError) {
        let ok = (1...255).contains(name.utf8.count)
            && name.utf8.first.map(isAlnum) == true
            && name.utf8.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
        if !ok { throw invalid("project name '\(name)' does not match [a-zA-Z0-9][a-zA-Z0-9_-]* (1-255 characters)") }
    }

    /// `[1-9][0-9]*` (1-10 characters), or `latest` where allowed.
    public static func checkModelVersion(_ version: String, allowLatest: Bool = false) throws(AWSError) {
        if allowLatest && version == "latest" { return }
        let bytes = Array(version.utf8)
        let ok = (1...10).contains(bytes.count) && bytes[0] >= UInt8(ascii: "1") && bytes[0] <= UInt8(ascii: "9")
            && bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        if !ok { throw invalid("model version '\(version)' does not match [1-9][0-9]* (1-10 digits)") }
    }

    /// `^[a-zA-Z0-9-]+$`, 1-64.
    public static func checkClientToken(_ token: String) throws(AWSError) {
        let ok = (1...64).contains(token.utf8.count) && token.utf8.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") }
        if !ok { throw invalid("client token must be 1-64 characters of [a-zA-Z0-9-]") }
    }

    /// 1-100.
    public static func checkPageSize(_ n: Int) throws(AWSError) {
        if !(1...100).contains(n) { throw invalid("maxResults must be from 1 to 100, not \(n)") }
    }

    /// An ARN of this service (`arn:aws...:lookoutvision:...`), 1-1011 characters.
    public static func checkArn(_ arn: String) throws(AWSError) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let ok = parts.count == 6 && parts[0] == "arn" && parts[2] == ServiceKind.lookoutVision.signingName && (1...1011).contains(arn.utf8.count)
        if !ok { throw invalid("'\(arn)' is not a Lookout for Vision ARN") }
    }

    /// A value from the server for a message: quoted, control characters escaped, cut short.
    public static func quoted(_ value: String) -> String { "'\(Printable.line(value, limit: 80))'" }

    static func isAlnum(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }

    static func invalid(_ message: String) -> AWSError {
        AWSError(code: .invalidParameter, message: message, attempts: 0)
    }
}

import AWSCore
import Rendering

/// SageMaker's and Application Auto Scaling's input patterns (from the service models), checked
/// before any request, and on names the server answers before they are printed or logged.
public enum SageMakerInputValidation {
    /// `InferenceComponentName`: `^[a-zA-Z0-9]([\-a-zA-Z0-9]*[a-zA-Z0-9])?$`, at most 63.
    public static func isComponentName(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard (1...63).contains(b.count), isAlnum(b.first!), isAlnum(b.last!) else { return false }
        return b.allSatisfy { isAlnum($0) || $0 == 0x2D }
    }

    /// `EndpointName`: `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`, at most 63 (no trailing hyphen).
    public static func isEndpointName(_ s: String) -> Bool { isComponentName(s) }

    /// `EndpointArn`: `arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:endpoint/.*`, 20 to 2048.
    public static func isEndpointArn(_ s: String) -> Bool { isArn(s, resource: "endpoint/") }

    /// An inference component's ARN: `arn:aws...:sagemaker:REGION:ACCOUNT:inference-component/NAME`.
    public static func isComponentArn(_ s: String) -> Bool { isArn(s, resource: "inference-component/") }

    /// Checks an inference component name.
    public static func checkComponentName(_ s: String) throws(AWSError) {
        if !isComponentName(s) { throw invalid("inference component name '\(Printable.line(s, limit: 120))' does not match [a-zA-Z0-9] with inner hyphens (1-63 characters)") }
    }

    /// Checks an endpoint name.
    public static func checkEndpointName(_ s: String) throws(AWSError) {
        if !isEndpointName(s) { throw invalid("endpoint name '\(Printable.line(s, limit: 120))' does not match [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}") }
    }

    /// `InferenceComponentCopyCount`: at least 0 (and, here, at most 1000).
    public static func checkCopyCount(_ n: Int) throws(AWSError) {
        if !(0...1000).contains(n) { throw invalid("copy count \(n) is outside 0 to 1000") }
    }

    static func isAlnum(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }

    static func isArn(_ s: String, resource: String) -> Bool {
        guard (20...2048).contains(s.utf8.count) else { return false }
        let parts = s.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == ServiceKind.sagemaker.signingName,
              parts[1].utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }),
              parts[3].utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }),
              parts[4].utf8.count == 12, parts[4].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              parts[5].hasPrefix(resource) else { return false }
        return parts[5].utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    static func invalid(_ message: String) -> AWSError { AWSError(code: .invalidParameter, message: message, attempts: 0) }
}


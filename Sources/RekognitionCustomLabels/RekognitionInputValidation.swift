import AWSCore
import Foundation

/// Rekognition's input patterns (from its service model), checked before any request.
public enum RekognitionInputValidation {
    static let projectArn = try! NSRegularExpression(pattern: #"^arn:[a-z\d-]+:rekognition:[a-z\d-]+:\d{12}:project/[a-zA-Z0-9_.\-]{1,255}/[0-9]+$"#)
    static let versionArn = try! NSRegularExpression(pattern: #"^arn:[a-z\d-]+:rekognition:[a-z\d-]+:\d{12}:project/[a-zA-Z0-9_.\-]{1,255}/version/[a-zA-Z0-9_.\-]{1,255}/[0-9]+$"#)

    /// `ProjectArn`: 20-2048 characters of the service's pattern.
    public static func checkProjectArn(_ arn: String) throws(AWSError) {
        if !matches(projectArn, arn) { throw invalid("'\(arn)' is not a Rekognition project ARN") }
    }

    /// `ProjectVersionArn`: 20-2048 characters of the service's pattern.
    public static func checkVersionArn(_ arn: String) throws(AWSError) {
        if !matches(versionArn, arn) { throw invalid("'\(arn)' is not a Rekognition project version ARN") }
    }

    /// `ProjectName` and `VersionName`: `[a-zA-Z0-9_.\-]+`, 1-255.
    public static func checkName(_ name: String, _ what: String) throws(AWSError) {
        let ok = (1...255).contains(name.utf8.count) && name.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D
        }
        if !ok { throw invalid("\(what) '\(name)' does not match [a-zA-Z0-9_.-]+ (1-255 characters)") }
    }

    /// `InferenceUnits`: at least 1, and max at least min.
    public static func checkInferenceUnits(min: Int, max: Int?) throws(AWSError) {
        if min < 1 || (max ?? min) < min { throw invalid("inference units must be at least 1, and max at least min") }
    }

    static func matches(_ re: NSRegularExpression, _ s: String) -> Bool {
        guard (20...2048).contains(s.utf8.count) else { return false }
        return re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }

    static func invalid(_ message: String) -> AWSError { AWSError(code: .invalidParameter, message: message, attempts: 0) }
}

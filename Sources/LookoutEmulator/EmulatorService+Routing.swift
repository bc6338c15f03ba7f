import ServiceVocabulary
import SigV4

/// Which operation a request names: method and path to operation, project, version, ARN.
extension EmulatorService {
    struct Route {
        var operation = "Unknown"
        var project: String?
        var version: String?
        var arn: String?

        init(method: HTTPMethod, path: String) {
            let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { SigV4Signer.percentDecode(String($0)) }
            guard segments.first == "2020-11-20" else { return }
            let s = Array(segments.dropFirst())
            switch (method, s.count) {
            case (.get, 1) where s[0] == "projects": operation = LookoutVisionOperation.listProjects.rawValue
            case (.get, 3) where s[0] == "projects" && s[2] == "models": operation = LookoutVisionOperation.listModels.rawValue; project = s[1]
            case (.get, 4) where s[0] == "projects" && s[2] == "models": operation = LookoutVisionOperation.describeModel.rawValue; project = s[1]; version = s[3]
            case (.post, 5) where s[0] == "projects" && s[2] == "models" && s[4] == "stop":
                operation = LookoutVisionOperation.stopModel.rawValue; project = s[1]; version = s[3]
            case (.post, 5) where s[0] == "projects" && s[2] == "models" && s[4] == "start":
                operation = LookoutVisionOperation.startModel.rawValue; project = s[1]; version = s[3]
            case (.get, 2) where s[0] == "tags":
                operation = LookoutVisionOperation.listTagsForResource.rawValue
                arn = s[1]
                // A model's ARN names its project and version (for faults and the request log).
                let resource = s[1].split(separator: ":", maxSplits: 5).last.map { $0.split(separator: "/").map(String.init) } ?? []
                if resource.count == 3, resource[0] == "model" { project = resource[1]; version = resource[2] }
            default: break
            }
        }
    }

    static func split(_ uri: String) -> (String, String) {
        guard let q = uri.firstIndex(of: "?") else { return (uri, "") }
        return (String(uri[..<q]), String(uri[uri.index(after: q)...]))
    }

    static func queryParameters(_ query: String) -> [String: String] {
        var out: [String: String] = [:]
        for part in query.split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            out[SigV4Signer.percentDecode(String(kv[0]))] = kv.count > 1 ? SigV4Signer.percentDecode(String(kv[1])) : ""
        }
        return out
    }
}

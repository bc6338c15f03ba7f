import Foundation
import ServiceVocabulary

/// Inspection for tests, in process (`requests`, `status`, `inject`, `setStatus`) and over HTTP
/// (`GET /_emulator/requests`, `GET /_emulator/models`, `GET /_emulator/credentials`: the temporary
/// credentials STS and SSO issued, secrets included, so tests can check no output repeats them).
extension EmulatorService {
    /// Every request served so far.
    public var requests: [RequestRecord] { state.withLockedValue { $0.log } }

    /// A model's status now (nil if it does not exist); `service` is `lookoutvision` or
    /// `rekognition`; `account` its account id (nil: the home account).
    public func status(region: String, project: String, version: String, service: String = ServiceKind.lookoutVision.rawValue, account: String? = nil) -> String? {
        let t = now()
        let rekognition = service == ServiceKind.rekognition.rawValue
        return state.withLockedValue { s in
            let key = ModelKey(place: Place(account: account ?? self.account, region: region), project: project, version: version)
            guard var m = rekognition ? s.rekognitionVersions[key] : s.models[key] else { return nil }
            EmulatorService.settle(&m, at: t)
            if rekognition { s.rekognitionVersions[key] = m } else { s.models[key] = m }
            return m.status
        }
    }

    /// Adds a fault rule at run time.
    public func inject(_ fault: FaultRule) { state.withLockedValue { $0.faults.append(fault) } }

    /// Sets a model's status (tests: a model started outside its window).
    public func setStatus(region: String, project: String, version: String, to status: String, service: String = ServiceKind.lookoutVision.rawValue,
                          account: String? = nil) {
        state.withLockedValue { s in
            let key = ModelKey(place: Place(account: account ?? self.account, region: region), project: project, version: version)
            if service == ServiceKind.rekognition.rawValue {
                s.rekognitionVersions[key]?.status = status
                s.rekognitionVersions[key]?.settlesAt = nil
            } else {
                s.models[key]?.status = status
                s.models[key]?.settlesAt = nil
            }
        }
    }

    func admin(_ path: String) -> EmulatorAction {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        switch path {
        case "/_emulator/requests":
            let body = (try? encoder.encode(requests)) ?? Data("[]".utf8)
            return .respond(status: 200, headers: ["Content-Type": "application/json"], body: Array(body), delay: 0)
        case "/_emulator/models":
            let t = now()
            let list: [[String: String]] = state.withLockedValue { s in
                let order = { (a: ModelKey, b: ModelKey) in
                    (a.place.account, a.region, a.project, a.version) < (b.place.account, b.region, b.project, b.version)
                }
                let lookoutVision = s.models.keys.sorted(by: order).map { k in
                    var m = s.models[k]!
                    EmulatorService.settle(&m, at: t)
                    s.models[k] = m
                    return ["service": ServiceKind.lookoutVision.rawValue, "account": k.place.account, "region": k.region, "project": k.project,
                            "version": k.version, "status": m.status]
                }
                let rekognition = s.rekognitionVersions.keys.sorted(by: order).map { k in
                    var m = s.rekognitionVersions[k]!
                    EmulatorService.settle(&m, at: t)
                    s.rekognitionVersions[k] = m
                    return ["service": ServiceKind.rekognition.rawValue, "account": k.place.account, "region": k.region, "project": k.project,
                            "version": k.version, "status": m.status]
                }
                return lookoutVision + rekognition
            } + sageMakerRows(at: t)
            return .respond(status: 200, headers: ["Content-Type": "application/json"], body: Array((try? encoder.encode(list)) ?? Data()), delay: 0)
        case "/_emulator/credentials":
            let body = (try? encoder.encode(issuedCredentials)) ?? Data("[]".utf8)
            return .respond(status: 200, headers: ["Content-Type": "application/json"], body: Array(body), delay: 0)
        default:
            return .respond(status: 404, headers: [:], body: [], delay: 0)
        }
    }
}

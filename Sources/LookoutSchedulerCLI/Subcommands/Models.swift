import ArgumentParser
import AWSCore
import Foundation
import HostingSchedule
import ModelHosting
import Rendering
import AuditTrail
import SchedulerRun
import SchedulerSetup

/// `lookout-scheduler models`: every project and model version in a region, with its status.
struct Models: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every project and model version of a service in a region, with statuses (read-only)."
    )

    @OptionGroup var aws: AWSOptions

    @Option(help: "lookoutvision, rekognition (Custom Labels projects), sagemaker (endpoints and their inference components), or all.")
    var service: ServiceChoice = .lookoutvision

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    enum ServiceChoice: String, ExpressibleByArgument, CaseIterable {
        case lookoutvision, rekognition, sagemaker, all
        var kinds: [ServiceKind] {
            switch self {
            case .lookoutvision: return [.lookoutVision]
            case .rekognition: return [.rekognition]
            case .sagemaker: return [.sagemaker]
            case .all: return ServiceKind.allCases
            }
        }
    }

    struct Row: Encodable {
        let service: ServiceKind
        let region: String
        let project: String
        let version: String
        let status: String
        /// SageMaker: the component's current copy count (absent for the other services, and for
        /// a component that was not described).
        var copies: Int? = nil
    }

    func validate() throws {
        try output.require([.text, .json], by: "models")
    }

    func run() async throws {
        let services = try aws.services(service.kinds)
        var rows: [Row] = []
        var text = ""
        do {
            for s in services {
                let projects = try await s.listProjects()
                var n = 0
                for p in projects.value {
                    for m in try await s.listModels(project: p).value {
                        var row = Row(service: s.kind, region: s.region, project: p, version: m.version, status: m.status.raw)
                        row.copies = m.copies
                        rows.append(row)
                        n += 1
                    }
                }
                text += "\(projects.value.count) projects, \(n) model versions in \(s.region) (\(s.endpoint))"
                    + (service == .lookoutvision ? "\n" : ", \(s.kind.displayName)\n")
                for r in rows.suffix(n) {
                    text += s.kind == .sagemaker ? "  endpoint \(r.project) component \(r.version): \(r.status), \(r.copies.map { "\($0) cop\($0 == 1 ? "y" : "ies")" } ?? "copies unknown")\n"
                                                 : "  \(r.project) version \(r.version): \(r.status)\n"
                }
            }
        } catch {
            StandardError.print("error: \(error)")
            // No credentials (an expired SSO login, a broken profile) is configuration: exit 2.
            if error.code == .credentialsError { throw ExitCodes.invalidInput }
            throw ExitCodes.actionsFailed
        }
        print(output == .json ? JSONDocument.pretty(rows) : text, terminator: output == .json ? "\n" : "")
    }
}

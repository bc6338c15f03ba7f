import ArgumentParser
import AWSCore
import Foundation
import LookoutVision
import Rendering

/// `lookout-scheduler models`: every project and model version in a region, with its status.
struct Models: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every Lookout for Vision project and model version in a region, with statuses (read-only)."
    )

    @OptionGroup var aws: AWSOptions

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    func validate() throws {
        try output.require([.text, .json], by: "models")
    }

    func run() async throws {
        let client = try aws.client()
        do {
            let projects = try await client.listProjects()
            var rows: [(String, String, String)] = []
            for p in projects.value {
                let models = try await client.listModels(project: p.projectName)
                for m in models.value { rows.append((p.projectName, m.modelVersion, m.status ?? "?")) }
            }
            let region = client.service.configuration.region
            switch output {
            case .json:
                print(JSONDocument.pretty(rows.map { ["project": $0.0, "version": $0.1, "status": $0.2, "region": region] }))
            case .text, .html, .svg:  // html and svg are refused by validate()
                print("\(projects.value.count) projects, \(rows.count) model versions in \(region) (\(client.service.configuration.endpoint))")
                for r in rows { print("  \(r.0) version \(r.1): \(r.2)") }
            }
        } catch {
            StandardError.print("error: \(error)")
            throw ExitCodes.actionsFailed
        }
    }
}

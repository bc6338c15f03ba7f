import ArgumentParser
import AWSCore
import Foundation
import LockedValue
import HostingSchedule
import RuleFile
import Rendering
import ScheduleReport
import ZoneInfo

/// Options shared by every command that reads a rule file.
struct RuleFileOptions: ParsableArguments {
    @Option(name: .long, help: "The YAML rule file.")
    var rules: String

    /// Loads the rule file, printing warnings (and errors) to standard error; exits with
    /// status 2 when the file is invalid. Time-dependent warnings (an expired override) are
    /// judged at `now` (default: the clock).
    func load(printWarnings: Bool = true, now: Int? = nil) throws -> RuleFile {
        do {
            let zones = ZoneDatabase.host()
            ZoneNotice.printOnce(zones)
            let file = try RuleFile.load(path: rules, now: now ?? Int(Date().timeIntervalSince1970), zones: zones)
            if printWarnings { for w in file.warnings { StandardError.print(w.description) } }
            return file
        } catch {
            for d in error.diagnostics { StandardError.print(d.description) }
            let n = error.errors.count
            StandardError.print("\(rules): \(n) error\(n == 1 ? "" : "s"); the rule file was rejected")
            throw ExitCodes.invalidInput
        }
    }
}

/// Says once per process, on standard error, that the zone rules are the binary's own copy.
enum ZoneNotice {
    private static let printed = LockedValueBox(false)

    static func printOnce(_ zones: ZoneDatabase) {
        guard let notice = zones.fallbackNotice else { return }
        let first = printed.withLockedValue { printed -> Bool in
            defer { printed = true }
            return !printed
        }
        if first { StandardError.print(notice) }
    }
}

/// Writes to standard output unbuffered, piece by piece (a run streams its report); a closed
/// pipe just drops the output.
enum StandardOutput {
    static func write(_ text: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
    }
}

/// Writes to standard error.
enum StandardError {
    static func print(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data((text + "\n").utf8))
    }
}

extension OutputFormat: ExpressibleByArgument {}

/// Parses an `--at`/`--from`/`--to` value, or fails with a message naming the option.
func parseInstant(_ text: String, option: String) throws -> Int {
    do {
        return try InstantArgument.parse(text)
    } catch {
        throw ValidationError("--\(option): \(error.description)")
    }
}

/// `--region` of `explain` and `windows`: an AWS region name (ASCII lower-case letters, digits, hyphens).
func checkRegion(_ region: String?) throws {
    guard let region, !ServiceConfiguration.isRegionName(region) else { return }
    throw ValidationError("--region: '\(Printable.line(region, limit: 80))' is not an AWS region name (ASCII lower-case letters, digits and hyphens, such as eu-west-1)")
}

extension ServiceKind: ExpressibleByArgument {}

/// `--account NAME` of `explain` and `windows`: a name the rule file declares, else exit 2 with
/// the names it does declare.
func checkAccount(_ name: String?, in ruleSet: RuleSet) throws {
    guard let name, ruleSet.account(named: name) == nil else { return }
    let declared = ruleSet.accounts.map(\.name)
    StandardError.print("error: --account: the rule file declares no account '\(name)'"
        + (declared.isEmpty ? " (it has no accounts: section)" : " (declared: \(declared.joined(separator: ", ")))"))
    throw ExitCodes.invalidInput
}

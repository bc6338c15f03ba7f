import ArgumentParser
import HostingSchedule
import RuleFile

/// `lookout-scheduler validate`: checks a rule file and reports every problem.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a rule file; print every error as file:line:column.",
        discussion: "Exit status 0 when the file is valid (warnings go to standard error), 2 when it is not."
    )

    @OptionGroup var ruleFile: RuleFileOptions

    @Flag(name: .long, help: "Treat warnings as errors (exit 2 when there are any).")
    var strict = false

    func run() throws {
        let file = try ruleFile.load()
        let set = file.ruleSet
        let holidays = Set(set.schedules.values.flatMap(\.holidays)).count
        print("\(file.path): valid: \(set.rules.count) rule\(set.rules.count == 1 ? "" : "s"), "
              + "\(set.schedules.count) schedule\(set.schedules.count == 1 ? "" : "s"), "
              + "\(holidays) holiday\(holidays == 1 ? "" : "s")"
              + (set.accounts.isEmpty ? "" : ", \(set.accounts.count) account\(set.accounts.count == 1 ? "" : "s")")
              + (file.warnings.isEmpty ? "" : ", \(file.warnings.count) warning\(file.warnings.count == 1 ? "" : "s")"))
        print("  time zones: \(file.zoneDatabase)")
        if let events = file.events { print("  events: EventBridge bus \(events.bus) in \(events.region) (PutEvents after each action recorded)") }
        for account in set.accounts {
            print("  account \(account.name): \(account.id), role \(account.roleArn)\(account.externalId == nil ? "" : ", with an external id")"
                  + (account.regions.isEmpty ? "" : ", regions \(account.regions.joined(separator: ", "))"))
        }
        for rule in set.rules {
            var extras: [String] = []
            if rule.grace > 0 { extras.append("grace \(DurationText.format(seconds: rule.grace))") }
            if let s = rule.start {
                let amount = rule.service != .sagemaker ? "\(s.minInferenceUnits)\(s.maxInferenceUnits.map { "-\($0)" } ?? "") inference units"
                    : s.copies.map { "\($0) cop\($0 == 1 ? "y" : "ies")" } ?? "the copies of its last stop (else 1)"
                extras.append("starts with \(amount)\(s.enforce ? ", enforced" : "")")
            }
            print("  \(rule): \(rule.schedule.summary)\(extras.isEmpty ? "" : "; " + extras.joined(separator: "; "))")
        }
        for o in set.overrides {
            print("  \(o), line \(o.line): \(o.schedule.summary)")
        }
        if strict && !file.warnings.isEmpty { throw ExitCodes.invalidInput }
    }
}

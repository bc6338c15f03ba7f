import ArgumentParser
import HostingSchedule

/// Where a model lives, as `explain` and `windows` take it: its region, service and account. One
/// group, so both commands spell and document these options the same way (each command's
/// `validate` checks them: argument-parser does not call a group's own).
struct ModelPlacementOptions: ParsableArguments {
    @Option(help: "The model's region (rules limited to other regions are skipped).")
    var region: String?

    @Option(help: "The model's service: lookoutvision (default), rekognition or sagemaker (--project the endpoint, --version the inference component).")
    var service: ServiceKind?

    @Option(help: "The model's account: a name from the rule file's accounts (default: the home account, that of the run's own credentials).")
    var account: String?

    /// The model's service, `lookoutvision` when none is given.
    var serviceOrDefault: ServiceKind { service ?? .default }
}

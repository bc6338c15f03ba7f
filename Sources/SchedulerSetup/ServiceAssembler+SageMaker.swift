import AWSCore
import HostingSchedule
import ModelHosting
import SageMakerInferenceComponents
import SchedulerRun

extension ServiceAssembler {
    /// SageMaker in one target: its client and the Application Auto Scaling client (each with
    /// its own endpoint override and rate limits), describing only the components some rule
    /// covers (all of them without a rule set, as `models` lists).
    func sageMakerService(_ target: SchedulerRunner.Target, credentials: any CredentialProvider, account: HostingAccount?,
                          ruleSet: RuleSet?) throws(ServiceConfiguration.ResolutionError) -> any ModelHostingService {
        let client = try SageMakerClient.fromEnvironment(environment, region: target.region, profile: profile, endpointURL: endpointURL,
                                                         options: options, files: files, transport: transport, credentials: credentials)
        let autoScaling = try ApplicationAutoScalingClient.fromEnvironment(
            environment, region: target.region, profile: profile, endpointURL: endpointURL, options: options, files: files,
            transport: transport, credentials: credentials)
        let region = target.region
        let accountName = account?.name
        let covers: @Sendable (String, String) -> Bool = { endpoint, component in
            guard let ruleSet else { return true }
            return ruleSet.rule(forProject: endpoint, version: component, region: region, service: .sagemaker, account: accountName) != nil
        }
        return SageMakerService(client: client, autoScaling: autoScaling, account: account, covers: covers)
    }
}

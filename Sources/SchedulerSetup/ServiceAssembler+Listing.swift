import AWSCore
import HostingSchedule
import ModelHosting
import SchedulerRun

extension ServiceAssembler {
    /// The assembler of a command that calls AWS outside a run (`models`): the shared files of
    /// `environment` (a refused one is an error), and the transport a run would use with room for
    /// `concurrency` calls.
    public static func standard(environment: [String: String], profile: String?, endpointURL: String?, options: AWSServiceClient.Options,
                                concurrency: Int = 8) throws(RunSetupError) -> ServiceAssembler {
        let files = SharedConfigFiles(environment: environment)
        if let why = files.refused.first { throw .configuration(why) }
        let transport = try RunSetup.transport(environment: environment, profile: profile, files: files, concurrency: concurrency)
        return ServiceAssembler(environment: environment, profile: profile, endpointURL: endpointURL, options: options,
                                files: files, transport: transport)
    }

    /// One service of each of `kinds` in the home region (`regionFlag`, else the environment's or
    /// the profile's), with the standard credential chain: what `models` lists.
    public func services(_ kinds: [ServiceKind], regionFlag: String?) throws(RunSetupError) -> [any ModelHostingService] {
        let credentials = CredentialChain.standard(environment: environment, profile: profile, files: files, transport: transport)
        do {
            let region = try ServiceAssembler.homeRegion(flag: regionFlag, profile: profile, environment: environment, files: files)
            return try kinds.map { kind throws(ServiceConfiguration.ResolutionError) in
                try service(SchedulerRunner.Target(service: kind, region: region), credentials: credentials)
            }
        } catch {
            throw .configuration(error.description)
        }
    }
}

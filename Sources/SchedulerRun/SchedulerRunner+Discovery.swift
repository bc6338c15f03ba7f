import AuditTrail
import AWSCore
import HostingSchedule
import ModelHosting

extension SchedulerRunner {
    /// The projects to list for a service: those the rules name when no rule of its region uses a
    /// pattern; otherwise every project the service lists (so that a hosted model no rule covers
    /// is seen and reported).
    func projects(of index: Int) async -> ([Listing], DiscoveryFailure?) {
        let service = services[index]
        let rules = Target(of: service).rules(in: ruleSet)
        guard !rules.isEmpty else { return ([], nil) }
        if rules.allSatisfy({ $0.project.isLiteral }) {
            return (Set(rules.map(\.project.pattern)).sorted().map { Listing(service: index, project: $0, named: true) }, nil)
        }
        let operation = service.name(of: .listProjects)
        do {
            let listed = try await service.listProjects()
            return (listed.value.map { Listing(service: index, project: $0, named: false) }, nil)
        } catch {
            return ([], DiscoveryFailure(account: service.account?.name, service: service.kind, region: service.region, operation: operation, project: nil,
                                         error_code: error.code.rawValue, error_message: error.message))
        }
    }

    /// The projects of every service, found concurrently (`concurrency` calls in flight): each
    /// (account, service, region) has its own client and rate limit, so twenty accounts take the
    /// time of one. In the order of `services`.
    func projectsOfAllServices(concurrency: Int) async -> [([Listing], DiscoveryFailure?)] {
        var out = [([Listing], DiscoveryFailure?)](repeating: ([], nil), count: services.count)
        await withTaskGroup(of: (Int, [Listing], DiscoveryFailure?).self) { group in
            var next = 0
            func launch() {
                guard next < services.count else { return }
                let index = next
                next += 1
                group.addTask { let (jobs, failure) = await self.projects(of: index); return (index, jobs, failure) }
            }
            for _ in 0..<max(1, concurrency) { launch() }
            while let (index, jobs, failure) = await group.next() {
                out[index] = (jobs, failure)
                launch()
            }
        }
        return out
    }

    /// The models of one project.
    func listModels(_ job: Listing) async -> Done {
        do {
            let m = try await services[job.service].listModels(project: job.project)
            return .listed(service: job.service, project: job.project, named: job.named, models: .success(m.value))
        } catch {
            return .listed(service: job.service, project: job.project, named: job.named, models: .failure(error))
        }
    }
}

import Foundation
import HostingSchedule
import ModelHosting
import RuleFile
import AuditTrail
import SchedulerRun

/// The log `lookout-bench audit` reads: hourly runs over a fleet of 1,000 models (two services,
/// the home account and a declared one, two regions), written by the tool's own writer
/// (`AuditLog.append`: the records as `RunEvent`s, compact JSON, the hash chain, the anchor), with
/// the decisions the tool's evaluator takes (`RuleSet.decide` on a rule file, so reasons, next
/// windows and local times are the real ones) and every kind of record a run writes: `run-start`,
/// decisions of every kind (keep, stop, defer, none, unmanaged, start), an `intent` before each stop
/// and start, outcomes stopped, unconfirmed and failed, a `settle` now and then, `run-end`.
enum AuditBenchLog {
    static let rules = """
        version: 1
        defaults: { timezone: Europe/Berlin, region: eu-west-1, price_per_inference_unit_hour: 4.0 }
        accounts:
          prod-us: { role_arn: "arn:aws:iam::222222222222:role/lookout-scheduler", regions: [us-east-1] }
        schedules:
          office-hours: { windows: [ { days: mon-fri, from: "07:00", to: "19:00" } ] }
          us-shifts: { timezone: America/Chicago, windows: [ { days: mon-fri, from: "06:00", to: "22:00" } ] }
        rules:
          - { project: "line-*", schedule: office-hours, grace: 2h }
          - { service: rekognition, project: "defects-*", schedule: office-hours, start: { min_inference_units: 1 } }
          - { account: prod-us, project: "line-*", schedule: us-shifts }
          - { account: prod-us, service: rekognition, project: "defects-*", schedule: never }
        """

    /// One model of the fleet.
    struct Model {
        let service: ServiceKind
        let account: (id: String, name: String?)
        let region: String
        let project: String
        let version: String
        let arn: String
    }

    /// 1,000 models: 250 in each (service, account) pair, 25 projects of 10 versions; projects
    /// `*-24` are covered by no rule (unmanaged).
    static var fleet: [Model] {
        var models: [Model] = []
        let places: [(ServiceKind, (String, String?), String)] = [
            (.lookoutVision, ("111111111111", nil), "eu-west-1"), (.rekognition, ("111111111111", nil), "eu-west-1"),
            (.lookoutVision, ("222222222222", "prod-us"), "us-east-1"), (.rekognition, ("222222222222", "prod-us"), "us-east-1"),
        ]
        for (service, account, region) in places {
            for p in 0..<25 {
                for v in 1...10 {
                    let project = (service == .lookoutVision ? "line-" : "defects-") + String(format: "%02d", p)
                    let version = service == .lookoutVision ? String(v) : "\(project).2026-0\(v % 9 + 1)-15T10.22.0\(v % 10)"
                    let arn = service == .lookoutVision
                        ? "arn:aws:lookoutvision:\(region):\(account.0):model/\(project)/\(version)"
                        : "arn:aws:rekognition:\(region):\(account.0):project/\(project)/version/\(version)/17\(String(format: "%011d", p * 10 + v))"
                    models.append(Model(service: service, account: account, region: region, project: project, version: version, arn: arn))
                }
            }
        }
        return models
    }

    /// Writes about `records` records (whole runs) to a new log at `path`; answers the records written.
    static func write(path: String, records: Int) throws -> Int {
        let ruleSet = try RuleFile.parse(yaml: rules, path: "/etc/lookout-scheduler/rules.yaml").ruleSet
        let models = fleet
        let log = try AuditLog(path: path)
        var written = 0
        var run = 0
        let start = 1_798_761_600  // 2027-01-01T00:00:00Z: a year of hourly runs from here
        while written < records {
            let t = start + run * 3600
            let runId = String(format: "%08x-%04x-4%03x-8%03x-%012x", run &* 2_654_435_761 & 0xFFFF_FFFF, run & 0xFFFF, run % 4096, (run / 7) % 4096, run)
            var seq = 0
            func append(_ body: RunEvent.Body, at seconds: Int) throws {
                let header = RunEvent.Header(run_id: runId, seq: seq, time: InstantFormat.utc(t + seconds), eval_time: InstantFormat.utc(t),
                                             dry_run: false, tool_version: "0.9.0", actor: "lookout-scheduler@scheduler-host-01")
                try log.append(RunEvent(header: header, body: body))
                seq += 1
                written += 1
            }
            try append(.runStart(.init(rules_file: "/etc/lookout-scheduler/rules.yaml", regions: ["eu-west-1", "us-east-1"],
                                       time_zones: "tzdata 2026f from /usr/share/zoneinfo")), at: 0)
            var counts = RunCounts()
            for (m, model) in models.enumerated() {
                let d = decision(model, ruleSet: ruleSet, at: t, variant: (run * 7919 + m * 104_729) % 100)
                if d.decision == .stop || d.decision == .start {
                    try append(.intent(ActionIntent(d, action: d.decision, clientToken: d.client_token)), at: 1)
                }
                counts.add(d)
                try append(.decision(d), at: 2)
                if d.outcome == .failed && run % 5 == 0 {
                    var settlement = IntentSettlement(intent: ActionIntent(d, action: d.decision, clientToken: d.client_token), runId: runId,
                                                      reason: "the stop's outcome was not recorded; the model is hosted now: the next run decides again")
                    settlement.status_after = model.service == .lookoutVision ? ModelStatus.hosted.rawValue : ProjectVersionStatus.running.rawValue
                    settlement.state_after = .hosted
                    try append(.settle(settlement), at: 3)
                }
            }
            try append(.runEnd(.init(counts: counts, duration_ms: 4_200 + run % 900, exit_code: counts.failures > 0 ? 1 : 0)), at: 5)
            run += 1
        }
        try log.writeAnchor()
        return written
    }

    /// What a run decides and does about `model` at `t`, as `SchedulerRunner` fills the record:
    /// the evaluator's decision, then a status that makes it a keep, a stop (stopped, now and then
    /// unconfirmed or failed), a defer, a start or nothing to do (`variant`, 0-99, picks one).
    static func decision(_ model: Model, ruleSet: RuleSet, at t: Int, variant: Int) -> ModelDecision {
        let hostedStatus = model.service == .lookoutVision ? ModelStatus.hosted.rawValue : ProjectVersionStatus.running.rawValue
        let stoppedStatus = model.service == .lookoutVision ? ModelStatus.trained.rawValue : ProjectVersionStatus.stopped.rawValue
        let e = ruleSet.decide(project: model.project, version: model.version, region: model.region, service: model.service,
                               account: model.account.name, at: t)
        // Most models are where their windows want them; some were started by hand, some are changing.
        let status: (raw: String, state: HostingState)
        switch variant {
        case 0..<12: status = (e.hosted == true ? stoppedStatus : hostedStatus, e.hosted == true ? .stopped : .hosted)
        case 12..<16: status = (model.service == .lookoutVision ? ModelStatus.startingHosting.rawValue : ProjectVersionStatus.starting.rawValue, .transitional)
        default: status = e.hosted == false ? (stoppedStatus, .stopped) : (hostedStatus, .hosted)
        }
        var r = ModelDecision(service: model.service, region: model.region, project: model.project, version: model.version,
                              status_before: StatusWord(status.raw), state_before: status.state, decision: .nothingToDo, reason: e.reason)
        r.account_id = model.account.id
        r.account_name = model.account.name
        r.arn = model.arn
        r.inference_units = model.service == .rekognition ? 1 + variant % 3 : nil
        guard let rule = e.rule else {
            r.decision = .unmanaged
            if status.state.isHosted { r.reason = "hosted, but no rule covers \(model.project) version \(model.version): left running (unmanaged)" }
            return r
        }
        r.rule = rule.number
        r.rule_line = rule.line
        r.schedule = rule.schedule.name
        r.timezone = rule.schedule.zoneName
        r.eval_local = InstantFormat.local(t, in: rule.schedule.clock)
        r.next_window = e.nextTransition.map(InstantFormat.utc)
        r.window_closed_at = e.hosted == false ? e.previousTransition.map(InstantFormat.utc) : nil
        let token = String(format: "%08X-%04X-4%03X-A%03X-%012X", variant * 40_503, t % 65_536, variant, t % 4096, t + variant)
        let requestId = String(format: "%08x-%04x-4%03x-b%03x-%012x", t % 99_991, variant, t % 4096, variant * 7, t &* 31 + variant)
        if e.hosted == true {
            r.decision = .keep
            r.next_window = nil
            if status.state == .stopped, rule.start != nil {
                r.window_closes = e.nextTransition.map(InstantFormat.utc)
                r.decision = .start
                r.client_token = model.service == .lookoutVision ? token : nil
                r.inference_units = 1
                r.outcome = .started
                r.status_after = StatusWord(ModelStatus.startingHosting)
                r.request_id = requestId
                r.attempts = 1
                r.reason = "its window opened \(e.previousTransition.map(InstantFormat.utc) ?? "?"): start; " + r.reason
            }
            return r
        }
        switch status.state {
        case .hosted where variant == 20 && rule.grace > 0:
            r.decision = .defer
            r.grace_until = InstantFormat.utc(t + rule.grace)
            r.reason = "hosted outside its windows since \(InstantFormat.utc(t)); within its grace of 2h until \(InstantFormat.utc(t + rule.grace)), not stopped yet; \(e.reason)"
        case .hosted:
            r.decision = .stop
            r.client_token = model.service == .lookoutVision ? token : nil
            r.price_per_iu_hour = ruleSet.price(for: model.service)
            r.request_id = requestId
            r.attempts = 1
            if variant % 25 == 3 {
                r.outcome = .failed
                r.error_code = .throttling
                r.error_message = "Rate exceeded"
                r.attempts = 3
            } else {
                r.outcome = variant % 17 == 5 ? .unconfirmed : .stopped
                r.status_after = model.service == .lookoutVision ? StatusWord(ModelStatus.stoppingHosting) : StatusWord(ProjectVersionStatus.stopping)
            }
        case .transitional:
            r.decision = .defer
            r.reason = "\(status.raw): not stopped now (StopModel is only sent to HOSTED models); \(e.reason)"
        case .stopped, .unavailable:
            r.reason = "\(status.raw): not hosted, nothing to stop; \(e.reason)"
        }
        return r
    }
}

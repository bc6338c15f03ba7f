import Foundation
import HostingSchedule
import Rendering
import RuleFile

/// The hosting timeline of rules over a range of time: what `lookout-scheduler windows` prints.
public struct TimelineReport: Sendable {
    /// One rule's timeline.
    public struct Entry: Sendable {
        /// The rule (for an override: its selector and schedule).
        public let rule: Rule
        /// Merged hosted intervals, clipped to the range.
        public let intervals: [Range<Int>]
        /// Set when the entry is an override in force during the range (its intervals end at `until`).
        public var override: Override? = nil
        /// Seconds hosted within the range.
        public var hostedSeconds: Int { intervals.reduce(0) { $0 + $1.count } }
    }

    /// A model the timeline was restricted to.
    public struct Model: Sendable {
        public let project: String
        public let version: String
        public let region: String?
        /// The service the model belongs to (rules of other services never cover it).
        public let service: ServiceKind
        /// The declared account the model is in (nil: the home account).
        public let account: String?
        public init(project: String, version: String, region: String?, service: ServiceKind = .default, account: String? = nil) {
            self.account = account
            self.project = project
            self.version = version
            self.region = region
            self.service = service
        }
    }

    /// Start of the range (inclusive).
    public let from: Int
    /// End of the range (exclusive).
    public let to: Int
    /// The model asked about, if any.
    public let model: Model?
    /// The entries: every rule, or the one rule that covers `model` (none if no rule does).
    public let entries: [Entry]

    /// Computes the timeline of every rule, or of the rule that covers `model`. Without a model,
    /// `account` keeps only the rules (and overrides) of that declared account.
    public init(ruleSet: RuleSet, from: Int, to: Int, model: Model? = nil, account: String? = nil) {
        self.init(ruleSet: ruleSet, from: from, to: to, model: model, account: account) { (schedule, a, b) throws(Never) in
            schedule.hostedIntervals(from: a, to: b)
        }
    }

    /// The same timeline, refused with `OutputLimit` as soon as its rules hold more than `limit`
    /// hosted intervals in all: each schedule is evaluated a month at a time and counted as it
    /// goes, so memory stays within the limit however long the range and however many the rules.
    public static func bounded(ruleSet: RuleSet, from: Int, to: Int, model: Model? = nil, account: String? = nil,
                               limit: Int = OutputLimit.maximumIntervals) throws(OutputLimit) -> TimelineReport {
        let rules = model != nil ? 1 : account.map { ruleSet.rules(ofAccount: $0).count } ?? ruleSet.rules.count
        var left = limit
        return try TimelineReport(ruleSet: ruleSet, from: from, to: to, model: model, account: account) { (schedule, a, b) throws(OutputLimit) in
            guard let intervals = schedule.hostedIntervals(from: a, to: b, atMost: left) else {
                throw OutputLimit.windows(limit: limit, rules: rules, model: model != nil)
            }
            left -= intervals.count
            return intervals
        }
    }

    /// Builds the entries, each rule's (and override's) intervals from `hosted(schedule, from, to)`.
    init<Failure: Error>(ruleSet: RuleSet, from: Int, to: Int, model: Model?, account: String?,
                         intervals hosted: (Schedule, Int, Int) throws(Failure) -> [Range<Int>]) throws(Failure) {
        self.from = from
        self.to = to
        self.model = model
        // Overrides in force during the range come first, their time cut at `until`; for one
        // model, its rule then takes over from the end of the override that selects it.
        let live = ruleSet.overrides.filter { $0.until > from && (model != nil || account == nil || $0.selector.account.matches(account)) }
        var list: [Entry] = []
        if let model {
            let rule = ruleSet.rule(forProject: model.project, version: model.version, region: model.region, service: model.service,
                                    account: model.account)
            // An override applies only to a model some rule covers (an unmanaged model is never touched).
            let o = rule == nil ? nil : live.first {
                $0.selector.covers(project: model.project, version: model.version, region: model.region, service: model.service, account: model.account)
            }
            if let o { list.append(Entry(rule: o.selector, intervals: try hosted(o.schedule, from, min(to, o.until)), override: o)) }
            let ruleFrom = min(to, max(from, o?.until ?? from))
            if let rule { list.append(Entry(rule: rule, intervals: try hosted(rule.schedule, ruleFrom, to))) }
        } else {
            for o in live { list.append(Entry(rule: o.selector, intervals: try hosted(o.schedule, from, min(to, o.until)), override: o)) }
            for rule in account.map({ ruleSet.rules(ofAccount: $0) }) ?? ruleSet.rules {
                list.append(Entry(rule: rule, intervals: try hosted(rule.schedule, from, to)))
            }
        }
        entries = list
    }

    /// Length of the range in seconds.
    public var rangeSeconds: Int { to - from }

    // MARK: - Text

    /// A readable table per rule.
    public func text() -> String {
        var out = "Hosting timeline \(InstantFormat.utc(from)) to \(InstantFormat.utc(to)) (\(format(hours: rangeSeconds)) h)\n"
        if let model {
            out += "Model \(model.service == .default ? "" : "\(model.service.displayName) ")\(model.project) version \(model.version)\(model.region.map { " in \($0)" } ?? "")\(model.account.map { " of account \($0)" } ?? "")"
            out += entries.isEmpty ? ": no rule covers it; it is left alone (never stopped).\n" : "\n"
        }
        for e in entries {
            let clock = e.rule.schedule.clock
            let title = e.override.map(\.description) ?? e.rule.description
            out += "\n\(title.prefix(1).uppercased() + title.dropFirst())"
            out += e.rule.line > 0 ? ", line \(e.rule.line)\n" : "\n"
            out += "  schedule \(e.rule.schedule.name): \(e.rule.schedule.summary)\n"
            out += "  hosted \(format(hours: e.hostedSeconds)) h, stopped \(format(hours: rangeSeconds - e.hostedSeconds)) h\n"
            if e.intervals.isEmpty {
                out += "  (no hosted time in this range)\n"
                continue
            }
            var rows: [[String]] = [["local start", "local end", "UTC start", "UTC end", "hours"]]
            for r in e.intervals {
                rows.append([wall(r.lowerBound, clock), wall(r.upperBound, clock), InstantFormat.utc(r.lowerBound),
                             InstantFormat.utc(r.upperBound), format(hours: r.count)])
            }
            out += table(rows, indent: "  ")
        }
        return out
    }

    func wall(_ t: Int, _ clock: ZoneClock) -> String {
        let lt = clock.localTime(at: t)
        let secs = lt.secondsOfDay
        let hm = (secs / 3600 < 10 ? "0" : "") + "\(secs / 3600):" + ((secs / 60) % 60 < 10 ? "0" : "") + "\((secs / 60) % 60)"
        return "\(lt.date.weekday) \(lt.date) \(hm) \(InstantFormat.offset(lt.offset))"
    }

    func format(hours seconds: Int) -> String {
        String(format: "%.2f", JSONDocument.hours(seconds))
    }

    func table(_ rows: [[String]], indent: String) -> String {
        var widths = Array(repeating: 0, count: rows[0].count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        return rows.map { r in
            indent + r.enumerated().map { i, c in
                i == r.count - 1 ? String(repeating: " ", count: widths[i] - c.count) + c
                    : c + String(repeating: " ", count: widths[i] - c.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    // MARK: - JSON

    struct Document: Encodable {
        let from: String
        let to: String
        let range_hours: Double
        @NullEncoded var model: ModelDoc? = nil
        @NullEncoded var matched_rule: Int? = nil
        let rules: [RuleDoc]
    }
    struct ModelDoc: Encodable, Equatable {
        let service: ServiceKind
        let project: String
        let version: String
        @NullEncoded var region: String? = nil
        /// The declared account (null: the home account).
        @NullEncoded var account: String? = nil
    }
    struct RuleDoc: Encodable {
        let rule: Int
        let line: Int
        let service: ServiceKind
        let project: String
        let versions: [String]
        @NullEncoded var region: String? = nil
        /// The account name or glob (`account:`; null: the home account).
        @NullEncoded var account: String? = nil
        let schedule: String
        let timezone: String
        let summary: String
        /// Set for an override's row: its end and reason.
        @NullEncoded var override_until: String? = nil
        @NullEncoded var override_reason: String? = nil
        let hosted_hours: Double
        let stopped_hours: Double
        let intervals: [IntervalDoc]
    }
    struct IntervalDoc: Encodable {
        let start: String
        let end: String
        let start_local: String
        let end_local: String
        let start_epoch: Int
        let end_epoch: Int
        let hours: Double
    }

    /// The stable JSON document (see the README, "windows --output json").
    public func json() -> String {
        let doc = Document(
            from: InstantFormat.utc(from), to: InstantFormat.utc(to), range_hours: JSONDocument.hours(rangeSeconds),
            model: model.map { ModelDoc(service: $0.service, project: $0.project, version: $0.version, region: $0.region, account: $0.account) },
            matched_rule: model == nil ? nil : entries.first { $0.override == nil }?.rule.number,
            rules: entries.map { e in
                let clock = e.rule.schedule.clock
                let versions: [String]
                switch e.rule.versions {
                case .all: versions = ["*"]
                case .matching(let g): versions = g.map(\.pattern)
                }
                return RuleDoc(
                    rule: e.rule.number, line: e.rule.line, service: e.rule.service, project: e.rule.project.pattern, versions: versions,
                    region: e.rule.region, account: e.rule.account == .home ? nil : e.rule.account.description, schedule: e.rule.schedule.name, timezone: e.rule.schedule.zoneName,
                    summary: e.rule.schedule.summary, override_until: e.override.map { InstantFormat.utc($0.until) },
                    override_reason: e.override?.reason, hosted_hours: JSONDocument.hours(e.hostedSeconds),
                    stopped_hours: JSONDocument.hours(rangeSeconds - e.hostedSeconds),
                    intervals: e.intervals.map {
                        IntervalDoc(start: InstantFormat.utc($0.lowerBound), end: InstantFormat.utc($0.upperBound),
                                    start_local: InstantFormat.local($0.lowerBound, in: clock),
                                    end_local: InstantFormat.local($0.upperBound, in: clock),
                                    start_epoch: $0.lowerBound, end_epoch: $0.upperBound, hours: JSONDocument.hours($0.count))
                    })
            })
        return JSONDocument.pretty(doc)
    }
}

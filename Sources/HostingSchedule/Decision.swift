/// What the evaluator says about one model at one instant, and why.
public struct Decision: Sendable {
    /// The instant evaluated (seconds since the epoch).
    public let instant: Int
    /// The rule that applies, or nil when no rule covers the model.
    public let rule: Rule?
    /// True: may be hosted (inside a window). False: must be stopped. Nil: unmanaged.
    public let hosted: Bool?
    /// Index into the schedule's windows of the window whose occurrence covers the instant.
    public let windowIndex: Int?
    /// When the current state began, if it changed within the search horizon.
    public let previousTransition: Int?
    /// When the current state ends, if it changes within the search horizon.
    public internal(set) var nextTransition: Int?
    /// A sentence for people: what, which schedule, since when, until when.
    public internal(set) var reason: String
    /// The override the decision was taken under, if any (then `rule` is its selector).
    public internal(set) var override: Override? = nil

    /// True when the model must be stopped at this instant.
    public var mustStop: Bool { hosted == false }

    /// Evaluates `rule`'s schedule at `t`; `label` names what decided in the reason (default: the rule).
    public static func evaluate(rule: Rule, at t: Int, label: String? = nil) -> Decision {
        let label = label ?? rule.description
        let schedule = rule.schedule
        switch schedule.kind {
        case .always:
            return Decision(instant: t, rule: rule, hosted: true, windowIndex: nil, previousTransition: nil,
                            nextTransition: nil, reason: "schedule always: exempt, never stopped (\(label))")
        case .never:
            return Decision(instant: t, rule: rule, hosted: false, windowIndex: nil, previousTransition: nil,
                            nextTransition: nil, reason: "schedule never: never hosted (\(label))")
        case .windows(let windows):
            let clock = schedule.clock
            let covering = schedule.coveringWindow(at: t)
            let previous = schedule.previousTransition(atOrBefore: t)
            let next = schedule.nextTransition(after: t)
            let when = { (x: Int?) -> String in x.map { Decision.wall($0, clock) } ?? "not within 10 years" }
            var reason: String
            if let covering {
                reason = "inside \(schedule) by window \(windows[covering.index]); opened \(when(previous)), closes \(when(next))"
            } else {
                reason = "outside \(schedule)"
                // Would a window be open but for a holiday? Name the holiday it opened on.
                if !schedule.holidays.isEmpty, let blocked = schedule.coveringWindow(at: t, ignoringHolidays: true) {
                    let opened = clock.localDate(at: blocked.occurrence.lowerBound)
                    if let holiday = [opened, opened.adding(days: -1)].first(where: schedule.holidays.contains) {
                        reason += "; \(holiday) is a holiday"
                    }
                }
                reason += "; closed \(when(previous)), opens \(when(next))"
            }
            return Decision(instant: t, rule: rule, hosted: covering != nil, windowIndex: covering?.index,
                            previousTransition: previous, nextTransition: next, reason: reason)
        }
    }

    /// `Fri 2026-11-27 19:00 +01:00`.
    static func wall(_ t: Int, _ clock: ZoneClock) -> String {
        let lt = clock.localTime(at: t)
        return "\(lt.date.weekday) \(lt.date) \(TimeOfDay.format(minutes: lt.secondsOfDay / 60)) \(InstantFormat.offset(lt.offset))"
    }
}

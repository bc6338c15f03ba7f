import Foundation
import HostingSchedule
import ZoneInfo
import Yams

/// Single values: names, time zones, regions, dates, times of day, days and months.
extension RuleFileParser {
    static func isName(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
    }

    /// A time zone's rules and its name as written.
    struct NamedZone {
        let zone: ZoneRules
        let name: String
    }

    /// An IANA zone name (`Europe/Berlin`, `UTC`), looked up in the host's zone database. Names
    /// without a `/` other than `UTC` are abbreviations or legacy aliases (`EST`, `CET`, `Japan`):
    /// refused, since an abbreviation does not say when daylight saving time applies.
    func timeZone(_ node: Node) -> NamedZone? {
        guard let name = scalar(node, "timezone") else { return nil }
        let isIANA = name.contains("/") || name == "UTC"
        if isIANA {
            do {
                return NamedZone(zone: name == "UTC" ? .utc : try zones.rules(named: name), name: name)
            } catch {
                switch error {
                case .unknown:
                    var message = error.description
                    let ids = zones.knownNames()
                    if let guess = RuleFileParser.closest(name, among: ids) ?? ids.first(where: { $0.lowercased() == name.lowercased() }),
                       guess != name {
                        message += "; did you mean '\(guess)'?"
                    } else if case .host(let dir, _) = zones.source {
                        // A TZDIR of one's own replaces the host's zones: say which ones it has.
                        message += ids.isEmpty ? "" : "; \(dir) has \(ids.count) zone\(ids.count == 1 ? "" : "s")"
                            + " (\(ids.prefix(3).joined(separator: ", "))\(ids.count > 3 ? ", ..." : ""))"
                    } else {
                        message += "; use an IANA name such as Europe/Berlin"
                    }
                    self.error(node, message)
                case .notAName, .unusable:
                    self.error(node, error.description)
                }
                return nil
            }
        }
        if (try? zones.rules(named: name)) != nil || TimeZone(abbreviation: name) != nil
            || (name.count <= 5 && name.allSatisfy({ $0.isUppercase || $0.isNumber })) {
            error(node, "'\(name)' is an abbreviation, not an IANA time zone; write a zone such as Europe/Berlin or America/Chicago (an abbreviation does not say when daylight saving time applies)")
        } else {
            var message = "unknown time zone '\(name)'"
            let ids = zones.knownNames()
            if let guess = RuleFileParser.closest(name, among: ids) ?? ids.first(where: { $0.lowercased() == name.lowercased() }) {
                message += "; did you mean '\(guess)'?"
            } else {
                message += "; use an IANA name such as Europe/Berlin"
            }
            error(node, message)
        }
        return nil
    }

    func region(_ node: Node) -> String? {
        guard let r = scalar(node, "region") else { return nil }
        let parts = r.split(separator: "-", omittingEmptySubsequences: false)
        // ASCII only, byte by byte: Character.isLowercase and isNumber accept every script's letters and digits.
        let ok = r.utf8.count <= 64 && parts.count >= 3
            && parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) } }
            && parts.last!.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        guard ok else {
            error(node, "'\(r)' is not an AWS region name (such as eu-west-1 or us-east-1)")
            return nil
        }
        return r
    }

    func date(_ node: Node, _ what: String, file: String? = nil) -> LocalDate? {
        guard let s = scalar(node, what, file: file) else { return nil }
        guard let d = LocalDate(parsing: s) else {
            error(node, "\(what): '\(s)' is not a date; write YYYY-MM-DD, such as 2026-12-24", file: file)
            return nil
        }
        return d
    }

    func time(_ node: Node, _ what: String) -> TimeOfDay? {
        guard let s = scalar(node, what) else { return nil }
        guard let t = TimeOfDay(parsing: s) else {
            error(node, "bad time '\(s)' for '\(what)'; write HH:MM from 00:00 to 24:00, such as \"07:30\"")
            return nil
        }
        return t
    }

    /// `mon-fri`, `sat,sun`, `fri-mon` (wraps), `daily`, `weekdays`, `weekends`, or a list of these.
    func weekdays(_ node: Node) -> WeekdaySet? {
        guard let list = items(node, "days") else { return nil }
        func day(_ s: Substring) -> Weekday? { try? Weekday(parsing: s.trimmingCharacters(in: .whitespaces)) }
        var set = WeekdaySet()
        var ok = true
        for item in list {
            guard let text = scalar(item, "days") else { ok = false; continue }
            for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                switch part.lowercased() {
                case "daily", "all", "*", "every day", "everyday": set = .all; continue
                case "weekdays": set.mask |= WeekdaySet([.monday, .tuesday, .wednesday, .thursday, .friday]).mask; continue
                case "weekends", "weekend": set.mask |= WeekdaySet([.saturday, .sunday]).mask; continue
                default: break
                }
                let ends = part.split(separator: "-", omittingEmptySubsequences: false)
                guard (1...2).contains(ends.count), let a = day(ends[0]), let b = ends.count == 2 ? day(ends[1]) : a else {
                    error(item, "bad days '\(part)'; write day names or ranges such as mon-fri, sat,sun, fri-mon, weekdays or daily")
                    ok = false
                    continue
                }
                // Ranges wrap around the week: fri-mon is Fri, Sat, Sun, Mon.
                for d in Weekday.wrappingRange(from: a, through: b) { set.insert(d) }
            }
        }
        return ok ? set : nil
    }

    /// `jan-mar`, `nov-feb` (wraps), `6`, `[jun, jul, aug]`.
    func months(_ node: Node) -> UInt16? {
        guard let list = items(node, "months") else { return nil }
        func month(_ s: Substring) -> Month? { try? Month(parsing: s.trimmingCharacters(in: .whitespaces)) }
        var bits: UInt16 = 0
        var ok = true
        for item in list {
            guard let text = scalar(item, "months") else { ok = false; continue }
            for part in text.split(separator: ",") {
                let ends = part.split(separator: "-", omittingEmptySubsequences: false)
                guard (1...2).contains(ends.count), let a = month(ends[0]), let b = ends.count == 2 ? month(ends[1]) : a else {
                    error(item, "bad months '\(part)'; write month names or numbers such as jan-mar, nov-feb or 6")
                    ok = false
                    continue
                }
                bits |= DateConstraints.monthBits(Month.wrappingRange(from: a, through: b))
            }
        }
        return ok ? bits : nil
    }
}

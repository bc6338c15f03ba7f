import Rendering
import ServiceVocabulary

extension RunEvent.Body {
    /// The body with every string that may come from outside (a server's status, error code and
    /// message, names, the rule file's path and reasons) through the one sanitizer. The log is
    /// hash-chained and cannot be scrubbed afterwards, so this happens before the record is written.
    public var sanitized: RunEvent.Body {
        func p(_ s: String) -> String { Printable.line(s) }
        func p(_ s: String?) -> String? { s.map { Printable.line($0) } }
        func p<Word: RawRepresentable>(_ w: Word?) -> Word? where Word.RawValue == String { w.flatMap { Word(rawValue: Printable.line($0.rawValue)) } }
        switch self {
        case .runStart(var b):
            b.rules_file = p(b.rules_file)
            b.regions = b.regions.map { Printable.line($0) }
            b.time_zones = p(b.time_zones)
            return .runStart(b)
        case .runEnd(var b):
            b.error_message = p(b.error_message)
            return .runEnd(b)
        case .decision(var d):
            d.account_id = p(d.account_id)
            d.account_name = p(d.account_name)
            d.region = p(d.region)
            d.project = p(d.project)
            d.version = p(d.version)
            d.arn = p(d.arn)
            d.status_before = StatusWord(p(d.status_before.rawValue))
            d.reason = p(d.reason)
            d.schedule = p(d.schedule)
            d.timezone = p(d.timezone)
            d.request_id = p(d.request_id)
            d.error_code = p(d.error_code)
            d.error_message = p(d.error_message)
            d.status_after = p(d.status_after)
            d.override_reason = p(d.override_reason)
            return .decision(d)
        case .intent(let i):
            return .intent(i.sanitized)
        case .settle(var st):
            st.intent = st.intent.sanitized
            st.status_after = p(st.status_after)
            st.error_code = p(st.error_code)
            st.error_message = p(st.error_message)
            st.reason = p(st.reason)
            return .settle(st)
        case .events(let e):
            return .events(e.sanitized)
        }
    }
}

extension ActionIntent {
    /// The intent with its names through the one sanitizer.
    public var sanitized: ActionIntent {
        func p(_ s: String?) -> String? { s.map { Printable.line($0) } }
        func p<Word: RawRepresentable>(_ w: Word?) -> Word? where Word.RawValue == String { w.flatMap { Word(rawValue: Printable.line($0.rawValue)) } }
        var i = self
        i.account_id = p(i.account_id)
        i.account_name = p(i.account_name)
        i.region = Printable.line(i.region)
        i.project = Printable.line(i.project)
        i.version = Printable.line(i.version)
        i.arn = p(i.arn)
        return i
    }
}

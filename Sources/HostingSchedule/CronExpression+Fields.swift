/// Parsing one field: items, ranges, steps, and the month and day names of `Month` and `Weekday`.
extension CronExpression {
    enum Field: String {
        case minute, hour, dayOfMonth = "day-of-month", month, dayOfWeek = "day-of-week"
        var range: ClosedRange<Int> {
            switch self {
            case .minute: 0...59
            case .hour: 0...23
            case .dayOfMonth: 1...31
            case .month: 1...12
            case .dayOfWeek: 0...7
            }
        }
        /// The value a name stands for (`JAN` is 1, `SUN` is 0), in the fields that take names.
        func value(named text: String) -> Int? {
            switch self {
            case .month: Month(abbreviation: text)?.rawValue
            case .dayOfWeek: Weekday(abbreviation: text)?.rawValue
            default: nil
            }
        }
        var takesNames: Bool { self == .month || self == .dayOfWeek }
    }

    static func parseSimple(_ text: String, field: Field) throws(ParseError) -> UInt64 {
        if text == "?" { throw ParseError(message: "\(field.rawValue): '?' is only allowed in the day-of-month and day-of-week fields") }
        var bits: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            bits |= try parseItem(String(item), field: field)
        }
        return bits
    }

    /// One list item: `*`, `n`, `a-b`, with an optional `/step`.
    static func parseItem(_ item: String, field: Field) throws(ParseError) -> UInt64 {
        guard !item.isEmpty else { throw ParseError(message: "\(field.rawValue): empty list item") }
        let range = field.range
        let slashParts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard slashParts.count <= 2 else { throw ParseError(message: "\(field.rawValue): '\(item)' has more than one '/'") }
        var step = 1
        if slashParts.count == 2 {
            guard let s = Int(slashParts[1]), s >= 1, s <= range.upperBound else {
                throw ParseError(message: "\(field.rawValue): step in '\(item)' must be a number from 1 to \(range.upperBound)")
            }
            step = s
        }
        let base = String(slashParts[0])
        var lo: Int, hi: Int
        if base == "*" || base == "?" {
            lo = range.lowerBound
            hi = field == .dayOfWeek ? 6 : range.upperBound
        } else if let dash = base.firstIndex(of: "-"), dash != base.startIndex {
            lo = try value(String(base[..<dash]), field: field, item: item)
            hi = try value(String(base[base.index(after: dash)...]), field: field, item: item)
            if field == .dayOfWeek && hi == 0 && lo > 0 { hi = 7 }  // FRI-SUN
            guard lo <= hi else {
                throw ParseError(message: "\(field.rawValue): range '\(base)' runs backwards; write it as a list of two ranges")
            }
        } else {
            lo = try value(base, field: field, item: item)
            hi = slashParts.count == 2 ? range.upperBound : lo
        }
        var bits: UInt64 = 0
        var v = lo
        while v <= hi {
            bits |= 1 << UInt64(v)
            v += step
        }
        return bits
    }

    static func value(_ text: String, field: Field, item: String) throws(ParseError) -> Int {
        let range = field.range
        if let v = field.value(named: text) { return v }
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let v = Int(text) else {
            throw ParseError(message: "\(field.rawValue): '\(item)' is not a number\(field.takesNames ? " or a name" : "")")
        }
        guard range.contains(v) else {
            throw ParseError(message: "\(field.rawValue): \(v) is out of range \(range.lowerBound)-\(range.upperBound)")
        }
        return v
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}

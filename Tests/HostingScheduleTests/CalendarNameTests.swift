import Testing
import HostingSchedule

/// Month and day names: what the rule file (`init(name:)`, `init(parsing:)`) and cron
/// (`init(abbreviation:)`) accept, and the typed errors for what they reject.
@Suite struct CalendarNameTests {
    @Test(arguments: [
        ("jan", Month.january), ("Jan", .january), ("JAN", .january), ("january", .january), ("JANUARY", .january),
        ("may", .may), ("May", .may), ("jun", .june), ("june", .june), ("sep", .september), ("September", .september),
        ("dec", .december), ("December", .december),
    ])
    func parsesMonthNames(text: String, month: Month) throws {
        #expect(Month(name: text) == month)
        #expect(try Month(parsing: text) == month)
    }

    @Test(arguments: [("1", Month.january), ("6", .june), ("06", .june), ("+6", .june), ("12", .december)])
    func parsesMonthNumbers(text: String, month: Month) throws {
        #expect(try Month(parsing: text) == month)
        #expect(Month(name: text) == nil)
    }

    @Test(arguments: [
        ("sept", Month.ParseError.unknownName("sept")), ("ja", .unknownName("ja")), ("janu", .unknownName("janu")),
        ("", .unknownName("")), (" jan", .unknownName(" jan")), ("1.5", .unknownName("1.5")),
        ("0", .outOfRange(0)), ("13", .outOfRange(13)), ("-1", .outOfRange(-1)),
    ])
    func rejectsWhatIsNotAMonth(text: String, error: Month.ParseError) {
        #expect(throws: error) { try Month(parsing: text) }
    }

    @Test func describesMonthParseErrors() {
        #expect(Month.ParseError.unknownName("sept").description == "'sept' is not a month name (jan, feb, ... or january, february, ...)")
        #expect(Month.ParseError.outOfRange(13).description == "13 is not a month number (1 to 12)")
    }

    @Test func cronTakesOnlyAbbreviations() {
        #expect(Month(abbreviation: "JAN") == .january)
        #expect(Month(abbreviation: "jan") == .january)
        #expect(Month(abbreviation: "january") == nil)
        #expect(Month(abbreviation: "1") == nil)
        #expect(Weekday(abbreviation: "SUN") == .sunday)
        #expect(Weekday(abbreviation: "sat") == .saturday)
        #expect(Weekday(abbreviation: "sunday") == nil)
        #expect(Weekday(abbreviation: "0") == nil)
    }

    @Test func namesEveryMonth() {
        #expect(Month.allCases.map(\.rawValue) == Array(1...12))
        #expect(Month.allCases.map(\.shortName) == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
        #expect(Month.allCases.allSatisfy { Month(name: $0.fullName) == $0 && Month(name: $0.shortName) == $0 })
        #expect(Month.march.description == "Mar")
    }

    @Test(arguments: [
        (Month.january, Month.march, [Month.january, .february, .march]),
        (.november, .february, [.november, .december, .january, .february]),
        (.june, .june, [.june]),
        (.february, .january, [.february, .march, .april, .may, .june, .july, .august, .september, .october, .november, .december, .january]),
    ])
    func monthRangesWrapAfterDecember(first: Month, last: Month, months: [Month]) {
        #expect(Month.wrappingRange(from: first, through: last) == months)
    }

    @Test(arguments: [
        ("mon", Weekday.monday), ("Mon", .monday), ("MONDAY", .monday), ("sunday", .sunday), ("Sat", .saturday),
        ("thu", .thursday), ("Thursday", .thursday),
    ])
    func parsesDayNames(text: String, day: Weekday) throws {
        #expect(Weekday(name: text) == day)
        #expect(try Weekday(parsing: text) == day)
    }

    @Test(arguments: ["thur", "mo", "1", "", "monday "])
    func rejectsWhatIsNotADay(text: String) {
        #expect(throws: Weekday.ParseError.unknownName(text)) { try Weekday(parsing: text) }
    }

    @Test func describesDayParseErrors() {
        #expect(Weekday.ParseError.unknownName("thur").description == "'thur' is not a day name (mon, tue, ... or monday, tuesday, ...)")
    }

    @Test(arguments: [
        (Weekday.monday, Weekday.friday, [Weekday.monday, .tuesday, .wednesday, .thursday, .friday]),
        (.friday, .monday, [.friday, .saturday, .sunday, .monday]),
        (.sunday, .sunday, [.sunday]),
    ])
    func dayRangesWrapAfterSaturday(first: Weekday, last: Weekday, days: [Weekday]) {
        #expect(Weekday.wrappingRange(from: first, through: last) == days)
    }

    @Test func monthBitsAndDescription() {
        let c = DateConstraints(months: DateConstraints.monthBits(Month.wrappingRange(from: .november, through: .february)))
        #expect(c.months == 0b1_1000_0000_0110)
        #expect(c.allows(Month.december) && !c.allows(Month.march))
        #expect(c.description == "Jan,Feb,Nov,Dec")
        #expect(DateConstraints.monthBits(Month.allCases) == DateConstraints.allMonths)
    }
}

import Testing
@testable import HostingSchedule

@Suite struct LocalDateTests {
    @Test(arguments: [
        ("1970-01-01", 0, Weekday.thursday),
        ("2000-02-29", 11_016, .tuesday),
        ("2026-11-29", 20_786, .sunday),
        ("1969-12-31", -1, .wednesday),
        ("2100-03-01", 47_541, .monday),
    ])
    func convertsToDaysAndWeekday(text: String, days: Int, weekday: Weekday) {
        let d = date(text)
        #expect(d.daysSinceEpoch == days)
        #expect(LocalDate(daysSinceEpoch: days) == d)
        #expect(d.weekday == weekday)
        #expect(d.description == text)
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026/01/01", "2026-01-00", ""])
    func rejectsInvalidDates(text: String) {
        #expect(LocalDate(parsing: text) == nil)
    }

    @Test func roundTripsEveryDayOverFourCenturies() {
        var previous = LocalDate(daysSinceEpoch: -200_000)
        for n in -199_999...200_000 {
            let d = LocalDate(daysSinceEpoch: n)
            #expect(d.daysSinceEpoch == n)
            #expect(previous < d)
            #expect(d.weekday.rawValue == (previous.weekday.rawValue + 1) % 7)
            previous = d
        }
    }

    @Test(arguments: [("07:00", 420), ("0:05", 5), ("24:00", 1440), ("23:59", 1439)])
    func parsesTimes(text: String, minutes: Int) {
        #expect(TimeOfDay(parsing: text)?.minutes == minutes)
    }

    @Test(arguments: ["24:01", "7", "07:0", "07:60", "25:00", "07:00:00", "7.00", "-1:00"])
    func rejectsBadTimes(text: String) {
        #expect(TimeOfDay(parsing: text) == nil)
    }

    @Test(arguments: [
        ([Weekday.monday, .tuesday, .wednesday, .thursday, .friday], "Mon-Fri"),
        ([.saturday, .sunday], "Sat,Sun"),
        ([.friday, .saturday, .sunday, .monday], "Fri-Mon"),
        ([.monday, .wednesday], "Mon,Wed"),
        (Weekday.allCases, "daily"),
    ])
    func describesWeekdaySets(days: [Weekday], text: String) {
        #expect(WeekdaySet(days).description == text)
    }

    @Test(arguments: [("14h", 50_400), ("90m", 5_400), ("1h30m", 5_400), ("2d", 172_800), ("1d12h", 129_600)])
    func parsesDurations(text: String, seconds: Int) {
        #expect(DurationText.parse(text) == seconds)
        #expect(DurationText.parse(DurationText.format(seconds: seconds)) == seconds)
    }

    @Test(arguments: ["", "14", "h", "30m1h", "1h1h", "1.5h", "-1h", "1w"])
    func rejectsBadDurations(text: String) {
        #expect(DurationText.parse(text) == nil)
    }
}

import Testing
@testable import HostingSchedule

@Suite struct CronExpressionTests {
    /// (expression, date, whether the date matches).
    @Test(arguments: [
        ("0 6 * * *", "2026-11-29", true),
        ("0 6 L * *", "2026-11-30", true),
        ("0 6 L * *", "2026-11-29", false),
        ("0 6 L * *", "2028-02-29", true),
        ("0 6 L * *", "2026-02-28", true),
        ("0 6 L-1 * *", "2026-02-27", true),
        ("0 6 L-1 * *", "2026-02-28", false),
        ("0 6 LW * *", "2026-05-29", true),   // May 31 2026 is a Sunday, so Fri 29th
        ("0 6 LW * *", "2026-05-31", false),
        ("0 6 15W * *", "2026-08-14", true),  // Aug 15 2026 is a Saturday: Friday 14th
        ("0 6 15W * *", "2026-08-15", false),
        ("0 6 15W * *", "2026-11-16", true),  // Nov 15 2026 is a Sunday: Monday 16th
        ("0 6 1W * *", "2026-08-03", true),   // Aug 1 2026 is a Saturday: never leaves the month, Monday 3rd
        ("0 6 1W * *", "2026-07-31", false),
        ("0 6 31W * *", "2026-05-29", true),  // May 31 2026 is a Sunday: Friday 29th
        ("0 6 31W * *", "2026-04-30", false), // April has no 31st: no firing
        ("0 6 * * MON#1", "2026-12-07", true),
        ("0 6 * * 1#1", "2026-11-30", false),
        ("0 6 * * FRI#5", "2026-01-30", true),
        ("0 6 * * 5L", "2026-11-27", true),
        ("0 6 * * FRIL", "2026-11-20", false),
        ("0 6 * * 7", "2026-11-29", true),    // 7 is Sunday
        ("0 6 * * 0", "2026-11-29", true),
        ("0 6 * * SUN", "2026-11-29", true),
        ("0 6 * * MON-FRI", "2026-11-29", false),
        ("0 6 * * FRI-SUN", "2026-11-29", true),
        ("0 6 * * */2", "2026-11-29", true),  // 0,2,4,6
        ("0 6 * * */2", "2026-11-30", false),
        // Both day fields restricted: a date matches if either does (standard cron).
        ("0 6 1 * MON", "2026-11-30", true),
        ("0 6 1 * MON", "2026-12-01", true),
        ("0 6 1 * MON", "2026-12-02", false),
        // One day field restricted: only it counts.
        ("0 6 1 * *", "2026-11-30", false),
        ("0 6 ? * MON", "2026-11-30", true),
        ("0 6 * JAN,JUL *", "2026-07-04", true),
        ("0 6 * jan-mar *", "2026-04-01", false),
        ("0 6 */10 * *", "2026-11-21", true),
        ("0 6 */10 * *", "2026-11-20", false),
        ("0 6 5/10 * *", "2026-11-25", true),
        ("@monthly", "2026-11-01", true),
        ("@weekly", "2026-11-29", true),
        ("@weekly", "2026-11-30", false),
    ])
    func matchesDates(expression: String, day: String, matches: Bool) throws {
        let c = try CronExpression(parsing: expression)
        #expect(c.matches(date(day)) == matches, "\(expression) on \(day)")
    }

    @Test(arguments: [
        ("*/15 9-10 * * *", [540, 555, 570, 585, 600, 615, 630, 645]),
        ("0,30 23 * * *", [1380, 1410]),
        ("5 0 * * *", [5]),
        ("@hourly", Array(stride(from: 0, to: 1440, by: 60))),
    ])
    func listsFiringMinutes(expression: String, minutes: [Int]) throws {
        #expect(try CronExpression(parsing: expression).firingMinutes(on: date("2026-11-29")) == minutes)
    }

    @Test(arguments: [
        ("0 25 * * *", "hour: 25 is out of range 0-23"),
        ("60 * * * *", "minute: 60 is out of range 0-59"),
        ("0 0 0 * *", "day-of-month: 0 is out of range 1-31"),
        ("0 0 * 13 *", "month: 13 is out of range 1-12"),
        ("0 0 * * 8", "day-of-week: 8 is out of range 0-7"),
        ("0 0 * *", "a cron expression has 5 fields (minute hour day-of-month month day-of-week), '0 0 * *' has 4"),
        ("0 0 * * * *", "a cron expression has 5 fields (minute hour day-of-month month day-of-week), '0 0 * * * *' has 6"),
        ("31 2 30 2 *", "'31 2 30 2 *' never fires (no date matches its day-of-month, month and day-of-week)"),
        ("0 0 31 4,6,9,11 *", "'0 0 31 4,6,9,11 *' never fires (no date matches its day-of-month, month and day-of-week)"),
        ("*/0 * * * *", "minute: step in '*/0' must be a number from 1 to 59"),
        ("0 17-9 * * *", "hour: range '17-9' runs backwards; write it as a list of two ranges"),
        ("0 0 * * MON#6", "day-of-week: 'MON#6' is not valid (d#n takes n from 1 to 5)"),
        ("0 0 32W * *", "day-of-month: '32W' is not valid (nW takes a day from 1 to 31)"),
        ("0 0 * * FOO", "day-of-week: 'FOO' is not a number or a name"),
        ("x 0 * * *", "minute: 'x' is not a number"),
        ("0 0 1,,2 * *", "day-of-month: empty list item"),
        ("? 0 * * *", "minute: '?' is only allowed in the day-of-month and day-of-week fields"),
        ("@every", "unknown cron macro '@every' (expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)"),
    ])
    func rejectsInvalidExpressions(expression: String, message: String) {
        #expect(throws: CronExpression.ParseError(message: message)) { try CronExpression(parsing: expression) }
    }

    @Test func acceptsFebruaryTwentyNinth() throws {
        // Fires only in leap years, but it does fire.
        let c = try CronExpression(parsing: "0 0 29 2 *")
        #expect(c.matches(date("2028-02-29")))
    }
}

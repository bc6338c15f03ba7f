import Testing
@testable import HostingSchedule

@Suite struct GlobTests {
    @Test(arguments: [
        ("weld-*", "weld-line1", true),
        ("weld-*", "weld-", true),
        ("weld-*", "xweld-1", false),
        ("*", "anything", true),
        ("pcb-inspection", "pcb-inspection", true),
        ("pcb-inspection", "pcb-inspection2", false),
        ("line-?", "line-7", true),
        ("line-?", "line-17", false),
        ("line-[0-3]", "line-2", true),
        ("line-[0-3]", "line-5", false),
        ("line-[!0-3]", "line-5", true),
        ("*-prod-*", "a-prod-b", true),
        ("*-prod-*", "a-prd-b", false),
        ("Weld-*", "weld-1", false),
        ("1*", "12", true),
        ("1*", "21", false),
    ])
    func matchesWholeNames(pattern: String, name: String, matches: Bool) throws {
        #expect(try Glob(pattern).matches(name) == matches)
    }

    @Test(arguments: [
        ("line-[0-3", "bad pattern 'line-[0-3': '[' at position 6 is never closed"),
        ("line-]", "bad pattern 'line-]': ']' at position 6 has no matching '['"),
        ("x[9-1]", "bad pattern 'x[9-1]': range '9-1' runs backwards"),
    ])
    func rejectsBadPatterns(pattern: String, message: String) {
        #expect(throws: Glob.ParseError(message: message)) { try Glob(pattern) }
    }
}

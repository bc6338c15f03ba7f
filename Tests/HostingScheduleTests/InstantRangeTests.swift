import Foundation
import Testing
@testable import HostingSchedule

/// Honest outputs: whatever the tool prints about an instant it accepts is an instant its own
/// parsers read back, to the second.
@Suite struct InstantRangeTests {
    @Test func theAcceptedRangeIsWhatItsMessageSays() {
        #expect(InstantFormat.acceptedRange == "1900-01-01T00:00:00Z to 9899-12-31T23:59:59Z")
        #expect(InstantFormat.isAccepted(InstantFormat.earliestAccepted) && !InstantFormat.isAccepted(InstantFormat.earliestAccepted - 1))
        #expect(InstantFormat.isAccepted(InstantFormat.latestAccepted) && !InstantFormat.isAccepted(InstantFormat.latestAccepted + 1))
        #expect(InstantFormat.isAccepted(-1))  // before 1970 is fine
    }

    @Test func everyInstantWithinTheHorizonOfTheRangeReadsBack() throws {
        let margin = Schedule.transitionHorizon + 18 * 3600
        let edges = [InstantFormat.earliestAccepted - margin, InstantFormat.earliestAccepted, -1, 0,
                     InstantFormat.latestAccepted, InstantFormat.latestAccepted + margin]
        let (low, high) = (InstantFormat.earliestAccepted - margin, InstantFormat.latestAccepted + margin)
        let spread = Array(stride(from: low, through: high, by: (high - low) / 2000 + 7919))
        for t in edges + spread {
            let text = InstantFormat.utc(t)
            #expect(InstantFormat.parseUTC(text) == t, "\(t): \(text)")
            #expect(try InstantFormat.parseISO8601(text) == t, "\(t): \(text)")
        }
    }
}

import EventDelivery
import XCTest

/// Batching as PutEvents allows it: at most 10 entries and 256 KiB per call, the size computed
/// as EventBridge documents it.
final class EventBatchesTests: XCTestCase {
    func entry(detailBytes: Int, resources: [String] = []) -> EventEntry {
        EventEntry(detailType: .modelStopped, detail: String(repeating: "x", count: detailBytes), resources: resources, time: 1_800_000_000)
    }

    func testSizeCountsTimeSourceDetailTypeDetailAndResourcesAsAWSDocuments() {
        let e = EventEntry(detailType: .modelStopped, detail: "{\"a\":\"é\"}", resources: ["arn:aws:x", "arn:b"], time: 0)
        // 14 (Time) + "lookout-scheduler" (17) + "Model Stopped" (13) + 10 (é is 2 bytes) + 9 + 5.
        XCTAssertEqual(e.size, 14 + 17 + 13 + 10 + 9 + 5)
    }

    func testTwentyFiveSmallEntriesGoInCallsOfTenTenAndFive() {
        let batches = EventBatches.split((0..<25).map { _ in entry(detailBytes: 100) })
        XCTAssertEqual(batches.map(\.count), [10, 10, 5])
    }

    func testLargeEntriesAreCutAt256KiBPerCall() {
        // Each entry 100,000 bytes of detail: two fit in 262,144 bytes, three do not.
        let batches = EventBatches.split((0..<5).map { _ in entry(detailBytes: 100_000) })
        XCTAssertEqual(batches.map(\.count), [2, 2, 1])
        for b in batches { XCTAssertLessThanOrEqual(b.reduce(0) { $0 + $1.size }, EventEntry.maximumSize) }
    }

    func testAnEntryExactlyAtTheLimitGoesAloneAndTheNextStartsANewCall() {
        let exact = entry(detailBytes: EventEntry.maximumSize - entry(detailBytes: 0).size)
        XCTAssertEqual(exact.size, EventEntry.maximumSize)
        XCTAssertEqual(EventBatches.split([exact, entry(detailBytes: 1)]).map(\.count), [1, 1])
    }
}

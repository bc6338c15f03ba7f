import Foundation
import Testing
@testable import HostingSchedule

@Suite struct ZoneClockTests {
    /// (zone, local date, local time, the instant it resolves to).
    @Test(arguments: [
        // Ordinary times.
        ("Europe/Berlin", "2026-11-30", "07:00", "2026-11-30T06:00:00Z"),
        ("Europe/Berlin", "2026-07-01", "07:00", "2026-07-01T05:00:00Z"),
        // Spring forward, northern hemisphere: 02:00 -> 03:00. 02:30 does not exist: 03:30 CEST.
        ("Europe/Berlin", "2026-03-29", "02:30", "2026-03-29T01:30:00Z"),
        ("Europe/Berlin", "2026-03-29", "02:00", "2026-03-29T01:00:00Z"),
        ("Europe/Berlin", "2026-03-29", "03:00", "2026-03-29T01:00:00Z"),
        // Fall back: 02:30 happens twice; the earlier (CEST) one is taken.
        ("Europe/Berlin", "2026-10-25", "02:30", "2026-10-25T00:30:00Z"),
        ("Europe/Berlin", "2026-10-25", "03:00", "2026-10-25T02:00:00Z"),
        ("America/Chicago", "2026-03-08", "02:30", "2026-03-08T08:30:00Z"),
        ("America/Chicago", "2026-11-01", "01:30", "2026-11-01T06:30:00Z"),
        // Southern hemisphere: Sydney springs forward in October and falls back in April.
        ("Australia/Sydney", "2026-10-04", "02:30", "2026-10-03T16:30:00Z"),
        ("Australia/Sydney", "2026-04-05", "02:30", "2026-04-04T15:30:00Z"),
        ("Australia/Sydney", "2026-04-05", "03:00", "2026-04-04T17:00:00Z"),
        // A half-hour DST shift.
        ("Australia/Lord_Howe", "2026-10-04", "02:15", "2026-10-03T15:45:00Z"),
        // A zone without DST, and one with a fractional offset.
        ("Asia/Kolkata", "2026-03-29", "02:30", "2026-03-28T21:00:00Z"),
        ("UTC", "2026-03-29", "02:30", "2026-03-29T02:30:00Z"),
    ])
    func resolvesWallTimes(zoneID: String, day: String, wall: String, expected: String) {
        let clock = ZoneClock(zone(zoneID))
        #expect(clock.instant(of: date(day), minutes: time(wall).minutes) == utc(expected))
    }

    @Test func resolvesEndOfDay() {
        let clock = ZoneClock(zone("Europe/Berlin"))
        #expect(clock.instant(of: date("2026-11-30"), minutes: 1440) == clock.instant(of: date("2026-12-01"), minutes: 0))
    }

    @Test(arguments: [
        ("Europe/Berlin", "2026-03-29T01:30:00Z", "2026-03-29T03:30:00+02:00"),
        ("Europe/Berlin", "2026-10-25T00:30:00Z", "2026-10-25T02:30:00+02:00"),
        ("Europe/Berlin", "2026-10-25T01:30:00Z", "2026-10-25T02:30:00+01:00"),
        ("America/Chicago", "2026-12-01T04:00:00Z", "2026-11-30T22:00:00-06:00"),
        ("Asia/Kolkata", "2026-01-01T00:00:00Z", "2026-01-01T05:30:00+05:30"),
    ])
    func formatsLocalTimes(zoneID: String, instant: String, local: String) {
        #expect(InstantFormat.local(utc(instant), in: ZoneClock(zone(zoneID))) == local)
        #expect(InstantFormat.utc(utc(instant)) == instant)
    }
}

@Suite struct ZoneOffsetTableTests {
    /// The table answers exactly what Foundation answers, around every change and at random instants.
    @Test(arguments: ["Europe/Berlin", "America/Chicago", "Australia/Sydney", "Australia/Lord_Howe", "America/Sao_Paulo",
                      "Europe/Moscow", "Asia/Kolkata", "Pacific/Apia", "UTC"])
    func agreesWithFoundation(zoneID: String) {
        let tz = TimeZone(identifier: zoneID)!
        let table = ZoneOffsetTable(tz)
        func foundation(_ t: Int) -> Int { tz.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))) }
        for start in table.starts.dropFirst() {
            for t in [start - 1, start, start + 1] { #expect(table.offset(at: t) == foundation(t), "\(zoneID) at \(t)") }
        }
        var rng = SplitMix(seed: 7)
        for _ in 0..<2000 {
            let t = Int(rng.next() % UInt64(ZoneOffsetTable.rangeEnd))
            #expect(table.offset(at: t) == foundation(t))
        }
        #expect(table.offset(at: -1) == nil)
        #expect(table.offset(at: ZoneOffsetTable.rangeEnd) == nil)
    }
}

@Suite struct InstantParsingTests {
    @Test(arguments: [0, 1_796_032_800, 4_102_444_799, -86_400])
    func parsesWhatItWrites(t: Int) {
        #expect(InstantFormat.parseUTC(InstantFormat.utc(t)) == t)
    }

    @Test(arguments: ["2026-11-30T06:00:00", "2026-11-30 06:00:00Z", "2026-02-30T06:00:00Z", "2026-11-30T24:00:00Z", "2026-11-30T06:00:00+01:00"])
    func rejectsOtherForms(text: String) {
        #expect(InstantFormat.parseUTC(text) == nil)
    }
}

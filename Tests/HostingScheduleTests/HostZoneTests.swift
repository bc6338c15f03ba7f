import Foundation
import Testing
@testable import HostingSchedule
@testable import ZoneInfo

/// Zone rules come from TZif files: our own, compiled with `zic`, and every zone the host has;
/// the evaluator's offsets must be the C library's at every change and between them.
@Suite(.serialized) struct HostZoneTests {
    static let from = 0                 // 1970-01-01
    static let to = 2_145_916_800       // 2038-01-01

    /// Checks `rules` against `localtime_r` with `TZ=tz` in [from, to): at each change the
    /// evaluator knows (and a second either side), every `step` seconds, and at random instants.
    /// Answers the first disagreement, or nil.
    static func disagreement(_ rules: ZoneRules, tz: String, from: Int, to: Int, step: Int = 7 * 86_400, random: Int = 300,
                             seed: UInt64 = 17) -> String? {
        var instants: [Int] = []
        for c in rules.changes(in: from..<to) { instants += [c - 1, c, c + 1] }
        instants += stride(from: from, to: to, by: step)
        var g = SplitMix(seed: seed)
        for _ in 0..<random { instants.append(Int.random(in: from..<to, using: &g)) }
        let libc = LibC.offsets(zone: tz, at: instants)
        for (t, expected) in zip(instants, libc) where rules.offset(at: t) != expected {
            return "\(rules.identifier) at \(InstantFormat.utc(t)): evaluator \(rules.offset(at: t)) s, C library \(expected) s"
        }
        return nil
    }

    @Test(arguments: ["slim", "fat"])
    func theEvaluatorFollowsOurOwnZoneFilesExactly(bloat: String) throws {
        let dir = try ZicZones.compile(bloat: bloat)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = ZoneDatabase(directory: dir)
        #expect(db.summary == "tzdata test1 from \(dir)")
        for zone in ZicZones.sources {
            let rules = try db.rules(named: zone.name)
            // To 2100, well past the files' last transitions: the footer's years too.
            #expect(HostZoneTests.disagreement(rules, tz: ":" + dir + "/" + zone.name, from: 0, to: 4_102_444_800, step: 86_400) == nil,
                    "\(zone.name): \(zone.why)")
        }
    }

    /// What each zone must say, independently of the C library.
    @Test func ourZonesSayWhatTheirSourcesSay() throws {
        let dir = try ZicZones.compile()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = ZoneDatabase(directory: dir)
        func offset(_ zone: String, _ instant: String) throws -> Int { try db.rules(named: zone).offset(at: utc(instant)) }
        // Rules that change in the future: +01/+02 in 2027, +02/+03 from 2028.
        #expect(try offset("Test/Future", "2027-07-01T12:00:00Z") == 7200)
        #expect(try offset("Test/Future", "2027-12-01T12:00:00Z") == 3600)
        #expect(try offset("Test/Future", "2028-01-15T12:00:00Z") == 7200)
        #expect(try offset("Test/Future", "2028-07-01T12:00:00Z") == 10_800)
        #expect(try offset("Test/Future", "2035-07-01T12:00:00Z") == 10_800)
        // DST abolished on 2026-11-01: +02 from then on, summer and winter.
        #expect(try offset("Test/NoDST", "2026-10-28T12:00:00Z") == 3600)
        #expect(try offset("Test/NoDST", "2026-12-01T12:00:00Z") == 7200)
        #expect(try offset("Test/NoDST", "2031-01-15T12:00:00Z") == 7200)
        #expect(try offset("Test/NoDST", "2031-07-15T12:00:00Z") == 7200)
        // A 30-minute DST, south of the equator.
        #expect(try offset("Test/HalfHour", "2026-12-01T00:00:00Z") == 39_600)
        #expect(try offset("Test/HalfHour", "2026-07-01T00:00:00Z") == 37_800)
        // A negative DST: winter is the "daylight" time, one hour behind.
        #expect(try offset("Test/Negative", "2026-07-01T00:00:00Z") == 3600)
        #expect(try offset("Test/Negative", "2026-12-01T00:00:00Z") == 0)
        // Only the footer after the last transition (slim): its rule is what answers.
        let footer = try db.rules(named: "Test/Footer")
        guard case .posix(let rule) = footer.after else { Issue.record("Test/Footer has no footer rule"); return }
        #expect(rule.description == "EST5EDT,M3.2.0,M11.1.0")
        #expect(footer.offset(at: utc("2030-07-01T12:00:00Z")) == -14_400)
        #expect(footer.offset(at: utc("2030-12-01T12:00:00Z")) == -18_000)
        // Past the table (2200), the footer itself: 2300-07-01 is summer time.
        #expect(footer.offset(at: 10_435_852_800) == -14_400)
    }

    /// A Monday 08:00-18:00 window at 08:30 local: hosted by the file's rules, whatever Foundation's
    /// frozen copy would say.
    @Test func aWindowIsReadInTheZoneOfTheFile() throws {
        let dir = try ZicZones.compile()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rules = try ZoneDatabase(directory: dir).rules(named: "Test/Future")
        let office = Schedule(name: "office", zone: rules, kind: .windows([weekly([.monday], "08:00", "18:00")]))
        // Mon 2028-07-03 08:30 local is 05:30Z under the 2028 rules (+03).
        #expect(office.isHosted(at: utc("2028-07-03T05:30:00Z")))
        #expect(!office.isHosted(at: utc("2028-07-03T04:30:00Z")))
    }

    @Test func brokenFilesAreRefusedNamingTheZoneAndTheFile() throws {
        let dir = try ZicZones.compile()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/Test/Future")))
        let cases: [(String, [UInt8], String)] = [
            ("Test/Truncated", Array(good.prefix(good.count / 2)), "truncated"),
            ("Test/NoFooterEnd", Array(good.dropLast()), "footer has no closing newline"),
            ("Test/NotTZif", Array("Europe/Berlin\n".utf8), "not a TZif file"),
            ("Test/Empty", [], "truncated"),
            ("Test/BadVersion", [UInt8]("TZif".utf8) + [UInt8(ascii: "7") &+ 10] + Array(good.dropFirst(5)), "unknown TZif version"),
        ]
        for (name, bytes, why) in cases {
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name))
            let db = ZoneDatabase(directory: dir)
            #expect {
                _ = try db.rules(named: name)
            } throws: { error in
                let text = "\(error)"
                return text.contains(name) && text.contains(dir + "/" + name) && text.contains(why)
            }
        }
    }

    /// Version 1 (the 32-bit block alone) and versions 3 and 4 (the v2 layout) read the same offsets.
    @Test func everyVersionOfTheFormatReadsTheSame() throws {
        let dir = try ZicZones.compile(bloat: "fat")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fat = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/Test/Future")))
        let reference = try TZif.parse(fat, identifier: "Test/Future")
        func count(_ at: Int) -> Int { Int(fat[at]) << 24 | Int(fat[at + 1]) << 16 | Int(fat[at + 2]) << 8 | Int(fat[at + 3]) }
        let (isut, isstd, leap, time, type, char) = (count(20), count(24), count(28), count(32), count(36), count(40))
        let v1Length = 44 + time * 5 + type * 6 + char + leap * 8 + isstd + isut
        var v1 = Array(fat.prefix(v1Length))
        v1[4] = 0
        let fromV1 = try TZif.parse(v1, identifier: "Test/Future")
        for version in ["3", "4"] {
            var later = fat
            later[4] = Character(version).asciiValue!
            later[v1Length + 4] = later[4]
            let parsed = try TZif.parse(later, identifier: "Test/Future")
            for t in stride(from: 0, to: 4_102_444_800, by: 86_400 * 3) { #expect(parsed.offset(at: t) == reference.offset(at: t)) }
        }
        // The 32-bit data ends in 2037 and has no footer; up to then it agrees.
        for t in stride(from: 0, to: 2_145_916_800, by: 86_400) where fromV1.offset(at: t) != reference.offset(at: t) {
            Issue.record("version 1 differs at \(InstantFormat.utc(t))")
            break
        }
        // Headers whose versions differ are refused.
        var mixed = fat
        mixed[v1Length + 4] = UInt8(ascii: "3")
        #expect(throws: TZif.Error.self) { _ = try TZif.parse(mixed, identifier: "Test/Future") }
    }

    /// Past 2200 (the table's horizon) and past a last transition in 2300: the file still answers.
    @Test func farFutureInstantsFollowTheFile() throws {
        let dir = try ZicZones.compile(bloat: "fat")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rules = try ZoneDatabase(directory: dir).rules(named: "Test/Far")
        let year2200 = 7_258_118_400, year2400 = 13_569_465_600
        #expect(HostZoneTests.disagreement(rules, tz: ":" + dir + "/Test/Far", from: year2200, to: year2400, step: 86_400 * 5) == nil)
        #expect(rules.offset(at: 9_467_107_200) == -14_400 || rules.offset(at: 9_467_107_200) == -18_000)  // 2270
    }

    /// A hostile file: transition times at the ends of 64 bits, offsets beyond any local time.
    @Test func extremeTimesAndOffsetsNeitherTrapNorHang() throws {
        func tzif(times: [Int64], offsets: [Int32], footer: String) -> [UInt8] {
            func be32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
            func be64(_ v: Int64) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
            func header(time: Int, type: Int) -> [UInt8] {
                var h: [UInt8] = Array("TZif2".utf8) + [UInt8](repeating: 0, count: 15)
                for c in [0, 0, 0, time, type, 4] { h += be32(Int32(c)) }
                return h
            }
            var types: [UInt8] = []
            for (k, o) in offsets.enumerated() { types += be32(o) + [UInt8(k % 2), 0] }
            let names: [UInt8] = [88, 88, 0, 0]
            var file: [UInt8] = header(time: 0, type: offsets.count) + types + names
            file += header(time: times.count, type: offsets.count)
            for t in times { file += be64(t) }
            for k in times.indices { file.append(UInt8(k % offsets.count)) }
            file += types + names
            file += Array("\n\(footer)\n".utf8)
            return file
        }
        let dst = "EST5EDT,M3.2.0,M11.1.0"
        // The end of time: refused, not a trap.
        #expect(throws: TZif.Error.self) { _ = try TZif.parse(tzif(times: [0, .max], offsets: [-18_000, -14_400], footer: dst), identifier: "X") }
        // The beginning of time and the big bang: clamped; the footer answers at once, from the last transition on.
        for first in [Int64.min, -(1 << 59), -(1 << 62)] {
            let rules = try TZif.parse(tzif(times: [first], offsets: [-18_000, -14_400], footer: dst), identifier: "X")
            #expect(rules.offset(at: 1_782_864_000) == -14_400)  // 2026-07-01
            #expect(rules.offset(at: 1_796_083_200) == -18_000)  // 2026-12-01
        }
        // Offsets beyond ±18 h, in a type or in the footer.
        #expect(throws: TZif.Error.self) { _ = try TZif.parse(tzif(times: [0], offsets: [0, 72_000], footer: "XXX0"), identifier: "X") }
        #expect(throws: TZif.Error.self) { _ = try TZif.parse(tzif(times: [0], offsets: [0, 3600], footer: "XXX-20"), identifier: "X") }
        #expect(throws: TZif.Error.self) { _ = try TZif.parse(tzif(times: [0], offsets: [0, 3600], footer: "XXX0YYY-19,M3.2.0,M11.1.0"), identifier: "X") }
    }

    @Test func anEmptyDirectoryHasNoZoneFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = ZoneDatabase(directory: dir)
        #expect(db.fallbackNotice?.contains("no zone files in \(dir)") == true)
        #expect(try db.rules(named: "Europe/Berlin").offset(at: 1_782_864_000) == 7200)
    }

    /// Local mean time has offsets with seconds (Monrovia was -00:44:30 until 1972): printed with
    /// them, and parsed back to the same instant.
    @Test func offsetsWithSecondsPrintAndParseBack() throws {
        let clock = ZoneClock(zone("Africa/Monrovia"))
        let t = utc("1950-06-01T12:00:00Z")
        let text = InstantFormat.local(t, in: clock)
        #expect(text == "1950-06-01T11:15:30-00:44:30")
        #expect(try InstantFormat.parseISO8601(text) == t)
        #expect(InstantFormat.local(utc("2026-06-01T12:00:00Z"), in: clock) == "2026-06-01T12:00:00+00:00")
        #expect(throws: InstantFormat.ParseError.self) { _ = try InstantFormat.parseISO8601("1950-06-01T11:15:30-00:44:60") }
    }

    @Test func namesThatArePathsOrLeaveTheDirectoryAreRefused() throws {
        let dir = try ZicZones.compile()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/Test/Outside", withDestinationPath: "/etc/hostname")
        try FileManager.default.createSymbolicLink(atPath: dir + "/Test/Alias", withDestinationPath: "Future")
        let db = ZoneDatabase(directory: dir)
        for name in ["/etc/localtime", "../etc/passwd", "Test/../Test/Future", "Test//Future", "Test/./Future", "Test/Fu ture",
                     "Test/Outside", "", "Test/Fütüre"] {
            #expect(throws: ZoneLookupError.self, "\(name)") { _ = try db.rules(named: name) }
        }
        #expect {
            _ = try db.rules(named: "Test/Outside")
        } throws: { "\($0)".contains("leads outside") }
        #expect(throws: ZoneLookupError.unknown(name: "Test/Nowhere", directory: dir)) { _ = try db.rules(named: "Test/Nowhere") }
        // A link that stays inside is a zone (as tzdata's own links are).
        #expect(try db.rules(named: "Test/Alias").offset(at: utc("2028-07-01T00:00:00Z")) == 10_800)
    }

    @Test func eachZoneIsReadOnceAndShared() throws {
        let dir = try ZicZones.compile()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = ZoneDatabase(directory: dir)
        let first = try db.rules(named: "Test/Future")
        try FileManager.default.removeItem(atPath: dir + "/Test/Future")
        #expect(try db.rules(named: "Test/Future") === first)
        #expect(ZoneDatabase.host(environment: ["TZDIR": dir]) === ZoneDatabase.host(environment: ["TZDIR": dir]))
    }

    @Test func withoutZoneFilesTheBuiltInDataAnswersAndSaysSo() throws {
        let db = ZoneDatabase(directory: "/nonexistent-zoneinfo")
        guard case .builtin(let version, let missing) = db.source else { Issue.record("not the built-in data"); return }
        #expect(missing == "/nonexistent-zoneinfo")
        #expect(db.summary == "built-in tzdata \(version) (no zone files in /nonexistent-zoneinfo)")
        #expect(db.fallbackNotice?.contains("no zone files in /nonexistent-zoneinfo") == true)
        #expect(try db.rules(named: "Europe/Berlin").offset(at: utc("2026-07-01T00:00:00Z")) == 7200)
        #expect(throws: ZoneLookupError.self) { _ = try db.rules(named: "Europe/Nowhere") }
        #expect(ZoneDatabase(directory: "/usr/share/zoneinfo").fallbackNotice == nil)
    }

    /// Every zone the host has, 1970-2037: the evaluator's offset is the C library's at every
    /// change, every week, and at random instants.
    @Test func everyHostZoneAgreesWithTheCLibrary() throws {
        let db = ZoneDatabase(directory: "/usr/share/zoneinfo")
        let names = db.knownNames()
        #expect(names.count > 300, "the host's tzdata lists \(names.count) zones")
        var failures: [String] = []
        for (k, name) in names.enumerated() {
            let rules = try db.rules(named: name)
            if let d = HostZoneTests.disagreement(rules, tz: name, from: HostZoneTests.from, to: HostZoneTests.to, random: 200,
                                                 seed: UInt64(k + 1)) {
                failures.append(d)
            }
        }
        #expect(failures.isEmpty, "\(failures.count) zones disagree: \(failures.prefix(5).joined(separator: "; "))")
    }
}

@Suite struct PosixTZRuleTests {
    @Test(arguments: [
        ("EST5EDT,M3.2.0,M11.1.0", "2026-07-01T00:00:00Z", -14_400),
        ("EST5EDT,M3.2.0,M11.1.0", "2026-03-08T06:59:59Z", -18_000),
        ("EST5EDT,M3.2.0,M11.1.0", "2026-03-08T07:00:00Z", -14_400),
        ("EST5EDT,M3.2.0,M11.1.0", "2026-11-01T05:59:59Z", -14_400),
        ("EST5EDT,M3.2.0,M11.1.0", "2026-11-01T06:00:00Z", -18_000),
        ("CET-1CEST,M3.5.0,M10.5.0/3", "2026-03-29T00:59:59Z", 3600),
        ("CET-1CEST,M3.5.0,M10.5.0/3", "2026-03-29T01:00:00Z", 7200),
        ("AEST-10AEDT,M10.1.0,M4.1.0/3", "2026-01-15T00:00:00Z", 39_600),
        ("AEST-10AEDT,M10.1.0,M4.1.0/3", "2026-07-15T00:00:00Z", 36_000),
        ("<+0530>-5:30", "2026-07-15T00:00:00Z", 19_800),
        ("IST-1GMT0,M10.5.0,M3.5.0/1", "2026-07-01T00:00:00Z", 3600),
        ("IST-1GMT0,M10.5.0,M3.5.0/1", "2026-12-01T00:00:00Z", 0),
        ("EST5EDT,0/0,J365/25", "2026-01-01T00:00:00Z", -14_400),
        ("EST5EDT,0/0,J365/25", "2026-12-31T23:59:59Z", -14_400),
        ("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", "2026-07-01T00:00:00Z", -7200),
        ("XXX0YYY,J60/0,J61/0", "2028-03-01T12:00:00Z", 3600),
        ("XXX0YYY,59/0,60/0", "2028-02-29T12:00:00Z", 3600),
    ])
    func computesOffsets(rule: String, instant: String, offset: Int) throws {
        #expect(try PosixTZRule(parsing: rule).offset(at: utc(instant)) == offset)
    }

    @Test(arguments: ["", "E", "EST", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,J0,J100", "EST5EDT,M3.2.0",
                      "EST168", "<A>5", "EST5EDT,M3.2.0/168,M11.1.0", "EST5 EDT"])
    func refusesMalformedRules(rule: String) {
        #expect(throws: PosixTZRule.ParseError.self) { _ = try PosixTZRule(parsing: rule) }
    }
}

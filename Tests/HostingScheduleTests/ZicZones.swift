import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Zones of our own, compiled with `zic` (Debian's libc-bin) into a temporary directory used as
/// `TZDIR`: each exercises one thing a zone's rules can do.
enum ZicZones {
    /// The zic source: (zone name, what it exercises, its source text).
    static let sources: [(name: String, why: String, text: String)] = [
        ("Test/Future", "changes its rules in the future: EU-style DST at +01 until 2027, then +02 with DST in April-September",
         """
         Rule TF 2000 2027 - Mar lastSun 1:00u 1:00 S
         Rule TF 2000 2027 - Oct lastSun 1:00u 0 -
         Rule TG 2028 max - Apr Sun>=1 2:00 1:00 S
         Rule TG 2028 max - Sep Sun>=1 3:00 0 -
         Zone Test/Future 1:00 TF CE%sT 2028 Jan 1
                          2:00 TG EE%sT
         """),
        ("Test/NoDST", "abolishes DST: EU-style DST at +01 until the end of October 2026, then +02 all year",
         """
         Rule TN 2000 max - Mar lastSun 1:00u 1:00 S
         Rule TN 2000 max - Oct lastSun 1:00u 0 -
         Zone Test/NoDST 1:00 TN CE%sT 2026 Nov 1
                         2:00 - XET
         """),
        ("Test/HalfHour", "a 30-minute DST (as Lord Howe Island), southern hemisphere",
         """
         Rule TH 2000 max - Oct Sun>=1 2:00 0:30 -
         Rule TH 2000 max - Apr Sun>=1 2:00 0 -
         Zone Test/HalfHour 10:30 TH +1030/+11
         """),
        ("Test/Negative", "a negative DST (as Europe/Dublin): standard time +01 in summer, -1 h in winter",
         """
         Rule TV 2000 max - Mar lastSun 1:00u 0 IST
         Rule TV 2000 max - Oct lastSun 1:00u -1:00 GMT
         Zone Test/Negative 1:00 TV %s
         """),
        ("Test/Footer", "its last transition is followed only by its footer rule (compiled slim)",
         """
         Rule TU 2007 max - Mar Sun>=8 2:00 1:00 D
         Rule TU 2007 max - Nov Sun>=1 2:00 0 S
         Zone Test/Footer -5:00 TU E%sT
         """),
        ("Test/Shift", "a plain +01 zone (its twin in the second directory is +03)",
         """
         Zone Test/Shift 1:00 - XST
         """),
    ]

    /// Compiles every zone into a new directory (`-b slim` or `-b fat`); writes `+VERSION`.
    /// `overrides` replaces a zone's source text (the twin directory of a test).
    static func compile(bloat: String = "slim", version: String = "test1", overrides: [String: String] = [:]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let source = dir + ".zi"
        let text = sources.map { overrides[$0.name] ?? $0.text }.joined(separator: "\n") + "\n"
        try text.write(toFile: source, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: source) }
        let zic = Process()
        zic.executableURL = URL(fileURLWithPath: "/usr/sbin/zic")
        zic.arguments = ["-b", bloat, "-d", dir, source]
        let err = Pipe()
        zic.standardError = err
        try zic.run()
        zic.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard zic.terminationStatus == 0 else { throw ZicFailed(message: message) }
        try "\(version)\n".write(toFile: dir + "/+VERSION", atomically: true, encoding: .utf8)
        return dir
    }

    struct ZicFailed: Error { let message: String }
}

/// The C library's answer: `localtime_r`'s `tm_gmtoff` with `TZ` set to a zone (`:/path` for a
/// file of our own). Changes the process's `TZ` for the duration, then restores it.
enum LibC {
    private static let lock = NSLock()

    static func offsets(zone: String, at instants: [Int]) -> [Int] {
        lock.withLock {
            let saved = getenv("TZ").map { String(cString: $0) }
            setenv("TZ", zone, 1)
            tzset()
            defer {
                if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
                tzset()
            }
            return instants.map { t in
                var time = time_t(t)
                var tm = tm()
                localtime_r(&time, &tm)
                return Int(tm.tm_gmtoff)
            }
        }
    }
}

extension SplitMix: RandomNumberGenerator {}

import FileSafety
import Foundation

extension ZoneDatabase {
    /// Every zone name the database knows, sorted: the zones and links of its `tzdata.zi` (the
    /// list tzdata itself ships), else the zone files found by walking the directory (without
    /// the `posix/` and `right/` copies); for the built-in data, Foundation's list.
    /// Read on demand (for suggestions after an unknown name, and for tests), never on a run's path.
    public func knownNames() -> [String] {
        switch source {
        case .builtin:
            return TimeZone.knownTimeZoneIdentifiers.sorted()
        case .host(let dir, _):
            if let names = namesFromIndex(dir), !names.isEmpty { return names }
            return namesFromWalk(dir)
        }
    }

    /// `Z NAME ...` and `L TARGET NAME` lines of `tzdata.zi`.
    func namesFromIndex(_ dir: String) -> [String]? {
        guard let bytes = try? SafeFile.read(dir + "/tzdata.zi", what: "zone index", maximumSize: 4 << 20) else { return nil }
        var names = Set<String>()
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count >= 2 && fields[0] == "Z" { names.insert(String(fields[1])) }
            if fields.count >= 3 && fields[0] == "L" { names.insert(String(fields[2])) }
        }
        return names.filter { (try? ZoneDatabase.checkName($0)) != nil }.sorted()
    }

    /// Zone-like files under `dir` (names that start with an uppercase letter), at most 10,000.
    func namesFromWalk(_ dir: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: dir) else { return [] }
        var names: [String] = []
        while let entry = walker.nextObject() as? String, names.count < 10_000 {
            if entry == "posix" || entry == "right" { walker.skipDescendants(); continue }
            let last = entry.split(separator: "/").last.map(String.init) ?? entry
            guard let first = last.unicodeScalars.first, ("A"..."Z").contains(first), !last.contains("."),
                  (try? ZoneDatabase.checkName(entry)) != nil else { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + entry, isDirectory: &isDirectory), !isDirectory.boolValue {
                names.append(entry)
            }
        }
        return names.sorted()
    }
}

/// The Time Zone Information Format (RFC 8536): the compiled zone files under `/usr/share/zoneinfo`
/// that the C library, cron and systemd read. Versions 1 to 4; for version 2 and later the 64-bit
/// data block and the footer's TZ string are used, as the RFC asks of readers.
public enum TZif {
    /// Why a file was refused. Names what is wrong and where, in bytes.
    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong.
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// The largest file accepted (the largest zone in tzdata is under 4 KiB; a "fat" one, 10 KiB).
    public static let maximumSize = 256 << 10

    /// Offsets beyond these are not local time (RFC 8536 section 3.2: utoff SHOULD be in
    /// -89999...93599, "more than -25 hours and less than 26 hours").
    static let offsetRange = -89_999...93_599

    /// Parses a whole TZif file into the zone's rules.
    public static func parse(_ bytes: [UInt8], identifier: String) throws(Error) -> ZoneRules {
        var r = Reader(bytes: bytes)
        let first = try r.header()
        guard first.version == 0 || first.version >= 2 else {
            // Version 1 data is read as such; any later version has the v2 layout.
            throw Error("unknown TZif version byte \(first.version)")
        }
        let data: Block
        let footer: String?
        if first.version == 0 {
            data = try r.block(first, timeSize: 4)
            footer = nil
        } else {
            try r.skip(first.v1Length, what: "version 1 data block")
            let second = try r.header()
            guard second.version == first.version else {
                throw Error("the second header's version (\(second.version)) differs from the first's (\(first.version))")
            }
            data = try r.block(second, timeSize: 8)
            footer = try r.footer()
        }
        guard r.offset == bytes.count else { throw Error("\(bytes.count - r.offset) bytes after the footer") }
        var rule: PosixTZRule?
        if let footer, !footer.isEmpty {
            do { rule = try PosixTZRule(parsing: footer) } catch { throw Error("footer: \(error.description)") }
        }
        return ZoneRules(identifier: identifier, transitions: data.transitions, offsets: data.transitionOffsets,
                         beforeFirst: data.firstStandardOffset, footer: rule)
    }

    /// The counts of one header (section 3.1).
    struct Header {
        let version: UInt8
        let isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt: Int

        /// The length of the version 1 data block that follows a header.
        var v1Length: Int { timecnt * 5 + typecnt * 6 + charcnt + leapcnt * 8 + isstdcnt + isutcnt }
    }

    /// What a data block says (section 3.2), reduced to what local time needs.
    struct Block {
        let transitions: [Int]
        let transitionOffsets: [Int]
        /// The offset before the first transition (and with none): the first standard-time type's,
        /// else type 0's (what glibc and CPython's zoneinfo do; zic makes it type 0).
        let firstStandardOffset: Int
    }

    /// A bounds-checked big-endian cursor.
    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func need(_ n: Int, what: String) throws(Error) {
            guard n >= 0, bytes.count - offset >= n else {
                throw Error("truncated: \(what) needs \(n) bytes at byte \(offset), the file has \(bytes.count)")
            }
        }

        mutating func skip(_ n: Int, what: String) throws(Error) {
            try need(n, what: what)
            offset += n
        }

        mutating func u8() -> UInt8 {
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func i32() -> Int {
            defer { offset += 4 }
            let v = UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
            return Int(Int32(bitPattern: v))
        }

        mutating func i64() -> Int {
            var v: UInt64 = 0
            for k in 0..<8 { v = v << 8 | UInt64(bytes[offset + k]) }
            offset += 8
            return Int(Int64(bitPattern: v))
        }

        mutating func header() throws(Error) -> Header {
            let magic = bytes[offset..<min(offset + 4, bytes.count)]
            guard !magic.isEmpty, magic.elementsEqual("TZif".utf8.prefix(magic.count)) else {
                throw Error(offset == 0 && bytes.isEmpty ? "truncated: the file is empty" : "not a TZif file (no \"TZif\" magic at byte \(offset))")
            }
            try need(44, what: "a header")
            guard bytes[offset..<offset + 4].elementsEqual("TZif".utf8) else {
                throw Error("not a TZif file (no \"TZif\" magic at byte \(offset))")
            }
            offset += 4
            let raw = u8()
            let version: UInt8 = raw == 0 ? 0 : (raw >= UInt8(ascii: "2") && raw <= UInt8(ascii: "9") ? raw - UInt8(ascii: "0") : 255)
            offset += 15
            var counts: [Int] = []
            for _ in 0..<6 {
                let c = i32()
                guard c >= 0, c <= TZif.maximumSize else { throw Error("a header count (\(c)) is out of range at byte \(offset - 4)") }
                counts.append(c)
            }
            guard version != 255 else { throw Error("unknown TZif version byte \(raw)") }
            return Header(version: version, isutcnt: counts[0], isstdcnt: counts[1], leapcnt: counts[2],
                          timecnt: counts[3], typecnt: counts[4], charcnt: counts[5])
        }

        mutating func block(_ h: Header, timeSize: Int) throws(Error) -> Block {
            guard h.typecnt >= 1 else { throw Error("no local time types (typecnt is 0)") }
            guard h.charcnt >= 1 else { throw Error("no time zone designations (charcnt is 0)") }
            guard h.isutcnt == 0 || h.isutcnt == h.typecnt, h.isstdcnt == 0 || h.isstdcnt == h.typecnt else {
                throw Error("isutcnt (\(h.isutcnt)) and isstdcnt (\(h.isstdcnt)) must be 0 or typecnt (\(h.typecnt))")
            }
            guard h.leapcnt == 0 else {
                throw Error("it has leap second records (a \"right/\" zone, whose clock counts leap seconds); this host's clock does not: use the zone without \"right/\"")
            }
            let length = h.timecnt * (timeSize + 1) + h.typecnt * 6 + h.charcnt + h.leapcnt * (timeSize + 4) + h.isstdcnt + h.isutcnt
            try need(length, what: "the data block")
            var times = [Int]()
            times.reserveCapacity(h.timecnt)
            for k in 0..<h.timecnt {
                let t = timeSize == 4 ? i32() : i64()
                if let last = times.last, t <= last {
                    throw Error("transition times are not ascending (transition \(k + 1))")
                }
                times.append(t)
            }
            var indices = [Int]()
            indices.reserveCapacity(h.timecnt)
            for k in 0..<h.timecnt {
                let i = Int(u8())
                guard i < h.typecnt else { throw Error("transition \(k + 1) names local time type \(i); there are \(h.typecnt)") }
                indices.append(i)
            }
            var offsets = [Int](), dst = [Bool]()
            for k in 0..<h.typecnt {
                let utoff = i32()
                guard TZif.offsetRange.contains(utoff) else {
                    throw Error("local time type \(k) has an offset of \(utoff) s, not a local time (-25 h to 26 h)")
                }
                let isdst = u8()
                guard isdst <= 1 else { throw Error("local time type \(k) has isdst \(isdst), not 0 or 1") }
                let desig = Int(u8())
                guard desig < h.charcnt else { throw Error("local time type \(k) names designation \(desig); there are \(h.charcnt) bytes") }
                offsets.append(utoff)
                dst.append(isdst == 1)
            }
            guard bytes[offset + h.charcnt - 1] == 0 else { throw Error("the designations do not end with NUL") }
            offset += h.charcnt + h.leapcnt * (timeSize + 4)
            for k in 0..<(h.isstdcnt + h.isutcnt) {
                guard u8() <= 1 else { throw Error("standard/wall or UT/local indicator \(k) is not 0 or 1") }
            }
            let first = dst.firstIndex(of: false) ?? 0
            return Block(transitions: times, transitionOffsets: indices.map { offsets[$0] }, firstStandardOffset: offsets[first])
        }

        /// `\n TZ-string \n` (section 3.3).
        mutating func footer() throws(Error) -> String {
            try need(2, what: "the footer")
            guard bytes[offset] == 0x0A else { throw Error("the footer does not start with a newline (byte \(offset))") }
            guard let end = bytes[(offset + 1)...].firstIndex(of: 0x0A) else { throw Error("truncated: the footer has no closing newline") }
            let text = bytes[(offset + 1)..<end]
            guard text.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { throw Error("the footer holds a byte that is not printable ASCII") }
            offset = end + 1
            return String(decoding: text, as: UTF8.self)
        }
    }
}

/// Text from a file or a user, made safe to quote in a message: printable ASCII only, clipped.
enum TZifText {
    static func printable(_ s: String, limit: Int = 64) -> String {
        var out = ""
        for u in s.unicodeScalars.prefix(limit) {
            out.unicodeScalars.append(u.value >= 0x20 && u.value < 0x7F ? u : "?")
        }
        return s.unicodeScalars.count > limit ? out + "..." : out
    }
}

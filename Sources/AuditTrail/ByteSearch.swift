/// Finding the bytes a JSON line hangs on, eight at a time in one register (SWAR), without a call
/// per string: most strings of an audit record are a few bytes long, where a call to `memchr`
/// costs more than the search. Loads are unaligned and never read past `end`.
enum ByteSearch {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080
    static let quotes: UInt64 = 0x2222_2222_2222_2222
    static let backslashes: UInt64 = 0x5C5C_5C5C_5C5C_5C5C

    /// The high bit of each byte of `word` equal to the byte `pattern` repeats; only the lowest flag
    /// is exact (a borrow can flag a byte above a match), and only the lowest is used.
    @inline(__always) static func equalBytes(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let x = word ^ pattern
        return (x &- ones) & ~x & highs
    }

    /// The 8 bytes at `p` as a word whose lowest byte is the first in memory, whatever the CPU's order.
    @inline(__always) static func word(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The index of the first `"` or `\` in `base[from..<end]`, or `end` when there is none.
    @inline(__always) static func quoteOrBackslash(_ base: UnsafeRawPointer, from: Int, end: Int) -> Int {
        var i = from
        while i + 8 <= end {
            let w = word(base, i)
            let m = equalBytes(w, quotes) | equalBytes(w, backslashes)
            if m != 0 { return i + m.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < end {
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            if b == 0x22 || b == 0x5C { return i }
            i += 1
        }
        return end
    }
}

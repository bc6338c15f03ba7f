import COpenSSL

/// SHA-256, SHA-1 and HMAC-SHA256 from OpenSSL's libcrypto.
public enum Digest {
    /// SHA-256 of `data`.
    public static func sha256(_ data: some Collection<UInt8>) -> [UInt8] {
        if let digest = data.withContiguousStorageIfAvailable({ sha256(bytes: UnsafeRawBufferPointer($0)) }) { return digest }
        return Array(data).withUnsafeBytes { sha256(bytes: $0) }
    }

    /// SHA-1 of `data`. Not for security: the AWS CLI names its SSO token cache files by the SHA-1
    /// of the session name or start URL, and this derives the same names.
    public static func sha1(_ data: some Collection<UInt8>) -> [UInt8] {
        oneShot(data, length: SHA_DIGEST_LENGTH) { SHA1($0, $1, $2) }
    }

    /// A one-shot libcrypto digest (`SHA256`, `SHA1`) of `data` into `length` bytes.
    static func oneShot(_ data: some Collection<UInt8>, length: Int32,
                        _ digest: (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UInt8>?) -> UnsafeMutablePointer<UInt8>?) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(length))
        let bytes = Array(data)
        bytes.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                _ = digest(input.baseAddress, input.count, output.baseAddress)
            }
        }
        return out
    }

    /// HMAC-SHA256 of `data` under `key`.
    public static func hmacSHA256(key: some Collection<UInt8>, data: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let k = Array(key), d = Array(data)
        k.withUnsafeBufferPointer { kp in
            d.withUnsafeBufferPointer { dp in
                out.withUnsafeMutableBufferPointer { op in
                    _ = HMAC(EVP_sha256(), kp.baseAddress, Int32(kp.count), dp.baseAddress, dp.count, op.baseAddress, &length)
                }
            }
        }
        return Array(out.prefix(Int(length)))
    }

    /// Tells OpenSSL not to clean up in an `atexit` handler. Call first thing in `main`: at exit,
    /// libcurl's transfers (on the transport's thread) may still be inside libcrypto, and OpenSSL's own
    /// cleanup would free what they use (seen as a crash at exit under AddressSanitizer).
    public static func keepOpenSSLUntilExit() {
        _ = OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_ATEXIT), nil)
    }

    /// Lower-case hex.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Compares two byte strings in time independent of where they differ.
    public static func constantTimeEquals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for (x, y) in zip(a, b) { diff |= x ^ y }
        return diff == 0
    }
}

extension Digest {
    /// SHA-256 of raw bytes, without copying them.
    public static func sha256(bytes: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { out, count in
            lookout_sha256(bytes.baseAddress, bytes.count, out.baseAddress)
            count = 32
        }
    }

    /// SHA-256 of raw bytes, held inline: no allocation, for a hash per line of a long file.
    public static func sha256Value(bytes: UnsafeRawBufferPointer) -> SHA256Value {
        var value = SHA256Value()
        withUnsafeMutableBytes(of: &value.words) { lookout_sha256(bytes.baseAddress, bytes.count, $0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
        return value
    }

    /// A SHA-256 digest held inline (32 bytes, in order), compared and hex-matched without allocating.
    public struct SHA256Value: Sendable, Equatable {
        /// The digest's bytes, as four words in memory order.
        public var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        /// An all-zero value.
        public init() {}

        /// A value from a 32-byte digest.
        public init(_ digest: [UInt8]) {
            precondition(digest.count == 32, "a SHA-256 digest is 32 bytes")
            withUnsafeMutableBytes(of: &words) { $0.copyBytes(from: digest) }
        }

        /// The bytes.
        public var bytes: [UInt8] { withUnsafeBytes(of: words) { Array($0) } }

        public static func == (a: SHA256Value, b: SHA256Value) -> Bool {
            a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
        }

        /// Whether 64 lower-case hex digits at `hex` spell this digest.
        public func matchesHex(_ hex: UnsafeRawPointer) -> Bool {
            withUnsafeBytes(of: words) { d in
                var diff: UInt8 = 0
                for k in 0..<32 {
                    let hi = hex.load(fromByteOffset: 2 * k, as: UInt8.self), lo = hex.load(fromByteOffset: 2 * k + 1, as: UInt8.self)
                    diff |= (Digest.nibble(hi) << 4 | Digest.nibble(lo)) ^ d[k]
                }
                return diff == 0
            }
        }
    }

    /// The value of a lower-case hex digit (the caller has checked it is one).
    @inline(__always) static func nibble(_ c: UInt8) -> UInt8 { c <= 0x39 ? c &- 0x30 : c &- 0x61 &+ 10 }

    /// SHA-256 fed piece by piece, for data too long to hold at once (an over-long torn line).
    public final class SHA256Stream {
        private let context: OpaquePointer?

        /// A new hash.
        public init() {
            context = EVP_MD_CTX_new()
            _ = EVP_DigestInit_ex(context, EVP_sha256(), nil)
        }

        deinit { EVP_MD_CTX_free(context) }

        /// Adds bytes.
        public func update(_ bytes: UnsafeRawBufferPointer) {
            _ = EVP_DigestUpdate(context, bytes.baseAddress, bytes.count)
        }

        /// The digest of everything added.
        public func finish() -> [UInt8] {
            var out = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
            var length: UInt32 = 0
            out.withUnsafeMutableBufferPointer { _ = EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
            return out
        }
    }
}

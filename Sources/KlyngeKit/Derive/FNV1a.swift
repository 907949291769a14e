/// FNV-1a, 64 bits: a hash that is the same on every machine and in every run
/// (Swift's `Hasher` is seeded per process), for what must not change between
/// builds: practice letters and asset names.
enum FNV1a {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The hash of the bytes, or of what was hashed before them when `continuing` is given.
    static func hash<Bytes: Sequence>(_ bytes: Bytes, continuing hash: UInt64 = offsetBasis) -> UInt64 where Bytes.Element == UInt8 {
        var hash = hash
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}

/// Stable pseudonyms for practices: Praksis A, B, … .
///
/// The letters follow a hash of each provider number keyed with the cluster's secret
/// `pseudonym_key`, so they depend neither on the order of the rows (a re-export of the
/// same extract in another order gives the same letters) nor on any count (a letter
/// says nothing about a practice's size or figures). Sorting by the provider numbers
/// themselves, or by a hash salted only with the public cluster slug, would let anyone
/// who knows the cluster's provider numbers work out who is who; with the key, only
/// the coordinator's key file links letters to practices. A practice keeps its letter
/// in later extracts unless practices join or leave the cluster.
enum Pseudonyms {
    /// Provider number → letter ("A" … "Z", "AA", …).
    static func letters(for providerNumbers: [String], key: String) -> [String: String] {
        let ordered = providerNumbers.sorted { a, b in
            let (ha, hb) = (hash(key, a), hash(key, b))
            return ha != hb ? ha < hb : a < b
        }
        return Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($0.element, letter($0.offset)) })
    }

    /// 0 → "A", 25 → "Z", 26 → "AA": bijective base 26, for clusters of any size.
    static func letter(_ index: Int) -> String {
        var index = index + 1
        var result = ""
        while index > 0 {
            index -= 1
            result = String(UnicodeScalar(UInt8(65 + index % 26))) + result
            index /= 26
        }
        return result
    }

    /// FNV-1a over key, a unit separator and the number: stable across machines and runs.
    static func hash(_ key: String, _ providerNumber: String) -> UInt64 {
        FNV1a.hash(providerNumber.utf8, continuing: FNV1a.hash([0x1F], continuing: FNV1a.hash(key.utf8)))
    }
}

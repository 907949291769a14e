import Foundation

/// URL-safe names that read well in Danish: `Før mødet` → `foer-moedet`.
public enum Slug {
    /// Scalar by scalar: letters and digits kept (lower-cased), the Danish and German
    /// letters spelt out, every run of anything else one hyphen between words. Text with
    /// scalars from U+0300 up is composed first (NFC), so that an `å` written as `a` and
    /// a combining ring reads as the one letter.
    public static func make(_ text: String) -> String {
        let composed = text.unicodeScalars.allSatisfy { $0.value < 0x300 } ? text : text.precomposedStringWithCanonicalMapping
        var slug: [UInt8] = []
        slug.reserveCapacity(composed.utf8.count)
        var pendingHyphen = false
        for scalar in composed.unicodeScalars {
            let replacement: StaticString
            switch scalar.value {
            case 0x61...0x7A, 0x30...0x39:
                if pendingHyphen { slug.append(UInt8(ascii: "-")) }
                slug.append(UInt8(scalar.value))
                pendingHyphen = false
                continue
            case 0x41...0x5A:
                if pendingHyphen { slug.append(UInt8(ascii: "-")) }
                slug.append(UInt8(scalar.value + 0x20))
                pendingHyphen = false
                continue
            case 0xE6, 0xC6, 0xE4, 0xC4: replacement = "ae" // æ Æ ä Ä
            case 0xF8, 0xD8, 0xF6, 0xD6: replacement = "oe" // ø Ø ö Ö
            case 0xE5, 0xC5: replacement = "aa" // å Å
            case 0xE9, 0xE8, 0xEA, 0xC9, 0xC8, 0xCA: replacement = "e" // é è ê É È Ê
            case 0xFC, 0xDC: replacement = "u" // ü Ü
            default:
                pendingHyphen = !slug.isEmpty
                continue
            }
            if pendingHyphen { slug.append(UInt8(ascii: "-")) }
            slug.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            pendingHyphen = false
        }
        return slug.isEmpty ? "afsnit" : String(decoding: slug, as: UTF8.self)
    }

    /// Lower-case letters, digits and single inner hyphens.
    public static func isValid(_ name: String) -> Bool {
        // Nearly every name is made of these bytes only, each its own Character: then the
        // bytes answer as the Characters would. Anything else is asked of the Characters.
        let utf8 = name.utf8
        if utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }) {
            guard let first = utf8.first, let last = utf8.last else { return false }
            return first != 0x2D && last != 0x2D && !zip(utf8, utf8.dropFirst()).contains { $0 == 0x2D && $1 == 0x2D }
        }
        return isValidByCharacters(name)
    }

    /// `isValid`, Character by Character.
    static func isValidByCharacters(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix("-") && !name.hasSuffix("-") && !name.contains("--")
            && name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// Makes repeated slugs unique within one page: `opfoelgning`, `opfoelgning-2`.
struct SlugSet {
    /// A list, not a dictionary: a document has a few dozen headings, and comparing
    /// that many short strings costs less than hashing each.
    private var used: [(slug: String, count: Int)] = []

    mutating func unique(_ slug: String) -> String {
        guard let index = used.firstIndex(where: { $0.slug == slug }) else {
            used.append((slug, 1))
            return slug
        }
        used[index].count += 1
        return "\(slug)-\(used[index].count)"
    }
}

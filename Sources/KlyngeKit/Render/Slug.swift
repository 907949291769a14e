/// URL-safe names that read well in Danish: `Før mødet` → `foer-moedet`.
public enum Slug {
    public static func make(_ text: String) -> String {
        var slug = ""
        var pendingHyphen = false
        for character in text.lowercased() {
            let replacement: String
            switch character {
            case "æ": replacement = "ae"
            case "ø": replacement = "oe"
            case "å": replacement = "aa"
            case "é", "è", "ê": replacement = "e"
            case "ü": replacement = "u"
            case "ö": replacement = "oe"
            case "ä": replacement = "ae"
            case "a"..."z", "0"..."9": replacement = String(character)
            default: replacement = ""
            }
            if replacement.isEmpty {
                pendingHyphen = !slug.isEmpty
            } else {
                if pendingHyphen { slug += "-" }
                slug += replacement
                pendingHyphen = false
            }
        }
        return slug.isEmpty ? "afsnit" : slug
    }

    /// Lower-case letters, digits and single inner hyphens.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix("-") && !name.hasSuffix("-") && !name.contains("--")
            && name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// Makes repeated slugs unique within one page: `opfoelgning`, `opfoelgning-2`.
struct SlugSet {
    private var used: [String: Int] = [:]

    mutating func unique(_ slug: String) -> String {
        let count = (used[slug] ?? 0) + 1
        used[slug] = count
        return count == 1 ? slug : "\(slug)-\(count)"
    }
}

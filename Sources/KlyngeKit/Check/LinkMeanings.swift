/// Why a link does not resolve (nil when it does or leads off the site), in two
/// steps: what a link means for any page of a depth (baseURL stripped, off-site or
/// not, percent-decoded, `..` resolved), cached per `(href, depth)`, and the cheap
/// rest per page (its folders joined in, the target looked up, the anchor checked
/// on that page). The plain one-link check it must equal is in LinkMeaningsTests.
struct LinkMeanings {
    enum Destination {
        /// Empty, protocol-relative or with a scheme: not checked.
        case unchecked
        case outside
        case samePage(fragment: String)
        /// The page's first `keep` folders, then `tail`.
        case address(keep: Int, tail: String, fragment: String)
    }

    let baseURL: String
    /// By the page's depth (its number of folders), then by href.
    private var cache: [[String: Destination]] = []

    init(baseURL: String) { self.baseURL = baseURL }

    /// Why the link does not resolve on this page, or nil.
    mutating func problem(_ href: String, from folders: PageFolders, page: Int, targets: LinkTargets, ids: [Set<String>]) -> String? {
        switch meaning(href, depth: folders.depth) {
        case .unchecked:
            return nil
        case .outside:
            return "it leads outside the site"
        case .samePage(let fragment):
            return !fragment.isEmpty && !ids[page].contains(fragment) ? "the page has no anchor '\(fragment)'" : nil
        case .address(let keep, let tail, let fragment):
            let resolved = keep == 0 ? tail : tail.isEmpty ? folders.prefixes[keep] : folders.prefixes[keep] + "/" + tail
            guard let target = targets.byAddress[resolved] else { return "no page or file at that address" }
            if !fragment.isEmpty, target >= 0, !ids[target].contains(fragment) {
                return "the page has no anchor '\(fragment)'"
            }
            return nil
        }
    }

    mutating func meaning(_ href: String, depth: Int) -> Destination {
        while cache.count <= depth { cache.append([:]) }
        if let known = cache[depth][href] { return known }
        let meaning = Self.meaning(href, depth: depth, baseURL: baseURL)
        cache[depth][href] = meaning
        return meaning
    }

    /// The steps of the check that do not need the page's folder names.
    static func meaning(_ href: String, depth: Int, baseURL: String) -> Destination {
        var href = href
        if !baseURL.isEmpty, href == baseURL || (href.hasPrefix(baseURL) && href.hasPrefix(baseURL + "/")) {
            href = "/" + href.dropFirst(baseURL.count).drop { $0 == "/" }
        }
        if href.isEmpty || href.hasPrefix("//") || LinkCheck.hasScheme(href) {
            return .unchecked
        }
        let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let address = String(parts[0].prefix { $0 != "?" })
        let fragment = parts.count > 1 ? LinkCheck.percentDecoded(String(parts[1])) : ""
        if address.isEmpty { return .samePage(fragment: fragment) }

        let decoded = LinkCheck.percentDecoded(address)
        var keep = decoded.hasPrefix("/") ? 0 : depth
        var tail: [Substring] = []
        for component in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                if !tail.isEmpty {
                    tail.removeLast()
                } else if keep > 0 {
                    keep -= 1
                } else {
                    return .outside
                }
            default: tail.append(component)
            }
        }
        return .address(keep: keep, tail: tail.joined(separator: "/"), fragment: fragment)
    }
}

/// A page's folders: `prefixes[k]` is its first `k` folders joined, as the plain check in LinkMeaningsTests joins them.
struct PageFolders {
    let prefixes: [String]
    var depth: Int { prefixes.count - 1 }

    init(_ page: String) {
        // A clean path (no empty folder names, not ending in `/`): each prefix ends at a
        // slash, found in the bytes in place (a walk of the UTF-8 view cost more than the
        // prefixes themselves).
        let clean = page.utf8.withContiguousStorageIfAvailable { bytes -> [String]? in
            let slash = UInt8(ascii: "/")
            guard bytes.first != slash, bytes.last != slash else { return nil }
            var prefixes = [""]
            for index in bytes.indices where bytes[index] == slash {
                if bytes[index - 1] == slash { return nil }
                prefixes.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[..<index]), as: UTF8.self))
            }
            return prefixes
        } ?? nil
        prefixes = clean ?? Self.joinedPrefixes(page)
    }

    /// The prefixes by `split` and `joined`, for any path.
    static func joinedPrefixes(_ page: String) -> [String] {
        let folders = page.split(separator: "/").dropLast()
        return (0...folders.count).map { folders.prefix($0).joined(separator: "/") }
    }
}

/// Every address a link may resolve to, looked up once: a file's path, or a folder
/// with an `index.html` (a file of the same name comes first, as in the plain check).
struct LinkTargets: Sendable {
    /// The index of the page among the checked pages, or -1 for a file that is no page.
    let byAddress: [String: Int]

    init(paths: Set<String>, pages: [String]) {
        let pageIndex = Dictionary(uniqueKeysWithValues: pages.enumerated().map { ($1, $0) })
        var byAddress: [String: Int] = [:]
        for path in paths { byAddress[path] = pageIndex[path] ?? -1 }
        for path in paths where path == "index.html" || path.hasSuffix("/index.html") {
            let folder = String(path.dropLast(path == "index.html" ? "index.html".count : "/index.html".count))
            if byAddress[folder] == nil { byAddress[folder] = byAddress[path] }
        }
        self.byAddress = byAddress
    }
}

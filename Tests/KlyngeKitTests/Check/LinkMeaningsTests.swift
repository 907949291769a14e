import Testing
@testable import KlyngeKit

/// The link check caches what a link means per page depth; every answer must be the
/// one `LinkCheck.problem` gives for that link on that page.
@Suite struct LinkMeaningsTests {
    static let paths = ["index.html", "404.html", "a/index.html", "a/b/index.html", "a/c.html", "a/d", "a/d/index.html",
                        "b/index.html", "b/x y/index.html", "b/æ/index.html", "assets/site.css", "c/index.html"]
    static let pieces = ["..", ".", "/", "a", "b", "c.html", "d", "index.html", "x y", "x%20y", "%C3%A6", "æ", "%2F", "%", "%zz",
                         "#", "#x", "#y", "#%C3%A6", "?q=1", "https://example.dk", "https://example.dk/sub", "//", "mailto:", "assets", "site.css", ""]

    @Test func cachedMeaningsGiveTheAnswersOfThePlainCheck() {
        var generator = SeededGenerator()
        let pages = Self.paths.filter { $0.hasSuffix(".html") }
        for baseURL in ["", "https://example.dk", "https://example.dk/sub"] {
            let ids = pages.map { _ in Set(["x", "y", "æ"].filter { _ in Bool.random(using: &generator) }) }
            let targets = LinkTargets(paths: Set(Self.paths), pages: pages)
            var meanings = LinkMeanings(baseURL: baseURL)
            Differential.check(using: &generator, count: 4_000, input: { generator in
                let href = (0..<Int.random(in: 0...6, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
                return (href: href, page: Int.random(in: 0..<pages.count, using: &generator))
            }, describe: { "\($0.href.debugDescription) on \(pages[$0.page]) with base \(baseURL.debugDescription)" }, plain: { link in
                LinkCheck.problem(link.href, from: pages[link.page], paths: Set(Self.paths), baseURL: baseURL, ids: { ids[pages.firstIndex(of: $0)!] })
            }, fast: { link in
                meanings.problem(link.href, from: PageFolders(pages[link.page]), page: link.page, targets: targets, ids: ids)
            })
        }
    }
}

@Suite struct PageFolderTests {
    @Test func prefixesAreThoseOfSplitAndJoined() {
        let pieces = ["a", "bc", "æ", "/", "index.html", "x y"]
        Differential.check(count: 3_000, input: { generator in
            (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }, plain: { PageFolders.joinedPrefixes($0) }, fast: { PageFolders($0).prefixes })
    }
}

/// The plain link check, one link at a time: what `LinkMeanings` must answer.
extension LinkCheck {
    /// Why a link does not resolve, or nil when it does or leads off the site.
    static func problem(_ href: String, from page: String, paths: Set<String>, baseURL: String,
                        ids: (String) -> Set<String>) -> String? {
        var href = href
        if !baseURL.isEmpty, href == baseURL || (href.hasPrefix(baseURL) && href.hasPrefix(baseURL + "/")) {
            href = "/" + href.dropFirst(baseURL.count).drop { $0 == "/" }
        }
        if href.isEmpty || href.hasPrefix("//") || hasScheme(href) {
            return nil
        }
        let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let address = String(parts[0].prefix { $0 != "?" })
        let fragment = parts.count > 1 ? percentDecoded(String(parts[1])) : ""

        let target: String
        if address.isEmpty {
            target = page
        } else {
            guard let resolved = resolve(address, from: page) else { return "it leads outside the site" }
            if paths.contains(resolved) {
                target = resolved
            } else if paths.contains(resolved.isEmpty ? "index.html" : resolved + "/index.html") {
                target = resolved.isEmpty ? "index.html" : resolved + "/index.html"
            } else {
                return "no page or file at that address"
            }
        }
        if !fragment.isEmpty, target.hasSuffix(".html"), !ids(target).contains(fragment) {
            return "the page has no anchor '\(fragment)'"
        }
        return nil
    }

    /// The output path an address names, relative to the site root, without a
    /// trailing slash; nil when `..` climbs above the root.
    static func resolve(_ address: String, from page: String) -> String? {
        let decoded = percentDecoded(address)
        var components: [Substring] = decoded.hasPrefix("/") ? [] : Array(page.split(separator: "/").dropLast())
        for component in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !components.isEmpty else { return nil }
                components.removeLast()
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }
}

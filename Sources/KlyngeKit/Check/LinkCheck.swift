import Foundation

/// Every link and anchor between built pages must resolve. Runs over the built
/// files in memory; a broken link is reported where the sources wrote it.
enum LinkCheck {
    /// Where a built page came from, to point a broken link back at its source.
    struct PageSource {
        var layout: String
        var document: Document?
        /// The document's links as its Markdown writes them.
        var links: [WrittenLink] = []
    }

    /// The source of every page the pipeline makes, by output path. Each document's
    /// links are read once, from its Markdown as cmark parses it.
    static func sources(_ clusters: [ClusterFacts]) -> [String: PageSource] {
        var sources = ["index.html": PageSource(layout: "Theme/layouts/index.mustache")]
        var written: [String: [WrittenLink]] = [:]
        let markdown = MarkdownRenderer()
        for cluster in clusters {
            sources["\(cluster.cluster.slug)/index.html"] = PageSource(layout: "Theme/layouts/cluster.mustache")
            for facts in cluster.meetings {
                sources["\(facts.path)/index.html"] = PageSource(layout: "Theme/layouts/overview.mustache")
                for document in facts.package.documents {
                    let key = "\(document.path)#\(document.slug)"
                    if written[key] == nil { written[key] = markdown.writtenLinks(document.body) }
                    sources["\(facts.path)/\(document.slug)/index.html"] = PageSource(layout: "Theme/layouts/page.mustache", document: document,
                                                                                       links: written[key]!)
                }
            }
        }
        return sources
    }

    /// What the check needs of a page: its ids, and its links (none for a page whose
    /// links need no check).
    struct ScannedPage: Sendable {
        var path: String
        var ids: Set<String>
        var links: [String]
    }

    /// Reads a page once: its ids and its links, entities decoded.
    static func scan(_ page: OutputFile, checkingLinks: Bool = true) -> ScannedPage {
        let found = page.data.withUnsafeBytes { attributeValues(["href", "src", "id"], in: $0.bindMemory(to: UInt8.self), decodingEntities: true) }
        return ScannedPage(path: page.path, ids: Set(found[2]), links: checkingLinks ? found[0] + found[1] : [])
    }

    /// One error per broken link in the sources; a document shared by every cluster
    /// is reported once, with the number of pages it breaks.
    /// - Parameter sources: made only when a link is broken: reading every document's
    ///   links with cmark is work a good build does not need.
    /// - Parameter unchanged: pages kept from an earlier checked build, whose links need no new check.
    static func problems(in files: [OutputFile], sources makeSources: @autoclosure () -> [String: PageSource], baseURL: String,
                         unchanged: Set<String> = []) -> [Diagnostic] {
        let pages = files.filter { $0.path.hasSuffix(".html") }.sorted { $0.path < $1.path }
        // Every address, looked up once, beside the scan of the pages (it needs only the paths).
        let findingTargets = Alongside { LinkTargets(paths: Set(files.map(\.path)), pages: pages.map(\.path)) }
        // Each page is read once, on every core: its ids, and its links to check.
        let scanned = Parallel.map(pages) { scan($0, checkingLinks: !unchanged.contains($0.path)) }
        return problems(scanned: scanned, targets: findingTargets.take(), sources: makeSources(), baseURL: baseURL)
    }

    /// The same check over pages already read (`scan`), sorted by path, and every file's path.
    static func problems(scanned: [ScannedPage], paths: [String], sources makeSources: @autoclosure () -> [String: PageSource],
                         baseURL: String) -> [Diagnostic] {
        problems(scanned: scanned, targets: LinkTargets(paths: Set(paths), pages: scanned.map(\.path)), sources: makeSources(), baseURL: baseURL)
    }

    private static func problems(scanned: [ScannedPage], targets: LinkTargets, sources makeSources: @autoclosure () -> [String: PageSource],
                                 baseURL: String) -> [Diagnostic] {
        let ids = scanned.map(\.ids)
        // Pages in runs, each run with its own cache of what its links mean: most
        // pages of a depth carry the same relative addresses. A few runs per core
        // (each worker takes the next when free); fewer, longer runs work out the
        // meaning of each address fewer times.
        let size = max(128, (scanned.count + 7) / 8)
        let runs = stride(from: 0, to: scanned.count, by: size).map { $0..<min($0 + size, scanned.count) }
        let problems = Parallel.map(runs) { run in
            var meanings = LinkMeanings(baseURL: baseURL)
            return run.map { index in
                let page = scanned[index]
                let folders = PageFolders(page.path)
                return page.links.compactMap { href in
                    meanings.problem(href, from: folders, page: index, targets: targets, ids: ids).map { (href, $0) }
                }
            }
        }.flatMap { $0 }

        guard problems.contains(where: { !$0.isEmpty }) else { return [] }
        let sources = makeSources()
        struct Broken: Hashable { var location: SourceLocation; var href: String; var reason: String }
        var broken: [Broken: [String]] = [:]
        for (page, found) in zip(scanned, problems) {
            for (href, reason) in found {
                for location in locate(href, source: sources[page.path], page: page.path) {
                    broken[Broken(location: location, href: href, reason: reason), default: []].append(page.path)
                }
            }
        }
        return broken.map { key, pages in
            let shown = pages[0].hasSuffix("index.html") ? String(pages[0].dropLast("index.html".count)) : pages[0]
            let on = pages.count == 1 ? "on \(shown)" : "on \(shown) and \(pages.count - 1) more \(pages.count == 2 ? "page" : "pages")"
            return .error(key.location, "broken link '\(key.href)': \(key.reason) (\(on))")
        }.sorted { $0.location < $1.location }
    }

    /// `https:`, `mailto:`, `tel:` …: a link off the site (RFC 3986 scheme syntax).
    static func hasScheme(_ href: String) -> Bool {
        guard let first = href.utf8.first, (0x41...0x5A).contains(first) || (0x61...0x7A).contains(first) else { return false }
        for byte in href.utf8.dropFirst() {
            switch byte {
            case UInt8(ascii: ":"): return true
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "-"):
                continue
            default: return false
            }
        }
        return false
    }

    /// Foundation's percent decoding (the original when a sequence is invalid), only
    /// called when there is a `%`: without one it returns the text unchanged.
    static func percentDecoded(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        return text.removingPercentEncoding ?? text
    }

    /// Where the document writes this link, or else the page's layout. A link is the
    /// document's when cmark reads the same address there, percent-encoding aside; or,
    /// for an address made of a template value and an anchor (`{{docs.x.url}}#anchor`),
    /// when the document writes a template value with that anchor.
    static func locate(_ href: String, source: PageSource?, page: String) -> [SourceLocation] {
        guard let source, let document = source.document else { return [SourceLocation(path: source?.layout ?? page)] }
        let address = percentDecoded(href)
        var hits = source.links.filter { percentDecoded($0.url) == address }
        if hits.isEmpty, let hash = href.firstIndex(of: "#"), href.index(after: hash) < href.endIndex {
            let fragment = percentDecoded(String(href[hash...]))
            hits = source.links.filter { $0.url.contains("{{") && percentDecoded($0.url).hasSuffix("}}" + fragment) }
        }
        guard !hits.isEmpty else { return [SourceLocation(path: source.layout)] }
        return hits.map { SourceLocation(path: document.path, line: document.bodyFirstLine + $0.line - 1, column: $0.column) }
    }

    /// The values of one attribute, written `name="…"` as Klynge's templates and cmark do.
    static func attributeValues(_ name: String, in html: String) -> [String] {
        var html = html
        return html.withUTF8 { attributeValues([name], in: $0)[0] }
    }

    /// The values of several attributes in one pass over the page's bytes: for each
    /// name the same as a scan of its own (a match resumes that name's scan after
    /// its closing quote, the other names' scans go on). Names hold no `=` and no
    /// white space, so every match ends in `="`: the scan jumps from one `=` to the
    /// next with `memchr`, and looks back only for the names that end in the byte
    /// before it (most `="` of a page, in its SVG charts, belong to no name sought).
    /// - Parameter decodingEntities: each value as `decodeEntities` gives it; only a
    ///   value with a `&` in its bytes can change.
    static func attributeValues(_ names: [String], in bytes: UnsafeBufferPointer<UInt8>, decodingEntities: Bool = false) -> [[String]] {
        precondition(names.count <= 64 && names.allSatisfy { !$0.isEmpty })
        var values = [[String]](repeating: [], count: names.count)
        guard let base = bytes.baseAddress, bytes.count >= 2 else { return values }
        let names = names.map { Array($0.utf8) }
        // By a name's last byte, the names that end in it (one bit each).
        var endingIn = [UInt64](repeating: 0, count: 256)
        for (which, name) in names.enumerated() { endingIn[Int(name[name.count - 1])] |= 1 << UInt64(which) }
        var resume = [Int](repeating: 1, count: names.count)
        var stopped: UInt64 = 0
        let quote = UInt8(ascii: "\""), ampersand = UInt8(ascii: "&")
        let count = bytes.count
        var next = 0
        while next + 1 < count, let found = memchr(base + next, Int32(UInt8(ascii: "=")), count - next - 1) {
            let equals = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            next = equals + 1
            guard base[equals + 1] == quote, equals >= 2 else { continue }
            var candidates = endingIn[Int(base[equals - 1])] & ~stopped
            while candidates != 0 {
                let which = candidates.trailingZeroBitCount
                candidates &= candidates - 1
                let length = names[which].count
                let start = equals - length
                guard start >= resume[which], start >= 1 else { continue }
                let before = base[start - 1]
                guard before == UInt8(ascii: " ") || before == UInt8(ascii: "\n") || before == UInt8(ascii: "\t"),
                      names[which].withUnsafeBufferPointer({ memcmp(base + start, $0.baseAddress!, length) == 0 }) else { continue }
                let from = equals + 2
                guard let close = memchr(base + from, Int32(quote), count - from) else {
                    stopped |= 1 << UInt64(which)
                    continue
                }
                let end = base.distance(to: close.assumingMemoryBound(to: UInt8.self))
                let value = UnsafeBufferPointer(start: base + from, count: end - from)
                values[which].append(decodingEntities && memchr(base + from, Int32(ampersand), end - from) != nil
                                     ? decodeEntities(bytes: value) : String(decoding: value, as: UTF8.self))
                resume[which] = end + 1
            }
        }
        return values
    }

    static func decodeEntities(_ text: String) -> String {
        // Most values have no `&`: look at the bytes in place (a walk of the UTF-8 view is slower).
        let amp = UInt8(ascii: "&")
        guard text.utf8.withContiguousStorageIfAvailable({ $0.contains(amp) }) ?? text.utf8.contains(amp) else { return text }
        var text = text
        return text.withUTF8 { decodeEntities(bytes: $0) }
    }

    /// One pass is the same as replacing each entity in turn: every entity starts with
    /// `&`, holds no other, and what replaces it makes no new one. The text between
    /// one `&` and the next is copied whole.
    static func decodeEntities(bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = bytes.baseAddress else { return "" }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        next: while index < bytes.count, let found = memchr(base + index, Int32(UInt8(ascii: "&")), bytes.count - index) {
            let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<at]))
            for (entity, character) in entities where entity.count <= bytes.count - at && memcmp(base + at, entity, entity.count) == 0 {
                decoded.append(character)
                index = at + entity.count
                continue next
            }
            decoded.append(UInt8(ascii: "&"))
            index = at + 1
        }
        if index < bytes.count { decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index...])) }
        return String(decoding: decoded, as: UTF8.self)
    }

    private static let entities: [([UInt8], UInt8)] = ([("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")]
        as [(String, Unicode.Scalar)]).map { (Array($0.0.utf8), UInt8(ascii: $0.1)) }
}

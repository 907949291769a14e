import Foundation

/// Nothing on a page loads from another host: an image, script, frame, stylesheet,
/// font or CSS `@import` from elsewhere calls out before any click, and the pages'
/// Content-Security-Policy would block it in the browser anyway, silently. So it is
/// an error at the line of the package document or Theme file that names it. Links
/// (`<a href>`, `[text](https://…)`) are not resources: they load only when clicked.
enum OutsideResources {
    static func problems(content: SiteContent, theme: Theme) -> [Diagnostic] {
        let host = content.site.host.lowercased()
        var problems: [Diagnostic] = []
        for (_, package) in content.packages.sorted(by: { $0.key < $1.key }) {
            for document in package.documents {
                problems += inMarkup(document.body, path: document.path, firstLine: document.bodyFirstLine, siteHost: host)
            }
        }
        for source in theme.templateSources {
            problems += inMarkup(source.text, path: source.path, firstLine: 1, siteHost: host)
        }
        for asset in theme.assets {
            let text = String(decoding: asset.data, as: UTF8.self)
            if asset.name.hasSuffix(".css") {
                problems += scan(text, patterns: cssPatterns, path: asset.sourcePath, firstLine: 1, siteHost: host)
            } else if asset.name.hasSuffix(".svg") || asset.name.hasSuffix(".html") {
                problems += inMarkup(text, path: asset.sourcePath, firstLine: 1, siteHost: host)
            }
        }
        return problems
    }

    /// HTML, Markdown and Mustache: resource attributes, Markdown images, and CSS in
    /// `style` attributes and `<style>` elements.
    static func inMarkup(_ text: String, path: String, firstLine: Int, siteHost: String) -> [Diagnostic] {
        scan(text, patterns: markupPatterns + cssPatterns, path: path, firstLine: firstLine, siteHost: siteHost)
    }

    /// An absolute (`https://`, `http://`) or protocol-relative (`//host`) address, captured.
    private static let address = #"((?:https?:)?//[^\s"'<>()\\,]+)"#

    private static func pattern(_ text: String) -> NSRegularExpression {
        try! NSRegularExpression(pattern: text, options: [.caseInsensitive])
    }

    static let markupPatterns: [NSRegularExpression] = [
        // ![alt](https://…), ![alt](<https://…>)
        pattern(#"!\[[^\]]*\]\(\s*<?"# + address),
        // <img src>, <script src>, <iframe src>, <video poster>, <object data>, …
        pattern(#"<(?:img|script|iframe|frame|embed|video|audio|source|track|input|object)\b[^>]*?\s(?:src|poster|data)\s*=\s*["']?\s*"# + address),
        // every candidate of a srcset
        pattern(#"\ssrcset\s*=\s*["']?[^"'>]*?"# + address),
        // <link rel=stylesheet|icon|preload href>
        pattern(#"<link\b[^>]*?\shref\s*=\s*["']?\s*"# + address),
        // SVG: <image href>, <use xlink:href>, <feImage href>
        pattern(#"<(?:image|use|feimage)\b[^>]*?\s(?:xlink:)?href\s*=\s*["']?\s*"# + address),
    ]

    static let cssPatterns: [NSRegularExpression] = [
        pattern(#"@import\s+(?:url\(\s*)?["']?\s*"# + address),
        pattern(#"url\(\s*["']?\s*"# + address),
    ]

    static func scan(_ text: String, patterns: [NSRegularExpression], path: String, firstLine: Int, siteHost: String) -> [Diagnostic] {
        // Most files name no address at all: skip the expressions for them.
        guard text.contains("//") else { return [] }
        let nsText = text as NSString
        var found: [(offset: Int, address: String)] = []
        for pattern in patterns {
            for match in pattern.matches(in: text, range: NSRange(location: 0, length: nsText.length)) {
                let range = match.range(at: 1)
                found.append((range.location, nsText.substring(with: range)))
            }
        }
        var seen = Set<Int>()
        return found.sorted { $0.offset < $1.offset }.compactMap { offset, address in
            guard seen.insert(offset).inserted, let host = host(of: address), host != siteHost else { return nil }
            let prefix = nsText.substring(to: offset)
            let line = firstLine + prefix.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
            let column = (prefix.lastIndex(of: "\n").map { prefix.distance(from: $0, to: prefix.endIndex) } ?? prefix.count + 1)
            return .error(SourceLocation(path: path, line: line, column: column),
                          "'\(address)' would be loaded from another host (\(host)) before any click, and the pages' Content-Security-Policy blocks it; put the file in Theme/assets/ or beside the document instead")
        }
    }

    /// The host of an address, lower-cased; nil when a template fills it in (`{{…}}`) or there is none.
    static func host(of address: String) -> String? {
        guard let start = address.range(of: "//")?.upperBound else { return nil }
        let host = address[start...].prefix { !"/:?#".contains($0) }.lowercased()
        return host.isEmpty || host.contains("{{") ? nil : host
    }
}

/// The footer's "Tilgængelighedserklæring" must lead somewhere. When `site.yml` names
/// no statement of the publisher's (`accessibility_url`), Klynge writes its own at
/// `/tilgaengelighed/` from `Theme/layouts/accessibility.mustache`.
///
/// Danish public sites publish their statement through Digitaliseringsstyrelsen's
/// WAS-Tool and give it the short address `/was`: Klynge writes `/was/index.html`, a
/// page that sends the browser on to the statement (a meta refresh, which works on
/// every static host, and a plain link for anything that ignores it), from
/// `Theme/partials/redirect.mustache` when the theme has one.
enum AccessibilityStatement {
    static let path = "tilgaengelighed/"
    static let shortPath = "was/"

    static func page(content: SiteContent, theme: Theme, log: DiagnosticLog) -> OutputFile? {
        guard content.site.accessibilityURL.text == nil else { return nil }
        let root = "../"
        let context: TemplateContext = [
            "site": TemplateValues.site(content.site, root: root),
            "root": .text(root),
            "assets": theme.assetURLs(root: root),
            "page": ["title": "Tilgængelighedserklæring", "url": .text("\(content.site.baseURL)/\(path)")],
        ]
        switch theme.render(layout: "accessibility", context: context) {
        case .success(let html): return OutputFile(path: "\(path)index.html", text: html)
        case .failure(let failure):
            log.append(contentsOf: failure.diagnostics)
            return nil
        }
    }

    /// `/was/index.html`, leading to `accessibility_url` or to Klynge's own statement.
    static func shortAddress(content: SiteContent, theme: Theme, log: DiagnosticLog) -> OutputFile? {
        guard theme.partials["redirect"] != nil else { return nil }
        let root = "../"
        let target = content.site.accessibilityURL.text ?? "\(root)\(path)"
        let context: TemplateContext = [
            "site": TemplateValues.site(content.site, root: root),
            "root": .text(root),
            "assets": theme.assetURLs(root: root),
            "page": ["title": "Tilgængelighedserklæring", "url": .text("\(content.site.baseURL)/\(shortPath)")],
            "target": .text(target),
        ]
        switch theme.render(partial: "redirect", context: context) {
        case .success(let html): return OutputFile(path: "\(shortPath)index.html", text: html)
        case .failure(let failure):
            log.append(contentsOf: failure.diagnostics)
            return nil
        }
    }
}

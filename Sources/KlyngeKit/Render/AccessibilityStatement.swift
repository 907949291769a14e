/// The footer's "Tilgængelighedserklæring" must lead somewhere. When `site.yml` names
/// no statement of the publisher's (`accessibility_url`), Klynge writes its own at
/// `/tilgaengelighed/` from `Theme/layouts/accessibility.mustache`.
enum AccessibilityStatement {
    static let path = "tilgaengelighed/"

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
}

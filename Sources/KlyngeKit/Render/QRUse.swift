/// Which documents' QR codes the templates can print. Encoding a code and drawing
/// its SVG is the costliest value of a cluster's context, and the Theme prints one
/// (`qr.praksisark`), so only the codes some template names are made.
struct QRUse: Sendable {
    /// nil: every document's code (a template names `qr` itself, or a key under it
    /// that is no document, whose error must offer the same suggestions as before).
    var slugs: Set<String>?

    func includes(_ slug: String) -> Bool { slugs?.contains(slug) ?? true }

    init(documents: [Document], outlines: [TemplateOutline]) {
        let known = Set(documents.map(\.slug))
        var named: Set<String> = []
        var everything = false
        func visit(_ nodes: [TemplateOutline.Node]) {
            for node in nodes {
                switch node {
                case .variable(let name, _): note(name)
                case .section(let name, _, let children, _):
                    note(name)
                    visit(children)
                case .partial: break
                case .block(let children), .parent(_, let children, _): visit(children)
                }
            }
        }
        func note(_ name: TemplateOutline.Name) {
            guard name.parts.first == "qr" else { return }
            if name.parts.count >= 2, known.contains(name.parts[1]) {
                named.insert(name.parts[1])
            } else {
                everything = true
            }
        }
        for outline in outlines { visit(outline.nodes) }
        slugs = everything ? nil : named
    }
}

extension PreparedPackage {
    /// Worked out once per package from its documents and the whole Theme.
    func qrUse(theme: Theme) -> QRUse {
        qrUses.entry("qr") {
            QRUse(documents: package.documents,
                  outlines: documents.map(\.outline) + theme.layouts.values.map(\.outline) + theme.partials.values.map { $0 })
        }
    }
}

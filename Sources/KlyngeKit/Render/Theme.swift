import Foundation
import Mustache

/// `Theme/`: layouts, partials and assets, parsed once per build.
public struct Theme: Sendable {
    /// An asset copied to `/assets/` under a name that carries its content hash,
    /// so browsers may cache it forever and a changed file gets a new address.
    public struct Asset: Sendable, Hashable {
        public var sourcePath: String
        public var name: String
        public var hashedName: String
        public var data: Data
    }

    struct Template: Sendable {
        var template: MustacheTemplate
        var outline: TemplateOutline
        var path: String
    }

    var library: MustacheLibrary
    var layouts: [String: Template]
    var partials: [String: TemplateOutline]
    var partialPaths: [String: String]
    public var assets: [Asset]
    /// The layouts' and partials' text, for the checks that read them (`OutsideResources`).
    var templateSources: [SourceFile] = []
    /// Layouts and partials rendered once per context shape (see `ContextShape`).
    var shapesAllowed = true
    let shapes = ShapeCache<ShapeRenderOutcome>()
    /// The numbering every context shape of this build uses (see `ShapeStructures`).
    let structures = ShapeStructures()
    /// By layout (`layouts/page`) and partial: the context's entries each can look up
    /// (none stored: it can look up all).
    var topLevelNames: [String: Set<String>] = [:]
    let tokenisedContexts = ShapeCache<TokenisedContext>()
    /// The slide partials of `Theme/deck/` (see `DeckTheme`).
    var deck = DeckTheme()

    static let requiredLayouts = ["page", "overview", "cluster", "index", "accessibility"]

    static func load(root: URL, log: DiagnosticLog) -> Theme? {
        let reader = TreeReader(root: root, log: log)
        guard reader.isDirectory("Theme") else {
            log.error(SourceLocation(path: "Theme"), "no Theme/ folder here; use --root to name the folder that holds Content/ and Theme/")
            return nil
        }
        _ = HTMLText.registered
        var library = MustacheLibrary()
        var layouts: [String: Template] = [:]
        var partials: [String: TemplateOutline] = [:]
        var partialPaths: [String: String] = [:]
        var shapesAllowed = true

        var sources: [SourceFile] = []
        func parse(_ path: String) -> Template? {
            guard let file = reader.text(path) else { return nil }
            sources.append(file)
            switch TemplateOutline.parse(file.text, path: path) {
            case .failure(let diagnostic):
                log.append(diagnostic)
                return nil
            case .success(let outline):
                shapesAllowed = shapesAllowed && ShapeRenderOutcome.allowed(file.text, markdown: false)
                do {
                    return Template(template: try MustacheTemplate(string: HTMLText.pragma + file.text), outline: outline, path: path)
                } catch let error as MustacheTemplate.ParserError {
                    log.error(SourceLocation(path: path, line: error.context.lineNumber, column: error.context.columnNumber),
                              "template syntax error: \(error.error)")
                } catch {
                    log.error(SourceLocation(path: path), "template syntax error: \(error)")
                }
                return nil
            }
        }

        for name in reader.files(in: "Theme/partials", withExtension: "mustache") {
            let partialName = String(name.dropLast(".mustache".count))
            if let template = parse("Theme/partials/\(name)") {
                library.register(template.template, named: partialName)
                partials[partialName] = template.outline
                partialPaths[partialName] = template.path
            }
        }
        for name in requiredLayouts {
            if let template = parse("Theme/layouts/\(name).mustache") {
                layouts[name] = template
                library.register(template.template, named: "layouts/\(name)")
            }
        }

        // The deck's page layout is needed only when a package has a deck (Render/Deck).
        if reader.exists("Theme/layouts/deck.mustache"), let template = parse("Theme/layouts/deck.mustache") {
            layouts["deck"] = template
            library.register(template.template, named: "layouts/deck")
        }
        let deck = DeckTheme.load(reader: reader, log: log)

        var assets: [Asset] = []
        let assetFolder = reader.url("Theme/assets")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: assetFolder.path)) ?? []
        for name in names.sorted() where !name.hasPrefix(".") {
            // Through the reader: the same rules as Content/ (inside the root, regular files only).
            guard let data = reader.data("Theme/assets/\(name)") else { continue }
            assets.append(Asset(sourcePath: "Theme/assets/\(name)", name: name, hashedName: hashedName(name, data), data: data))
        }
        // Templates name an asset by its name with dots as underscores: two names that
        // meet there would be one key (and a fatal duplicate in `assetURLs`).
        var assetKeys: [String: String] = [:]
        for asset in assets {
            let key = asset.name.replacingOccurrences(of: ".", with: "_")
            if let first = assetKeys.updateValue(asset.name, forKey: key) {
                log.error(SourceLocation(path: asset.sourcePath), "templates would name this asset and '\(first)' both '{{assets.\(key)}}'; rename one")
            }
        }
        guard !log.hasErrors else { return nil }
        var theme = Theme(library: library, layouts: layouts, partials: partials, partialPaths: partialPaths, assets: assets,
                          shapesAllowed: shapesAllowed)
        theme.templateSources = sources
        theme.deck = deck
        for (name, layout) in layouts { theme.topLevelNames["layouts/\(name)"] = layout.outline.topLevelNames(partials: partials) }
        for (name, outline) in partials { theme.topLevelNames[name] = outline.topLevelNames(partials: partials) }
        return theme
    }

    /// `site.css` → `site.3f2a9c1d.css`: FNV-1a, stable across machines and runs.
    static func hashedName(_ name: String, _ data: Data) -> String {
        let hex = String(FNV1a.hash(data), radix: 16)
        let digest = String(repeating: "0", count: 16 - hex.count) + hex
        guard let dot = name.lastIndex(of: ".") else { return "\(name).\(digest.prefix(10))" }
        return "\(name[..<dot]).\(digest.prefix(10))\(name[dot...])"
    }

    /// Asset addresses for templates: `site.css` is `{{assets.site_css}}`.
    func assetURLs(root: String) -> TemplateValue {
        .record(Dictionary(uniqueKeysWithValues: assets.map { ($0.name.replacingOccurrences(of: ".", with: "_"), .text("\(root)assets/\($0.hashedName)")) }))
    }

    /// Renders a layout after checking every name it uses against the context.
    /// - Parameter context: made only when the shape is new (see `ShapeRenderOutcome.render`).
    func render(layout name: String, context: @autoclosure () -> TemplateContext, shape: ContextShape? = nil) -> Result<String, BuildFailure> {
        guard let layout = layouts[name] else { return .failure(Self.missing(layout: name)) }
        return renderShaped(id: "layouts/\(name)", template: layout.template, outline: layout.outline, context: context, shape: shape)
    }

    static func missing(layout name: String) -> BuildFailure {
        BuildFailure(diagnostics: [.error(SourceLocation(path: "Theme/layouts/\(name).mustache"), "missing layout")])
    }

    /// Renders one partial by itself (a block placed in a document).
    func render(partial name: String, context: @autoclosure () -> TemplateContext, shape: ContextShape? = nil) -> Result<String, BuildFailure> {
        guard let outline = partials[name], let template = library.getTemplate(named: name) else {
            return .failure(BuildFailure(diagnostics: [.error(SourceLocation(path: "Theme/partials/\(name).mustache"), "missing partial")]))
        }
        return renderShaped(id: name, template: template, outline: outline, context: context, shape: shape)
    }
}

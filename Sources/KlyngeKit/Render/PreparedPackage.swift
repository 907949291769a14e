import Mustache

/// A package's documents parsed as templates once, shared by every cluster.
struct PreparedPackage: Sendable {
    struct PreparedDocument: Sendable {
        var document: Document
        var template: MustacheTemplate
        var outline: TemplateOutline
        /// Whether the body may be rendered once per context shape (see `ShapeRenderOutcome.allowed`).
        var shapeable = false
        /// The context's entries the body can look up; its `{{> block}}`s are placeholders.
        var topLevelNames: Set<String>?
    }

    var package: ClusterPackage
    var documents: [PreparedDocument]
    /// What a document's `{{> name}}` may place: the Theme's partials and the package's
    /// figure blocks, each a placeholder until cmark has rendered the body.
    var blocks: Set<String> = []
    var blockLibrary = MustacheLibrary()
    /// A deck's library: the block placeholders and the Theme's slide partials, expanded in place.
    var deckLibrary = MustacheLibrary()
    /// The package's invitation, parsed once.
    var invitation: Invitation.Template? = nil
    /// Bodies rendered once per context shape, for every cluster of the package.
    let bodies = ShapeCache<ShapeRenderOutcome>()
    let tokenisedContexts = ShapeCache<TokenisedContext>()
    /// Bodies' HTML once per context shape, where the values allow it (see `BodyHTML`).
    let htmlBodies = ShapeCache<BodyHTML.Outcome>()
    /// The QR codes the templates print (see `QRUse`).
    let qrUses = ShapeCache<QRUse>()

    static func prepare(_ package: ClusterPackage, theme: Theme, log: DiagnosticLog) -> PreparedPackage {
        _ = MarkdownText.registered
        // swift-mustache's parser is the larger part of a one-cluster rebuild: the
        // documents are parsed on every core, each with its own log, merged in order.
        let parsed = Parallel.map(package.documents) { document -> (PreparedDocument?, [Diagnostic]) in
            let log = DiagnosticLog()
            return (prepare(document, log: log), log.all)
        }
        for (_, diagnostics) in parsed { log.append(contentsOf: diagnostics) }
        let blocks = Set(theme.partials.keys).union(FigureValues.blockNames(package))
        for name in FigureValues.blockNames(package) where theme.partials[name] != nil {
            log.error(SourceLocation(path: "Theme/partials/\(name).mustache"), "the partial '\(name)' has the name of the figure block of package '\(package.id)'; rename one of them")
        }
        var documents = parsed.compactMap(\.0)
        // A deck's slide partials are expanded into its Markdown, so what they look up and
        // print counts as the deck's own when it is rendered once per context shape.
        let deckOutlines = theme.deck.partials.mapValues(\.outline)
        for index in documents.indices where documents[index].document.view == .deck {
            documents[index].shapeable = documents[index].shapeable && theme.deck.partials.values.allSatisfy(\.shapeable)
            documents[index].topLevelNames = documents[index].outline.topLevelNames(partials: deckOutlines,
                                                                                   isPlaceholder: { theme.deck.partials[$0] == nil })
        }
        let blockLibrary = BlockPlaceholder.library(for: blocks)
        return PreparedPackage(package: package, documents: documents, blocks: blocks, blockLibrary: blockLibrary,
                               deckLibrary: theme.deck.library(adding: blockLibrary),
                               invitation: package.invitation.flatMap { Invitation.parse($0, log: log) })
    }

    private static func prepare(_ document: Document, log: DiagnosticLog) -> PreparedDocument? {
        switch TemplateOutline.parse(document.body, path: document.path, firstLine: document.bodyFirstLine) {
        case .failure(let diagnostic):
            log.append(diagnostic)
            return nil
        case .success(let outline):
            do {
                // A deck's slides keep their source lines through Mustache (see DeckSource).
                let body = document.view == .deck ? DeckSource.numbered(document.body, firstLine: document.bodyFirstLine) : document.body
                let template = try MustacheTemplate(string: MarkdownText.pragma + body)
                return PreparedDocument(document: document, template: template, outline: outline,
                                        shapeable: ShapeRenderOutcome.allowed(document.body, markdown: true),
                                        topLevelNames: outline.topLevelNames(partials: [:], isPlaceholder: { _ in true }))
            } catch let error as MustacheTemplate.ParserError {
                log.error(SourceLocation(path: document.path, line: document.bodyFirstLine + error.context.lineNumber - 1,
                                         column: error.context.columnNumber), "template syntax error: \(error.error)")
            } catch {
                log.error(SourceLocation(path: document.path, line: document.bodyFirstLine), "template syntax error: \(error)")
            }
            return nil
        }
    }
}

/// Blocks made by Klynge (programme, contacts, figures) are Theme partials. In a
/// Markdown body they first become placeholders, so cmark leaves their HTML whole,
/// and are rendered into the page after cmark.
enum BlockPlaceholder {
    static let prefix = "<!--klynge-block:"
    static let suffix = "-->"

    static func marker(_ name: String) -> String { "\(prefix)\(name)\(suffix)" }

    /// Replaces every placeholder in one pass.
    static func substitute(in html: String, render: (String) -> String) -> String {
        html.replacingEach(prefix, upTo: suffix) { name in name.map { render(String($0)) } ?? "" }
    }

    static func library(for partialNames: some Sequence<String>) -> MustacheLibrary {
        var library = MustacheLibrary()
        for name in partialNames {
            try? library.register("\n\(marker(name))\n\n", named: name)
        }
        return library
    }
}

import Mustache

/// The theme's slide partials, `Theme/deck/*.mustache`: Markdown templates (not HTML)
/// that a deck document places with `{{> name}}`. They are expanded into the deck's
/// Markdown before it is cut into slides, so a partial can make several slides (one per
/// programme block), and the HTML page and the .pptx read the same slides.
struct DeckTheme: Sendable {
    struct Partial: Sendable {
        var template: MustacheTemplate
        var outline: TemplateOutline
        /// Whether a deck that expands it may be rendered once per context shape.
        var shapeable: Bool
    }

    static let folder = "Theme/deck"
    var partials: [String: Partial] = [:]

    static func load(reader: TreeReader, log: DiagnosticLog) -> DeckTheme {
        var deck = DeckTheme()
        guard reader.isDirectory(folder) else { return deck }
        _ = MarkdownText.registered
        for name in reader.files(in: folder, withExtension: "mustache") {
            let path = "\(folder)/\(name)"
            guard let file = reader.text(path) else { continue }
            switch TemplateOutline.parse(file.text, path: path) {
            case .failure(let diagnostic):
                log.append(diagnostic)
            case .success(let outline):
                do {
                    // Values in a slide are Markdown text, escaped as in every document body.
                    let template = try MustacheTemplate(string: MarkdownText.pragma + file.text)
                    deck.partials[String(name.dropLast(".mustache".count))] = Partial(template: template, outline: outline,
                                                                                  shapeable: ShapeRenderOutcome.allowed(file.text, markdown: true))
                } catch let error as MustacheTemplate.ParserError {
                    log.error(SourceLocation(path: path, line: error.context.lineNumber, column: error.context.columnNumber),
                              "template syntax error: \(error.error)")
                } catch {
                    log.error(SourceLocation(path: path), "template syntax error: \(error)")
                }
            }
        }
        return deck
    }

    /// The document library (Theme partials as block placeholders) with the slide partials added.
    func library(adding to: MustacheLibrary) -> MustacheLibrary {
        var library = to
        for (name, partial) in partials { library.register(partial.template, named: name) }
        return library
    }
}

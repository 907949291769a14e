import Foundation
import Synchronization

/// One cluster's deck: the slide page `/<cluster>/<slug>/` and, beside it, `<slug>.pptx`,
/// both from one pass over the deck document (Mustache with the slide partials, then
/// the cut into slides), so the two cannot show different slides.
struct DeckPage {
    let renderer: ClusterRenderer
    let document: PreparedPackage.PreparedDocument
    /// The document pages' context (values and relative addresses at depth 2).
    let context: [String: Any]
    let blocks: BlockCache

    static let notesMarker = "<!--klynge-notes-->"
    static let slideEndMarker = "<!--klynge-slide-end-->"

    struct Output {
        var files: [OutputFile]
        var warnings: [Diagnostic]
    }

    func render() -> Result<Output, BuildFailure> {
        let theme = renderer.theme
        let doc = document.document
        let context = Self.withDeckValues(self.context)
        let deckOutlines = theme.deck.partials.mapValues(\.outline)
        let problems = document.outline.problems(context: context, partials: theme.partials.merging(deckOutlines) { $1 },
                                                 placeholders: Set(theme.partials.keys))
        guard problems.isEmpty else { return .failure(BuildFailure(diagnostics: problems)) }
        let markdown = document.template.render(context, library: theme.deck.library(adding: renderer.blockLibrary))
        let sources = DeckSource.split(markdown, defaultLine: doc.bodyFirstLine)
        let slides = sources.map(SlideContent.init)

        // The figures the slides may show, by number: their template values and typed charts.
        let figureValues = Self.figureValues(in: context["figures"] ?? [:])
        let charts = FigureChartCollector.charts(cluster: renderer.cluster, package: renderer.prepared.package)

        var diagnostics: [Diagnostic] = []
        let html: [(body: String, notes: String)]
        switch slideHTML(sources, figures: figureValues) {
        case .success(let parts): html = parts
        case .failure(let failure): return .failure(failure)
        }

        let slug = renderer.cluster.slug
        let base = renderer.content.site.baseURL
        let pageURL = "\(base)/\(slug)/\(doc.slug)/"
        let pptxName = "\(doc.slug).pptx"
        var pageContext = context
        pageContext["nav"] = renderer.shared.navigation[doc.slug] ?? []
        pageContext["page"] = [
            "title": doc.title,
            "description": doc.description,
            "audience": doc.audience,
            "slug": doc.slug,
            "url": pageURL,
            "pptx_url": pptxName,
            "count": slides.count,
            "slides": zip(slides, html).enumerated().map { offset, pair -> [String: Any] in
                [
                    "number": offset + 1,
                    "label": pair.0.title ?? "Dias \(offset + 1)",
                    "is_title": pair.0.titleLevel == 1,
                    "html": pair.1.body,
                    "notes_html": pair.1.notes,
                    "has_notes": !pair.0.notes.isEmpty,
                ]
            },
        ] as [String: Any]
        var files: [OutputFile] = []
        switch theme.render(layout: "deck", context: pageContext) {
        case .success(let page): files.append(OutputFile(path: "\(slug)/\(doc.slug)/index.html", text: page))
        case .failure(let failure): return .failure(failure)
        }

        var typed: [Int: PPTXWriter.Figure] = [:]
        for (number, chart) in charts {
            guard let values = figureValues[number] else { continue }
            typed[number] = PPTXWriter.Figure(title: values["title"] as? String ?? "", source: values["source"] as? String ?? "",
                                              notes: values["notes"] as? [String] ?? [], chart: chart)
        }
        let packageTitle = renderer.prepared.package.title
        let writer = PPTXWriter(title: "\(packageTitle) – \(renderer.cluster.name)", author: renderer.content.site.publisher.name,
                                slides: slides, figures: typed, resolveLink: { Self.absolute($0, page: pageURL) })
        do {
            files.append(OutputFile(path: "\(slug)/\(doc.slug)/\(pptxName)", data: try writer.data()))
        } catch {
            return .failure(BuildFailure(diagnostics: [.error(SourceLocation(path: doc.path), "could not write the .pptx: \(error)")]))
        }
        diagnostics += DeckFit.problems(slides, path: doc.path)
        return .success(Output(files: files, warnings: diagnostics))
    }

    /// Each slide's HTML and its notes' HTML, from one cmark run over the whole deck
    /// (so heading ids stay unique on the page), cut at markers cmark keeps as they are.
    func slideHTML(_ slides: [DeckSource.Slide], figures: [Int: [String: Any]]) -> Result<[(body: String, notes: String)], BuildFailure> {
        var combined = ""
        for slide in slides {
            combined += slide.body + "\n\n\(Self.notesMarker)\n\n" + slide.notes + "\n\n\(Self.slideEndMarker)\n\n"
        }
        let rendered = renderer.markdown.render(combined).html
        var problems: [Diagnostic] = []
        let withFigures = rendered.replacingEach(SlideContent.figurePrefix, upTo: "-->") { number in
            guard let number = number.flatMap({ Int($0) }), let values = figures[number] else { return "" }
            // The figure partial reads the figure's own values only: a small context keeps
            // its shape (walked for every render) cheap.
            switch renderer.theme.render(partial: "figur", context: values) {
            case .success(let html): return html
            case .failure(let failure):
                problems += failure.diagnostics
                return ""
            }
        }
        let html = BlockPlaceholder.substitute(in: withFigures, render: blocks.render)
        problems += blocks.problems
        guard problems.isEmpty else { return .failure(BuildFailure(diagnostics: problems)) }
        // Cut in the bytes: Foundation's `components(separatedBy:)` and `trimmingCharacters`
        // bridge through NSString on Linux and took nine tenths of this function.
        var parts = Self.pieces(of: html, separatedBy: Self.slideEndMarker).map { part -> (body: String, notes: String) in
            let halves = Self.pieces(of: String(part), separatedBy: Self.notesMarker)
            return (String(halves[0].trimmingWhitespace), String(Substring(halves.dropFirst().joined()).trimmingWhitespace))
        }
        parts = Array(parts.prefix(slides.count))
        while parts.count < slides.count { parts.append(("", "")) }
        return .success(parts)
    }

    /// The text between the markers, found byte by byte (the marker is ASCII, so every
    /// cut falls on a character boundary).
    static func pieces(of text: String, separatedBy marker: String) -> [Substring] {
        let needle = Array(marker.utf8)
        let bytes = text.utf8
        var pieces: [Substring] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if bytes[index] == needle[0], bytes[index...].starts(with: needle) {
                pieces.append(text[start..<index])
                index = bytes.index(index, offsetBy: needle.count)
                start = index
            } else {
                index = bytes.index(after: index)
            }
        }
        pieces.append(text[start...])
        return pieces
    }

    /// The deck's own values: `deck.block.N` is the programme's N-th block (from 1, the
    /// pause counted), so a deck can place one block's slide where its part begins.
    static func withDeckValues(_ context: [String: Any]) -> [String: Any] {
        let blocks = (context["schedule"] as? [String: Any])?["blocks"] as? [[String: Any]] ?? []
        var copy = context
        copy["deck"] = ["block": Dictionary(uniqueKeysWithValues: blocks.enumerated().map { ("\($0.offset + 1)", $0.element) })] as [String: Any]
        return copy
    }

    /// Every figure among the values (`figures.<id>`, and lists of them), by number.
    static func figureValues(in value: Any) -> [Int: [String: Any]] {
        var found: [Int: [String: Any]] = [:]
        func visit(_ value: Any) {
            if let figure = value as? [String: Any] {
                if let number = figure["number"] as? Int, figure["svg"] is String {
                    found[number] = figure
                } else {
                    for key in figure.keys.sorted() { visit(figure[key]!) }
                }
            } else if let list = value as? [Any] {
                list.forEach(visit)
            }
        }
        visit(value)
        return found
    }

    /// A link as the .pptx holds it: addresses with a scheme as they are, the page's
    /// relative links made absolute under the site's address; anchors on the page dropped.
    static func absolute(_ link: String, page: String) -> String? {
        if link.hasPrefix("#") || link.isEmpty { return nil }
        if let colon = link.firstIndex(of: ":"), !link[..<colon].contains("/") { return link }
        return URL(string: link, relativeTo: URL(string: page))?.absoluteString
    }
}

/// Deck warnings of all clusters, gathered while they render on every core.
final class DeckWarnings: Sendable {
    private let diagnostics = Mutex<[Diagnostic]>([])

    func add(_ more: [Diagnostic]) { diagnostics.withLock { $0 += more } }
    var all: [Diagnostic] { diagnostics.withLock { $0 } }
}

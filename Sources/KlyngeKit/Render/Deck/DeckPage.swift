import Foundation
import Synchronization

/// One meeting's deck: the slide page `/<cluster>/<meeting>/<slug>/` and, beside it,
/// `<slug>.pptx`, both from one pass over the deck document (Mustache with the slide
/// partials, then the cut into slides), so the two cannot show different slides.
/// Figures are the documents' figure blocks (`{{> figure-<measure>}}`,
/// `{{> survey-results}}`): the page renders them through `BlockCache`, the .pptx
/// draws the same figures' typed charts (`FigureValues.drawn`), numbered alike.
struct DeckPage {
    let renderer: MeetingRenderer
    let document: PreparedPackage.PreparedDocument
    /// The document pages' context (values and relative addresses at depth 3).
    let context: TemplateContext
    let blocks: BlockCache

    static let notesMarker = "<!--klynge-notes-->"
    /// The survey's block on a slide becomes its summary and a slide per figure (see `surveySlides`).
    static let surveySummary = "deck-survey-summary"
    static let surveyFigure = "deck-survey-figure-"
    static let slideEndMarker = "<!--klynge-slide-end-->"

    struct Output {
        var files: [OutputFile]
        var warnings: [Diagnostic]
    }

    func render() -> Result<Output, BuildFailure> {
        let theme = renderer.theme
        let prepared = renderer.prepared
        let facts = renderer.facts
        let doc = document.document
        let context = Self.withDeckValues(self.context)
        let deckOutlines = theme.deck.partials.mapValues(\.outline)
        let problems = document.outline.problems(context: context, partials: theme.partials.merging(deckOutlines) { $1 },
                                                 placeholders: prepared.blocks)
        guard problems.isEmpty else { return .failure(BuildFailure(diagnostics: problems)) }
        let markdown = document.template.render(TemplateValue.mustache(context), library: theme.deck.library(adding: prepared.blockLibrary))
        let sources = DeckSource.split(Self.surveySlides(markdown, facts: facts), defaultLine: doc.bodyFirstLine)
        var slides = sources.map(SlideContent.init)

        let html: [(body: String, notes: String)]
        switch slideHTML(sources) {
        case .success(let parts): html = parts
        case .failure(let failure): return .failure(failure)
        }
        // The figures' typed charts for the .pptx, numbered in the order the slides
        // place the blocks, as the page's figures are.
        let figures = Self.figures(&slides, facts: facts)

        let base = renderer.site.baseURL
        let pageURL = "\(base)/\(facts.path)/\(doc.slug)/"
        let pptxName = "\(doc.slug).pptx"
        var pageContext = context
        pageContext["nav"] = renderer.shared.navigation[doc.slug] ?? .list([])
        pageContext["page"] = [
            "title": .text(doc.title),
            "description": .text(doc.description),
            "audience": .text(doc.audience),
            "slug": .text(doc.slug),
            "url": .text(pageURL),
            "pptx_url": .text(pptxName),
            "count": .number(slides.count),
            "slides": .list(zip(slides, html).enumerated().map { offset, pair -> TemplateValue in
                [
                    "number": .number(offset + 1),
                    "label": .text(pair.0.title ?? "Dias \(offset + 1)"),
                    "is_title": .flag(pair.0.titleLevel == 1),
                    "html": .text(pair.1.body),
                    "notes_html": .text(pair.1.notes),
                    "has_notes": .flag(!pair.0.notes.isEmpty),
                ]
            }),
        ]
        var files: [OutputFile] = []
        switch theme.render(layout: "deck", context: pageContext) {
        case .success(let page): files.append(OutputFile(path: "\(facts.path)/\(doc.slug)/index.html", text: page))
        case .failure(let failure): return .failure(failure)
        }

        let writer = PPTXWriter(title: "\(prepared.package.title) – \(facts.cluster.name)", author: renderer.site.publisher.name,
                                slides: slides, figures: figures, resolveLink: { Self.absolute($0, page: pageURL) })
        do {
            files.append(OutputFile(path: "\(facts.path)/\(doc.slug)/\(pptxName)", data: try writer.data()))
        } catch {
            return .failure(BuildFailure(diagnostics: [.error(SourceLocation(path: doc.path), "could not write the .pptx: \(error)")]))
        }
        return .success(Output(files: files, warnings: DeckFit.problems(slides, path: doc.path)))
    }

    /// Each figure block on the slides becomes its figures (`.figure(number)`), with
    /// the typed charts the .pptx draws; a figure whose numbers have not come has no
    /// chart and stays out of the .pptx slide (the page says so in its place).
    static func figures(_ slides: inout [SlideContent], facts: MeetingFacts) -> [Int: PPTXWriter.Figure] {
        var numbers = FigureNumbers()
        var figures: [Int: PPTXWriter.Figure] = [:]
        var survey: (first: Int, figures: [FigureValues.Drawn]) = (0, [])
        func expand(_ blocks: [SlideContent.Block]) -> [SlideContent.Block] {
            blocks.flatMap { block -> [SlideContent.Block] in
                if case .block(let name) = block, name == surveySummary, let results = facts.survey {
                    let first = numbers.take(FigureValues.surveyFigureCount(results))
                    survey = (first, FigureValues.surveyFigures(results, firstNumber: first, meeting: facts.meeting.date))
                    return []
                }
                if case .block(let name) = block, name.hasPrefix(surveyFigure), let index = Int(name.dropFirst(surveyFigure.count)),
                   survey.figures.indices.contains(index) {
                    guard let chart = survey.figures[index].chart else { return [] }
                    figures[survey.first + index] = PPTXWriter.Figure(value: survey.figures[index].value, chart: chart)
                    return [.figure(survey.first + index)]
                }
                guard case .block(let name) = block,
                      let drawn = FigureValues.drawn(block: name, facts: facts, first: numbers.next) else { return [block] }
                let first = numbers.take(name == SurveyBlock.name ? drawn.count : 1)
                return drawn.enumerated().compactMap { offset, figure in
                    guard let chart = figure.chart else { return nil }
                    figures[first + offset] = PPTXWriter.Figure(value: figure.value, chart: chart)
                    return .figure(first + offset)
                }
            }
        }
        for index in slides.indices {
            slides[index].blocks = expand(slides[index].blocks)
            slides[index].notes = expand(slides[index].notes)
        }
        return figures
    }

    /// Each slide's HTML and its notes' HTML, from one cmark run over the whole deck
    /// (so heading ids stay unique on the page), cut at markers cmark keeps as they are.
    /// The blocks are placed as on a document page, figures numbered in their order.
    func slideHTML(_ slides: [DeckSource.Slide]) -> Result<[(body: String, notes: String)], BuildFailure> {
        var combined = ""
        for slide in slides {
            combined += slide.body + "\n\n\(Self.notesMarker)\n\n" + slide.notes + "\n\n\(Self.slideEndMarker)\n\n"
        }
        let rendered = renderer.markdown.render(combined).html
        var numbers = FigureNumbers()
        var problems: [Diagnostic] = []
        let facts = renderer.facts
        var survey: [FigureValues.Drawn] = []
        func partial(_ name: String, _ own: TemplateContext) -> String {
            switch renderer.theme.render(partial: name, context: context.merging(own) { $1 }) {
            case .success(let html): return html
            case .failure(let failure):
                problems += failure.diagnostics
                return ""
            }
        }
        let html = BlockPlaceholder.substitute(in: rendered) { name in
            if name == Self.surveySummary, let results = facts.survey {
                // The summary and the free-text counts; the figures follow, a slide each.
                let first = numbers.take(FigureValues.surveyFigureCount(results))
                survey = FigureValues.surveyFigures(results, firstNumber: first, meeting: facts.meeting.date)
                guard case .record(var values) = FigureValues.survey(results, firstNumber: first, meeting: facts.meeting.date) else { return "" }
                values["charts"] = .list([])
                return partial(SurveyBlock.name, ["survey_results": .record(values)])
            }
            if name.hasPrefix(Self.surveyFigure), let index = Int(name.dropFirst(Self.surveyFigure.count)), survey.indices.contains(index) {
                return partial("figure", ["figure": survey[index].value])
            }
            return blocks.render(name, numbers: &numbers)
        }
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

    /// The survey's block on a slide, as slides: the block's own slide keeps the summary
    /// (respondents, free text), and each figure follows on a slide of its own, titled
    /// with the figure's title, so the page and the .pptx show one chart a slide.
    /// The slide's notes, written after the block, go with the last of them.
    static func surveySlides(_ markdown: String, facts: MeetingFacts) -> String {
        let marker = BlockPlaceholder.marker(SurveyBlock.name)
        guard let results = facts.survey, markdown.contains(marker) else { return markdown }
        let figures = FigureValues.surveyFigures(results, firstNumber: 1, meeting: facts.meeting.date)
        guard !figures.isEmpty else { return markdown }
        var slides = BlockPlaceholder.marker(surveySummary) + "\n"
        for (index, figure) in figures.enumerated() {
            let title: String
            if case .text(let text)? = figure.value["title"] { title = text } else { title = "" }
            slides += "\n---\n## \(MarkdownText.escape(title))\n\n\(BlockPlaceholder.marker(surveyFigure + String(index)))\n"
        }
        return markdown.replacingAll(marker, with: slides)
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
    static func withDeckValues(_ context: TemplateContext) -> TemplateContext {
        var blocks: [TemplateValue] = []
        if case .list(let list)? = context["schedule"]?["blocks"] { blocks = list }
        var copy = context
        copy["deck"] = ["block": .record(Dictionary(uniqueKeysWithValues: blocks.enumerated().map { ("\($0.offset + 1)", $0.element) }))]
        return copy
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

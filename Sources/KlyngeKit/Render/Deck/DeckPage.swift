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

    /// The survey's block on a slide becomes its summary and a slide per figure (see `surveySlides`).
    static let surveySummary = "deck-survey-summary"
    static let surveyFigure = "deck-survey-figure-"

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
        let deckShape = blocks.shape.merging(["deck": context["deck"] ?? .absent])
        let markdown: String
        switch prepared.markdown(document, context: context, shape: deckShape, partials: theme.partials.merging(deckOutlines) { $1 },
                                 library: prepared.deckLibrary) {
        case .success(let text): markdown = text
        case .failure(let failure): return .failure(failure)
        }
        let sources = DeckSource.split(Self.surveySlides(markdown, facts: facts), defaultLine: doc.bodyFirstLine)
        let memo = renderer.deckMemo
        var slides = sources.map { source in memo?.content(source) { SlideContent(source) } ?? SlideContent(source) }

        let html: [(body: String, notes: String)]
        switch slideHTML(sources) {
        case .success(let parts): html = parts
        case .failure(let failure): return .failure(failure)
        }
        // The figures' typed charts for the .pptx, numbered in the order the slides
        // place the blocks, as the page's figures are.
        let figures = Self.figures(&slides, figures: blocks.figures)

        let base = renderer.site.baseURL
        let pageURL = "\(base)/\(facts.path)/\(doc.slug)/"
        let pptxName = "\(doc.slug).pptx"
        let nav = renderer.shared.navigation[doc.slug] ?? .list([])
        let page: TemplateValue = [
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
        let own: TemplateContext = ["nav": nav, "page": page]
        var files: [OutputFile] = []
        // The meeting's part of the shape is walked once per meeting, the page's here.
        switch theme.file(layout: "deck", context: context.merging(own) { $1 }, shape: deckShape.merging(own)) {
        case .success(let page): files.append(OutputFile(path: "\(facts.path)/\(doc.slug)/index.html", data: page))
        case .failure(let failure): return .failure(failure)
        }

        let writer = PPTXWriter(title: "\(prepared.package.title) – \(facts.cluster.name)", author: renderer.site.publisher.name,
                                slides: slides, figures: figures, resolveLink: { Self.absolute($0, page: pageURL) }, memo: memo)
        do {
            files.append(try writer.file(path: "\(facts.path)/\(doc.slug)/\(pptxName)"))
        } catch {
            return .failure(BuildFailure(diagnostics: [.error(SourceLocation(path: doc.path), "could not write the .pptx: \(error)")]))
        }
        return .success(Output(files: files, warnings: DeckFit.problems(slides, path: doc.path)))
    }

    /// Each figure block on the slides becomes its figures (`.figure(number)`), with
    /// the typed charts the .pptx draws; a figure whose numbers have not come has no
    /// chart and stays out of the .pptx slide (the page says so in its place).
    static func figures(_ slides: inout [SlideContent], figures meeting: MeetingFigures) -> [Int: PPTXWriter.Figure] {
        let facts = meeting.facts
        var numbers = FigureNumbers()
        var figures: [Int: PPTXWriter.Figure] = [:]
        var surveyFirst = 0
        func expand(_ blocks: [SlideContent.Block]) -> [SlideContent.Block] {
            // Most slides place no block: they stay as they are.
            guard blocks.contains(where: { if case .block = $0 { true } else { false } }) else { return blocks }
            return blocks.flatMap { block -> [SlideContent.Block] in
                guard case .block(let name) = block else { return [block] }
                if name == surveySummary, facts.survey != nil {
                    surveyFirst = numbers.take(meeting.surveyCount)
                    return []
                }
                if name.hasPrefix(surveyFigure), let index = Int(name.dropFirst(surveyFigure.count)) {
                    let drawn = meeting.survey(first: surveyFirst)
                    guard drawn.indices.contains(index) else { return [block] }
                    guard let chart = drawn[index].chart else { return [] }
                    figures[surveyFirst + index] = PPTXWriter.Figure(value: drawn[index].value, chart: chart)
                    return [.figure(surveyFirst + index)]
                }
                if name == SurveyBlock.name, facts.survey == nil { return [block] }
                guard let drawn = meeting.drawn(name, first: numbers.next) else { return [block] }
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

    /// Each slide's HTML and its notes' HTML. cmark reads each slide by itself, so a
    /// slide the memo has seen in another meeting is not read again; heading ids stay
    /// unique on the page because each slide's ids are checked against the earlier
    /// slides' and a slide that repeats one is read again with those taken. The blocks
    /// are placed as on a document page, figures numbered in their order.
    func slideHTML(_ slides: [DeckSource.Slide]) -> Result<[(body: String, notes: String)], BuildFailure> {
        var numbers = FigureNumbers()
        var surveyFirst = 0
        let facts = renderer.facts
        var taken = SlugSet()
        var parts: [(body: String, notes: String)] = []
        parts.reserveCapacity(slides.count)
        func place(_ name: String) -> String {
            if name == Self.surveySummary, let results = facts.survey {
                // The summary and the free-text counts; the figures follow, a slide each.
                surveyFirst = numbers.take(blocks.figures.surveyCount)
                return blocks.render(partial: SurveyBlock.name, key: "\(name)#\(surveyFirst)") {
                    ["survey_results": FigureValues.survey(results, charts: [])]
                }
            }
            if name.hasPrefix(Self.surveyFigure), let index = Int(name.dropFirst(Self.surveyFigure.count)) {
                let drawn = blocks.figures.survey(first: surveyFirst)
                if drawn.indices.contains(index) {
                    return blocks.render(partial: "figure", key: "\(name)#\(surveyFirst + index)") { ["figure": drawn[index].value] }
                }
            }
            return blocks.render(name, numbers: &numbers)
        }
        for slide in slides {
            let before = taken
            var made = renderer.deckMemo?.html(slide) { Self.html(of: slide, markdown: renderer.markdown, taken: SlugSet()) }
                ?? Self.html(of: slide, markdown: renderer.markdown, taken: before)
            // The ids the slide gets after the earlier slides' headings: when one differs
            // from what the slide alone gave, it is read again with those ids taken.
            var repeated = false
            for heading in made.headings {
                if taken.unique(heading.slug) != heading.id { repeated = true }
            }
            if repeated { made = Self.html(of: slide, markdown: renderer.markdown, taken: before) }
            guard made.hasBlocks else {
                parts.append((made.body, made.notes))
                continue
            }
            func placed(_ html: String) -> String { String(Substring(BlockPlaceholder.substitute(in: html, render: place)).trimmingWhitespace) }
            parts.append((placed(made.body), placed(made.notes)))
        }
        guard blocks.problems.isEmpty else { return .failure(BuildFailure(diagnostics: blocks.problems)) }
        return .success(parts)
    }

    /// One slide's HTML and notes from cmark, its headings' ids made unique after `taken`.
    static func html(of slide: DeckSource.Slide, markdown: MarkdownRenderer, taken: SlugSet) -> DeckMemo.SlideHTML {
        let body = markdown.render(slide.body, slugs: taken)
        var afterBody = taken
        for heading in body.headings { _ = afterBody.unique(Slug.make(heading.text)) }
        let notes = markdown.render(slide.notes, slugs: afterBody)
        let headings = (body.headings + notes.headings).map { (slug: Slug.make($0.text), id: $0.id) }
        let bodyHTML = String(Substring(body.html).trimmingWhitespace), notesHTML = String(Substring(notes.html).trimmingWhitespace)
        return DeckMemo.SlideHTML(body: bodyHTML, notes: notesHTML, headings: headings,
                                  hasBlocks: bodyHTML.containsBytes(of: BlockPlaceholder.prefix) || notesHTML.containsBytes(of: BlockPlaceholder.prefix))
    }

    /// The survey's block on a slide, as slides: the block's own slide keeps the summary
    /// (respondents, free text), and each figure follows on a slide of its own, titled
    /// with the figure's title, so the page and the .pptx show one chart a slide.
    /// The slide's notes, written after the block, go with the last of them.
    static func surveySlides(_ markdown: String, facts: MeetingFacts) -> String {
        let marker = BlockPlaceholder.marker(SurveyBlock.name)
        guard let results = facts.survey, markdown.containsBytes(of: marker) else { return markdown }
        let groups = FigureValues.surveyGroups(results)
        guard !groups.isEmpty else { return markdown }
        var slides = BlockPlaceholder.marker(surveySummary) + "\n"
        for (index, group) in groups.enumerated() {
            slides += "\n---\n## \(MarkdownText.escape(FigureValues.surveyTitle(group)))\n\n\(BlockPlaceholder.marker(surveyFigure + String(index)))\n"
        }
        return markdown.replacingAll(marker, with: slides)
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

import Foundation
import Mustache

/// Renders every page of one meeting: its overview and its documents, under
/// `/<cluster>/<meeting>/`.
struct MeetingRenderer {
    let site: Site
    let theme: Theme
    let prepared: PreparedPackage
    let facts: MeetingFacts
    let markdown: MarkdownRenderer
    /// What every meeting of the package shares (see `SharedPageValues`).
    let shared: SharedPageValues
    /// Built with `--pdf`: each document page links to its PDF (`page.pdf_url`).
    var pdf = false
    /// Where the deck's fit warnings go (see `DeckPage`); none are kept without it.
    var deckWarnings: DeckWarnings? = nil
    /// The slides this build's decks have already read and written (nil: each made here).
    var deckMemo: DeckMemo? = nil

    /// A page's template values are this with `SharedPageValues`' package values and
    /// path values. This part is the same on every page of the meeting, so its shape is
    /// walked once per meeting.
    func meetingContext() -> TemplateContext {
        let package = prepared.package
        let (partners, partner) = TemplateValues.partners(facts.partners, package: package)
        return [
            "cluster": TemplateValues.cluster(facts.cluster),
            "coordinator": TemplateValues.contact(facts.cluster.coordinator),
            "region": TemplateValues.region(facts.cluster.region),
            "meeting": TemplateValues.meeting(facts),
            "partners": partners,
            "partner": partner,
            "deadlines": TemplateValues.deadlines(facts.deadlines),
            "schedule": TemplateValues.schedule(facts.schedule),
            "agreements": TemplateValues.agreements(facts.meeting.agreements),
            "follow_up": followUp(),
            "register": [
                "period": facts.register?.period.map { .text(DanishFormat.period($0)) } ?? .absent,
                "has_data": .flag(facts.register != nil),
            ],
            // Filled in by `render` from the package's invitation, when it has one.
            "invitation": .absent,
            "qr": QRCodes.values(documents: package.documents, meetingURL: "\(site.baseURL)/\(facts.path)/",
                                 use: prepared.qrUse(theme: theme)),
        ]
    }

    /// The meeting a follow-up follows up on, with the agreements it made.
    private func followUp() -> TemplateValue {
        guard let followUp = facts.followUp else { return .absent }
        let earlier = followUp.earlier
        return [
            "date": .text(DanishFormat.longDate(earlier.date)),
            "date_short": .text(DanishFormat.shortDate(earlier.date)),
            "title": .text(followUp.earlierPackage?.title ?? earlier.packageID),
            "url": .text("../../\(earlier.slug)/"),
            "period": followUp.then?.period.map { .text(DanishFormat.period($0)) } ?? .absent,
            "agreements": TemplateValues.agreements(earlier.agreements),
        ]
    }

    /// What the invitation's plain-text template can use beside the meeting's values:
    /// the site, and absolute addresses (`address.overview`, `.calendar`, `.docs.<slug>`).
    func invitationValues() -> TemplateContext {
        [
            "site": TemplateValues.site(site),
            "address": Invitation.addresses(meetingURL: "\(site.baseURL)/\(facts.path)/", documents: prepared.package.documents,
                                            calendarURL: "\(site.baseURL)/\(facts.cluster.slug)/\(MeetingCalendar.fileName)"),
        ]
    }

    func render() -> Result<[OutputFile], BuildFailure> {
        var files: [OutputFile] = []
        var problems: [Diagnostic] = []

        // The meeting's own values and their shape, once for all its pages, with the
        // package's, which every meeting of the package shares.
        let own = meetingContext()
        var meetingValues = own.merging(shared.packageValues.context) { $1 }
        var meetingShape = ContextShape(own, in: theme.structures).merging(shared.packageValues.shape)
        // The invitation is rendered from the meeting's values, so it joins them afterwards.
        if let invitation = prepared.invitation {
            let own = invitationValues()
            let context = meetingValues.merging(own) { $1 }
            let shape = meetingShape.merging(own)
            switch Invitation.values(invitation, context: context, shape: shape, shapes: prepared) {
            case .success(let values):
                meetingValues["invitation"] = values
                meetingShape = meetingShape.merging(["invitation": values])
            case .failure(let failure): return .failure(failure)
            }
        }
        func context(depth: Int, adding own: TemplateContext) -> (context: TemplateContext, shape: ContextShape) {
            let path = shared.path(depth: depth)
            var shape = meetingShape.merging(path.shape)
            if !own.isEmpty { shape = shape.merging(own) }
            return (meetingValues.merging(path.context.merging(own) { $1 }) { $1 }, shape)
        }

        let overview = context(depth: 2, adding: [
            "page": ["title": .text(facts.cluster.name), "url": .text("\(site.baseURL)/\(facts.path)/")],
            "documents": .list(prepared.package.documents.map {
                ["title": .text($0.title), "description": .text($0.description), "audience": .text($0.audience), "url": .text("\($0.slug)/")]
            }),
        ])
        switch theme.file(layout: "overview", context: overview.context, shape: overview.shape) {
        case .success(let html): files.append(OutputFile(path: "\(facts.path)/index.html", data: html))
        case .failure(let failure): problems += failure.diagnostics
        }

        // Computed once: every document page shares it but for the page itself.
        // A page for the partners shows the programme with their slots marked.
        let (documentContext, documentShape) = context(depth: 3, adding: [:])
        var partnerContext = documentContext
        let partnerSchedule = TemplateValues.schedule(facts.schedule, forPartners: true)
        partnerContext["schedule"] = partnerSchedule
        let partnerShape = documentShape.merging(["schedule": partnerSchedule])
        let figures = MeetingFigures(facts: facts)
        let blocks = BlockCache(theme: theme, figures: figures, context: documentContext, shape: documentShape)
        let partnerBlocks = BlockCache(theme: theme, figures: figures, context: partnerContext, shape: partnerShape)
        for document in prepared.documents {
            if document.document.view == .deck {
                // The deck is a slide page and a .pptx, made in Render/Deck.
                switch DeckPage(renderer: self, document: document, context: documentContext, blocks: blocks).render() {
                case .success(let deck):
                    files += deck.files
                    deckWarnings?.add(deck.warnings)
                case .failure(let failure): problems += failure.diagnostics
                }
                continue
            }
            let forPartners = document.document.view == .partners
            switch page(document, context: forPartners ? partnerContext : documentContext, shape: forPartners ? partnerShape : documentShape,
                        blocks: forPartners ? partnerBlocks : blocks) {
            case .success(let html): files.append(OutputFile(path: "\(facts.path)/\(document.document.slug)/index.html", data: html))
            case .failure(let failure): problems += failure.diagnostics
            }
        }
        return problems.isEmpty ? .success(files) : .failure(BuildFailure(diagnostics: problems))
    }

    private func page(_ prepared: PreparedPackage.PreparedDocument, context shared: TemplateContext, shape: ContextShape,
                      blocks: BlockCache) -> Result<Data, BuildFailure> {
        let document = prepared.document
        let rendered: RenderedMarkdown
        switch self.prepared.html(prepared, context: shared, shape: shape, partials: theme.partials, markdown: markdown) {
        case .success(let html): rendered = html
        case .failure(let failure): return .failure(failure)
        }
        // Figures are numbered in the order this document places them.
        var numbers = FigureNumbers()
        let html = BlockPlaceholder.substitute(in: rendered.html) { blocks.render($0, numbers: &numbers) }
        guard blocks.problems.isEmpty else { return .failure(BuildFailure(diagnostics: blocks.problems)) }
        let nav = self.shared.navigation[document.slug]!
        let toc = rendered.headings.filter { $0.level == 2 || $0.level == 3 }
        let page: TemplateValue = [
            "title": .text(document.title),
            "description": .text(document.description),
            "audience": .text(document.audience),
            "slug": .text(document.slug),
            "url": .text("\(site.baseURL)/\(facts.path)/\(document.slug)/"),
            "content": .text(html),
            "toc": TableOfContents.entries(toc),
            "has_toc": .flag(toc.count >= 3),
            // Only when the PDF is built beside the page, so the link never leads nowhere.
            "pdf_url": pdf ? .text("\(document.slug).pdf") : .absent,
        ]
        var context = shared
        context["nav"] = nav
        context["page"] = page
        // The meeting's part of the shape is walked once per meeting, the navigation's
        // once per build, the page's here.
        return theme.file(layout: "page", context: context, shape: shape.merging(self.shared.navigationShapes[document.slug]!).merging(["page": page]))
    }
}

/// The next figure number of a page as its blocks are placed, top to bottom.
struct FigureNumbers {
    private(set) var next = 1

    mutating func take(_ count: Int = 1) -> Int {
        defer { next += count }
        return next
    }
}

/// The values every meeting of a package shares: the package's own, the part of a
/// page's context that depends only on where the page lies (relative addresses), and
/// each document's navigation. Built and walked once per build, not once per meeting.
struct SharedPageValues: Sendable {
    struct Path: Sendable {
        var context: TemplateContext
        var shape: ContextShape
    }

    /// The package's own values (`package`, `links`, `questionnaire`).
    let packageValues: Path
    /// A meeting's overview (two folders below the site root: cluster and meeting).
    let overview: Path
    /// A meeting's documents (three folders below the root).
    let document: Path
    /// By document slug: the documents with the one being read marked.
    let navigation: [String: TemplateValue]
    /// The shape of each document's `nav`.
    let navigationShapes: [String: ContextShape]

    func path(depth: Int) -> Path { depth == 2 ? overview : document }

    init(site: Site, theme: Theme, package: ClusterPackage) {
        func path(_ depth: Int) -> Path {
            let context = Self.pathContext(depth: depth, site: site, theme: theme, package: package)
            return Path(context: context, shape: ContextShape(context, in: theme.structures))
        }
        let packageContext: TemplateContext = [
            "package": TemplateValues.package(package),
            "links": TemplateValues.links(package.links),
            "questionnaire": TemplateValues.questionnaire(package.survey),
        ]
        packageValues = Path(context: packageContext, shape: ContextShape(packageContext, in: theme.structures))
        overview = path(2)
        document = path(3)
        navigation = Dictionary(uniqueKeysWithValues: package.documents.map {
            ($0.slug, Self.navigation(package, current: $0.slug, meetingRoot: "../"))
        })
        navigationShapes = navigation.mapValues { ContextShape(["nav": $0], in: theme.structures) }
    }

    /// - Parameter depth: folders between the page and the site root.
    static func pathContext(depth: Int, site: Site, theme: Theme, package: ClusterPackage) -> TemplateContext {
        let root = String(repeating: "../", count: depth)
        let meetingRoot = depth >= 3 ? "../" : ""
        let documents: [String: TemplateValue] = Dictionary(uniqueKeysWithValues: package.documents.map { document in
            (document.slug, ["title": .text(document.title), "url": .text("\(meetingRoot)\(document.slug)/")] as TemplateValue)
        })
        return [
            "site": TemplateValues.site(site, root: root),
            "calendar_url": .text("\(meetingRoot)../\(MeetingCalendar.fileName)"),
            "docs": .record(documents),
            "overview_url": .text(meetingRoot.isEmpty ? "./" : meetingRoot),
            "cluster_url": .text("\(meetingRoot)../"),
            "root": .text(root),
            "assets": theme.assetURLs(root: root),
            "nav": navigation(package, current: nil, meetingRoot: meetingRoot),
        ]
    }

    static func navigation(_ package: ClusterPackage, current: String?, meetingRoot: String) -> TemplateValue {
        .list(package.documents.map { ["title": .text($0.title), "url": .text("\(meetingRoot)\($0.slug)/"), "current": .flag($0.slug == current)] })
    }
}

/// A meeting's figures, each block's made once for every page and the deck: the
/// pages show their template values, the .pptx draws their charts. A block placed
/// at another first number (the handout and the deck number the survey's figures
/// differently) gets the same figures renumbered (`FigureValues.renumbered`).
final class MeetingFigures {
    let facts: MeetingFacts
    /// By block name and first number.
    private var made: [String: [FigureValues.Drawn]] = [:]
    /// By block name: the figures as first made, each carrying its number.
    private var firstMade: [String: [FigureValues.Drawn]?] = [:]

    init(facts: MeetingFacts) { self.facts = facts }

    /// How many figures the survey block shows.
    var surveyCount: Int { FigureValues.surveyFigureCount(facts.survey) }

    /// The figures a figure block places from `first` (see `FigureValues.drawn`); nil for another block.
    func drawn(_ name: String, first number: Int) -> [FigureValues.Drawn]? {
        let key = "\(name)#\(number)"
        if let figures = made[key] { return figures }
        let figures: [FigureValues.Drawn]?
        if let earlier = firstMade[name] {
            figures = earlier.map { FigureValues.renumbered($0, first: number) }
        } else {
            figures = FigureValues.drawn(block: name, facts: facts, first: number)
            firstMade[name] = figures
        }
        made[key] = figures
        return figures
    }

    /// The survey's figures from `first`.
    func survey(first: Int) -> [FigureValues.Drawn] { drawn(SurveyBlock.name, first: first) ?? [] }
}

/// Blocks placed in documents (programme, contacts, figures) depend only on the
/// meeting and, for figures, on their number, so each is rendered once per meeting
/// and number, not once per page.
final class BlockCache {
    private let theme: Theme
    let figures: MeetingFigures
    private var facts: MeetingFacts { figures.facts }
    private let context: TemplateContext
    /// The shape of the context the blocks are rendered in.
    let shape: ContextShape
    private var rendered: [String: String] = [:]
    /// By partial: the entries of `context` it can look up (see `readsOnly`).
    private var contextNames: [String: Set<String>?] = [:]
    private(set) var problems: [Diagnostic] = []

    init(theme: Theme, figures: MeetingFigures, context: TemplateContext, shape: ContextShape) {
        self.theme = theme
        self.figures = figures
        self.context = context
        self.shape = shape
    }

    /// A figure block takes the page's next number; the survey's block one per chart.
    func render(_ name: String, numbers: inout FigureNumbers) -> String {
        if name.hasPrefix(FigureValues.measurePrefix) {
            let number = numbers.take()
            return cached("\(name)#\(number)", partial: "figure") { ["figure": figures.drawn(name, first: number)?.first?.value ?? .absent] }
        }
        if name.hasPrefix(FigureValues.changePrefix) {
            let number = numbers.take()
            return cached("\(name)#\(number)", partial: "figure") { ["figure": figures.drawn(name, first: number)?.first?.value ?? .absent] }
        }
        if name == SurveyBlock.name {
            let first = numbers.take(figures.surveyCount)
            return cached("\(name)#\(first)", partial: name) {
                ["survey_results": facts.survey.map { FigureValues.survey($0, charts: figures.survey(first: first).map(\.value)) } ?? .absent]
            }
        }
        return cached(name, partial: name) { [:] }
    }

    /// A partial with values of its own, once per meeting and `key` (a deck's survey slides).
    func render(partial: String, key: String, own: () -> TemplateContext) -> String {
        cached(key, partial: partial, own: own)
    }

    private func cached(_ key: String, partial: String, own: () -> TemplateContext) -> String {
        if let block = rendered[key] { return block }
        let values = own()
        let result: Result<String, BuildFailure>
        if values.isEmpty {
            result = theme.render(partial: partial, context: context, shape: shape)
        } else if theme.shapesAllowed, readsOnly(values, partial: partial) {
            // A figure's partial reads its figure alone: its shape is the figure's, not
            // the meeting's with the figure merged in and then restricted to it again.
            // A build without shaped rendering merges, and the shaped-rendering tests
            // compare the two builds.
            result = theme.render(partial: partial, context: values)
        } else {
            result = theme.render(partial: partial, context: context.merging(values) { $1 }, shape: shape.merging(values))
        }
        switch result {
        case .success(let block):
            rendered[key] = block
            return block
        case .failure(let failure):
            problems += failure.diagnostics
            rendered[key] = ""
            return ""
        }
    }
}

extension BlockCache {
    /// Whether `partial` finds nothing of the meeting's context that `values` do not
    /// replace: rendered with `values` alone, it then prints what it prints with
    /// `values` merged into the meeting's context.
    private func readsOnly(_ values: TemplateContext, partial: String) -> Bool {
        let found: Set<String>?
        if let known = contextNames[partial] {
            found = known
        } else {
            found = Self.names(in: context, lookedUp: theme.topLevelNames[partial])
            contextNames[partial] = .some(found)
        }
        return found?.allSatisfy { values[$0] != nil } ?? false
    }

    /// The entries of `context` a template that can look up `names` (nil: any) finds; nil for all.
    static func names(in context: TemplateContext, lookedUp names: Set<String>?) -> Set<String>? {
        names.map { $0.filter { context[$0] != nil } }
    }
}

/// The survey's results are a Theme partial of this name, fed `survey_results`.
enum SurveyBlock {
    static let name = "survey-results"
}

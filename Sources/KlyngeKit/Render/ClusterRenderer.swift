import Foundation
import Mustache

/// Renders every page of one cluster: its overview and its documents.
struct ClusterRenderer {
    let content: SiteContent
    let theme: Theme
    let prepared: PreparedPackage
    let cluster: Cluster
    let markdown: MarkdownRenderer
    let blockLibrary: MustacheLibrary
    /// What every cluster of the package shares (see `SharedPageValues`).
    let shared: SharedPageValues
    /// Where the deck's fit warnings go (see `DeckPage`); none are kept without it.
    var deckWarnings: DeckWarnings? = nil

    /// A page's template values are `clusterContext()` with `SharedPageValues.pathContext`.
    /// This part is the same on every page of the cluster, so its shape is walked
    /// once per cluster (see `ContextShape`).
    func clusterContext() -> [String: Any] {
        let package = prepared.package
        let schedule = Schedule(programme: package.programme, start: cluster.meeting.start)
        let deadlines = Deadlines(meeting: cluster.meeting.date)
        return [
            "package": TemplateValues.package(package),
            "links": TemplateValues.links(package.links),
            "cluster": ["name": cluster.name, "slug": cluster.slug] as [String: Any],
            "coordinator": TemplateValues.contact(cluster.coordinator),
            "region": TemplateValues.region(cluster.region),
            "meeting": [
                "date": DanishFormat.longDate(cluster.meeting.date),
                "date_short": DanishFormat.shortDate(cluster.meeting.date),
                "start": "kl. \(DanishFormat.clock(schedule.start))",
                "end": "kl. \(DanishFormat.clock(schedule.end))",
                "time_span": "kl. \(DanishFormat.span(schedule.start, schedule.end))",
                "venue": cluster.meeting.venue,
                "address": TemplateValues.field(cluster.meeting.address),
            ] as [String: Any],
            "municipality": TemplateValues.organisation(cluster.municipality),
            "pharmacy": TemplateValues.organisation(cluster.pharmacy),
            "deadlines": TemplateValues.deadlines(deadlines),
            "schedule": TemplateValues.schedule(schedule, hasPharmacy: cluster.pharmacy != nil, forPartners: false),
            "figures": FigureValues.figures(cluster: cluster, package: package),
            "qr": TemplateValues.qrCodes(documents: package.documents, clusterURL: "\(content.site.baseURL)/\(cluster.slug)/",
                                        use: prepared.qrUse(theme: theme)),
        ]
    }

    func render() -> Result<[OutputFile], BuildFailure> {
        var files: [OutputFile] = []
        var problems: [Diagnostic] = []

        // The cluster's own values and their shape, once for all its pages.
        let clusterValues = clusterContext()
        let clusterShape = ContextShape(clusterValues)
        func context(depth: Int, adding own: [String: Any]) -> (context: [String: Any], shape: ContextShape?) {
            let path = shared.paths[depth]!
            var shape = clusterShape.flatMap { cluster in path.shape.map { cluster.merging($0) } }
            if !own.isEmpty { shape = ContextShape(own).flatMap { own in shape.map { $0.merging(own) } } }
            return (clusterValues.merging(path.context.merging(own) { $1 }) { $1 }, shape)
        }

        let overview = context(depth: 1, adding: [
            "page": ["title": cluster.name, "url": "\(content.site.baseURL)/\(cluster.slug)/"] as [String: Any],
            "documents": prepared.package.documents.map {
                ["title": $0.title, "description": $0.description, "audience": $0.audience, "url": "\($0.slug)/"] as [String: Any]
            },
        ])
        switch theme.render(layout: "overview", context: overview.context, shape: overview.shape) {
        case .success(let html): files.append(OutputFile(path: "\(cluster.slug)/index.html", text: html))
        case .failure(let failure): problems += failure.diagnostics
        }

        files.append(OutputFile(path: "\(cluster.slug)/\(MeetingCalendar.fileName)",
                                text: MeetingCalendar.text(site: content.site, package: prepared.package, cluster: cluster,
                                                           schedule: Schedule(programme: prepared.package.programme, start: cluster.meeting.start))))

        // Computed once: every document page shares it but for the page itself.
        // The guide for the partners shows the programme with their slots marked.
        let (documentContext, documentShape) = context(depth: 2, adding: [:])
        var partnerContext = documentContext
        let partnerSchedule = TemplateValues.schedule(Schedule(programme: prepared.package.programme, start: cluster.meeting.start),
                                                      hasPharmacy: cluster.pharmacy != nil, forPartners: true)
        partnerContext["schedule"] = partnerSchedule
        let partnerShape = ContextShape(["schedule": partnerSchedule]).flatMap { own in documentShape.map { $0.merging(own) } }
        let blocks = BlockCache(theme: theme, context: documentContext, shape: documentShape)
        let partnerBlocks = BlockCache(theme: theme, context: partnerContext, shape: partnerShape)
        for document in prepared.documents {
            if document.document.isDeck {
                // The deck is a slide page and a .pptx, made in Render/Deck.
                switch DeckPage(renderer: self, document: document, context: documentContext, blocks: blocks).render() {
                case .success(let deck):
                    files += deck.files
                    deckWarnings?.add(deck.warnings)
                case .failure(let failure): problems += failure.diagnostics
                }
                continue
            }
            let forPartners = document.document.programmeForPartners
            switch page(document, context: forPartners ? partnerContext : documentContext, shape: forPartners ? partnerShape : documentShape,
                        blocks: forPartners ? partnerBlocks : blocks) {
            case .success(let html): files.append(OutputFile(path: "\(cluster.slug)/\(document.document.slug)/index.html", text: html))
            case .failure(let failure): problems += failure.diagnostics
            }
        }
        return problems.isEmpty ? .success(files) : .failure(BuildFailure(diagnostics: problems))
    }

    private func page(_ prepared: PreparedPackage.PreparedDocument, context shared: [String: Any], shape: ContextShape?,
                      blocks: BlockCache) -> Result<String, BuildFailure> {
        let document = prepared.document
        var context = shared
        let source: String
        switch self.prepared.markdown(prepared, context: context, shape: shape, partials: theme.partials, library: blockLibrary) {
        case .success(let markdown): source = markdown
        case .failure(let failure): return .failure(failure)
        }
        let rendered = markdown.render(source)
        let html = BlockPlaceholder.substitute(in: rendered.html, render: blocks.render)
        guard blocks.problems.isEmpty else { return .failure(BuildFailure(diagnostics: blocks.problems)) }
        let nav = self.shared.navigation[document.slug]!
        context["nav"] = nav
        let toc = rendered.headings.filter { $0.level == 2 || $0.level == 3 }
        let page: [String: Any] = [
            "title": document.title,
            "description": document.description,
            "audience": document.audience,
            "slug": document.slug,
            "url": "\(content.site.baseURL)/\(cluster.slug)/\(document.slug)/",
            "content": html,
            "toc": TableOfContents.entries(toc),
            "has_toc": toc.count >= 3,
        ]
        context["page"] = page
        // The cluster's part of the shape is walked once per cluster, the page's here.
        let pageShape = ContextShape(["nav": nav, "page": page]).flatMap { own in shape.map { $0.merging(own) } }
        return theme.render(layout: "page", context: context, shape: pageShape)
    }
}

/// The values every cluster of a package shares: the part of a page's context that
/// depends only on where the page lies (relative addresses) and each document's
/// navigation. Built and walked once per build, not once per cluster.
struct SharedPageValues: @unchecked Sendable {
    struct Path {
        var context: [String: Any]
        var shape: ContextShape?
    }

    /// By depth: folders between the page and the site root (1 for the overview, 2 for documents).
    var paths: [Int: Path]
    /// By document slug: the documents with the one being read marked.
    var navigation: [String: [[String: Any]]]

    init(site: Site, theme: Theme, package: ClusterPackage) {
        paths = [:]
        for depth in 1...2 {
            let context = Self.pathContext(depth: depth, site: site, theme: theme, package: package)
            paths[depth] = Path(context: context, shape: ContextShape(context))
        }
        navigation = Dictionary(uniqueKeysWithValues: package.documents.map {
            ($0.slug, Self.navigation(package, current: $0.slug, clusterRoot: "../"))
        })
    }

    static func pathContext(depth: Int, site: Site, theme: Theme, package: ClusterPackage) -> [String: Any] {
        let root = String(repeating: "../", count: depth)
        let clusterRoot = depth >= 2 ? "../" : ""
        let documents: [String: Any] = Dictionary(uniqueKeysWithValues: package.documents.map { document in
            (document.slug, ["title": document.title, "url": "\(clusterRoot)\(document.slug)/"] as [String: Any])
        })
        return [
            "site": TemplateValues.site(site, root: root),
            "calendar_url": "\(clusterRoot)\(MeetingCalendar.fileName)",
            "docs": documents,
            "overview_url": clusterRoot.isEmpty ? "./" : clusterRoot,
            "root": root,
            "assets": theme.assetURLs(root: root),
            "nav": navigation(package, current: nil, clusterRoot: clusterRoot),
        ]
    }

    static func navigation(_ package: ClusterPackage, current: String?, clusterRoot: String) -> [[String: Any]] {
        package.documents.map { ["title": $0.title, "url": "\(clusterRoot)\($0.slug)/", "current": $0.slug == current] }
    }
}

/// Blocks placed in documents (programme, contacts, figures) depend only on the
/// cluster, so each is rendered once per cluster, not once per page.
final class BlockCache {
    private let theme: Theme
    private let context: [String: Any]
    private let shape: ContextShape?
    private var rendered: [String: String] = [:]
    private(set) var problems: [Diagnostic] = []

    init(theme: Theme, context: [String: Any], shape: ContextShape? = nil) {
        self.theme = theme
        self.context = context
        self.shape = shape
    }

    func render(_ name: String) -> String {
        if let block = rendered[name] { return block }
        switch theme.render(partial: name, context: context, shape: shape) {
        case .success(let block):
            rendered[name] = block
            return block
        case .failure(let failure):
            problems += failure.diagnostics
            rendered[name] = ""
            return ""
        }
    }
}

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

    /// The values every template of this cluster may use.
    /// - Parameters:
    ///   - depth: folders between the page and the site root (1 for the overview, 2 for documents).
    ///   - current: the document being rendered, marked in the navigation.
    func baseContext(depth: Int, current: String? = nil) -> [String: Any] {
        let package = prepared.package
        let schedule = Schedule(programme: package.programme, start: cluster.meeting.start)
        let deadlines = Deadlines(meeting: cluster.meeting.date)
        let root = String(repeating: "../", count: depth)
        let clusterRoot = depth >= 2 ? "../" : ""
        let documents: [String: Any] = Dictionary(uniqueKeysWithValues: package.documents.map { document in
            (document.slug, ["title": document.title, "url": "\(clusterRoot)\(document.slug)/"] as [String: Any])
        })
        return [
            "site": TemplateValues.site(content.site, root: root),
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
            "deadlines": [
                "order": DanishFormat.longDate(deadlines.order),
                "material": DanishFormat.longDate(deadlines.material),
                "follow_up": DanishFormat.longDate(deadlines.followUp),
            ] as [String: Any],
            "schedule": TemplateValues.schedule(schedule, hasPharmacy: cluster.pharmacy != nil),
            "docs": documents,
            "overview_url": clusterRoot.isEmpty ? "./" : clusterRoot,
            "root": root,
            "assets": theme.assetURLs(root: root),
            "nav": package.documents.map { ["title": $0.title, "url": "\(clusterRoot)\($0.slug)/", "current": $0.slug == current] as [String: Any] },
        ]
    }

    func render() -> Result<[OutputFile], BuildFailure> {
        var files: [OutputFile] = []
        var problems: [Diagnostic] = []
        let qr = TemplateValues.qrCodes(documents: prepared.package.documents, clusterURL: "\(content.site.baseURL)/\(cluster.slug)/")

        var overview = baseContext(depth: 1)
        overview["qr"] = qr
        overview["page"] = ["title": cluster.name, "url": "\(content.site.baseURL)/\(cluster.slug)/"] as [String: Any]
        overview["documents"] = prepared.package.documents.map {
            ["title": $0.title, "description": $0.description, "audience": $0.audience, "url": "\($0.slug)/"] as [String: Any]
        }
        switch theme.render(layout: "overview", context: overview) {
        case .success(let html): files.append(OutputFile(path: "\(cluster.slug)/index.html", text: html))
        case .failure(let failure): problems += failure.diagnostics
        }

        for document in prepared.documents {
            switch page(document, qr: qr) {
            case .success(let html): files.append(OutputFile(path: "\(cluster.slug)/\(document.document.slug)/index.html", text: html))
            case .failure(let failure): problems += failure.diagnostics
            }
        }
        return problems.isEmpty ? .success(files) : .failure(BuildFailure(diagnostics: problems))
    }

    private func page(_ prepared: PreparedPackage.PreparedDocument, qr: [String: Any]) -> Result<String, BuildFailure> {
        let document = prepared.document
        var context = baseContext(depth: 2, current: document.slug)
        context["qr"] = qr
        let problems = prepared.outline.problems(context: context, partials: theme.partials, placeholders: Set(theme.partials.keys))
        guard problems.isEmpty else { return .failure(BuildFailure(diagnostics: problems)) }

        let source = prepared.template.render(context, library: blockLibrary)
        let rendered = markdown.render(source)
        var html = rendered.html
        for name in theme.partials.keys.sorted() where html.contains(BlockPlaceholder.marker(name)) {
            switch theme.render(partial: name, context: context) {
            case .success(let block): html = html.replacingOccurrences(of: BlockPlaceholder.marker(name), with: block)
            case .failure(let failure): return .failure(failure)
            }
        }
        let toc = rendered.headings.filter { $0.level == 2 || $0.level == 3 }
        context["page"] = [
            "title": document.title,
            "description": document.description,
            "audience": document.audience,
            "slug": document.slug,
            "url": "\(content.site.baseURL)/\(cluster.slug)/\(document.slug)/",
            "content": html,
            "toc": toc.map { ["id": $0.id, "text": $0.text, "level": $0.level, "is_sub": $0.level == 3] as [String: Any] },
            "has_toc": toc.count >= 3,
        ] as [String: Any]
        return theme.render(layout: "page", context: context)
    }
}

import Foundation

/// What to build and where.
public struct BuildOptions: Sendable {
    /// The folder holding `Content/` and `Theme/`.
    public var root: URL
    /// Where the site goes; `<root>/_site` by default.
    public var output: URL
    /// Only these clusters, when given.
    public var clusters: Set<String>?
    /// The moment deadlines are checked against; injectable so that tests do not depend on today.
    public var now: Date
    /// Clusters rendered at once; all cores when nil. The output never depends on it.
    public var workers: Int?
    /// Called from any thread as each cluster finishes rendering: (done, total).
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// `serve`'s incremental rebuild: render only some clusters' pages, keep the rest.
    public var reuse: ReusedPages?
    /// Templates rendered once per context shape and filled per cluster (see `ContextShape`);
    /// off renders every page directly, to check that both give the same bytes.
    public var shapedRendering = true

    public init(root: URL, output: URL? = nil, clusters: Set<String>? = nil, now: Date = Date()) {
        self.root = root.standardizedFileURL
        self.output = (output ?? root.appendingPathComponent("_site")).standardizedFileURL
        self.clusters = clusters
        self.now = now
    }
}

/// The last good site and the clusters whose files changed since it was built.
public struct ReusedPages: Sendable {
    public var files: [OutputFile]
    public var changedClusters: Set<String>

    public init(files: [OutputFile], changedClusters: Set<String>) {
        self.files = files
        self.changedClusters = changedClusters
    }
}

/// What a successful build reports.
public struct BuildReport: Sendable {
    public var clusters: Int { clusterSlugs.count }
    /// The clusters built, each under `/<slug>/`.
    public var clusterSlugs: [String]
    public var pages: Int
    public var files: [OutputFile]
    public var warnings: [Diagnostic]
    /// The coordinators' pseudonym keys, for `_private/` beside the output; never part of the site.
    public var privateFiles: [OutputFile] = []
}

/// The pipeline: load → model → derive → render → write. Each step is a plain
/// function of the previous one's result; only the last touches the output.
public enum SiteBuilder {
    /// Builds the site in memory: every file it would write, or every problem found.
    public static func render(_ options: BuildOptions) -> Result<BuildReport, BuildFailure> {
        let log = DiagnosticLog()
        func failure() -> Result<BuildReport, BuildFailure> { .failure(BuildFailure(diagnostics: log.sorted)) }

        // load → model
        let tree = ContentTree.read(root: options.root, only: options.clusters, log: log)
        let theme = Theme.load(root: options.root, log: log)
        guard let content = ModelBuilder(log: log).build(tree), var theme else { return failure() }
        theme.shapesAllowed = theme.shapesAllowed && options.shapedRendering

        // derive: what must hold before anything renders
        let prepared = prepare(content.packages, options: options, log: log)
        checkMeetings(content, today: DanishCalendar.day(of: options.now), log: log)
        guard !log.hasErrors else { return failure() }

        // render
        let rendered = renderClusters(content, theme: theme, prepared: prepared, options: options, log: log)
        let reused = reusedPages(content, options.reuse)
        var files = rendered + reused + siteFiles(content: content, theme: theme, log: log)
        guard !log.hasErrors else { return failure() }
        log.append(contentsOf: LinkCheck.problems(in: files, sources: LinkCheck.sources(content), baseURL: content.site.baseURL,
                                                  unchanged: Set(reused.map(\.path))))
        guard !log.hasErrors else { return failure() }

        files.sort { $0.path < $1.path }
        let pages = files.filter { $0.path.hasSuffix(".html") }.count
        let keys = content.clusters.compactMap(PseudonymKey.file).sorted { $0.path < $1.path }
        return .success(BuildReport(clusterSlugs: content.clusters.map(\.slug), pages: pages, files: files,
                                    warnings: log.sorted, privateFiles: keys))
    }

    /// Each package's programme checked and its documents parsed as templates, once.
    static func prepare(_ packages: [String: ClusterPackage], options: BuildOptions, log: DiagnosticLog) -> [String: PreparedPackage] {
        var prepared: [String: PreparedPackage] = [:]
        for (id, package) in packages.sorted(by: { $0.key < $1.key }) {
            log.append(contentsOf: ProgrammeCheck.problems(in: package.programme, packageMinutes: package.durationMinutes))
            prepared[id] = PreparedPackage.prepare(package, log: log).shaped(options.shapedRendering)
        }
        return prepared
    }

    /// A meeting must end before midnight; deadlines already passed are warned about.
    static func checkMeetings(_ content: SiteContent, today: Day, log: DiagnosticLog) {
        for cluster in content.clusters {
            guard let package = content.packages[cluster.packageID] else { continue }
            let end = cluster.meeting.start.minutes + package.programme.totalMinutes
            if end > 24 * 60 {
                log.error(cluster.meeting.startLocation ?? cluster.meeting.location,
                          "the meeting starts at \(DanishFormat.clock(cluster.meeting.start)) and its \(package.programme.totalMinutes) minutes would end after midnight")
            }
            log.append(contentsOf: passedDeadlines(cluster, today: today))
        }
    }

    /// Every page of every cluster (or of the changed ones, for `serve`), on every core.
    static func renderClusters(_ content: SiteContent, theme: Theme, prepared: [String: PreparedPackage],
                               options: BuildOptions, log: DiagnosticLog) -> [OutputFile] {
        let markdown = MarkdownRenderer()
        let blockLibrary = BlockPlaceholder.library(for: theme.partials.keys)
        let changed = options.reuse?.changedClusters
        let shared = prepared.mapValues { SharedPageValues(site: content.site, theme: theme, package: $0.package) }
        let deckWarnings = DeckWarnings()
        defer { log.append(contentsOf: deckWarnings.all) }
        let renderers = content.clusters.filter { changed?.contains($0.slug) ?? true }.compactMap { cluster in
            prepared[cluster.packageID].map {
                ClusterRenderer(content: content, theme: theme, prepared: $0, cluster: cluster,
                                markdown: markdown, blockLibrary: blockLibrary, shared: shared[cluster.packageID]!,
                                deckWarnings: deckWarnings)
            }
        }
        var files: [OutputFile] = []
        let progress = ProgressCounter(total: renderers.count, report: options.progress)
        for result in Parallel.map(renderers, workers: options.workers, { renderer in progress.after { renderer.render() } }) {
            switch result {
            case .success(let pages): files += pages
            case .failure(let failure): log.append(contentsOf: failure.diagnostics)
            }
        }
        return files
    }

    /// `serve`'s pages of the clusters that did not change, kept from the last build.
    static func reusedPages(_ content: SiteContent, _ reuse: ReusedPages?) -> [OutputFile] {
        guard let reuse else { return [] }
        let kept = Set(content.clusters.map(\.slug)).subtracting(reuse.changedClusters)
        return reuse.files.filter { file in
            let parts = file.path.split(separator: "/", maxSplits: 1)
            return parts.count == 2 && kept.contains(String(parts[0]))
        }
    }

    /// A warning for every deadline of the cluster that lies before today.
    static func passedDeadlines(_ cluster: Cluster, today: Day) -> [Diagnostic] {
        Deadlines(meeting: cluster.meeting.date).passed(asOf: today).map { deadline in
            .warning(cluster.meeting.dateLocation ?? cluster.meeting.location,
                     "the deadline '\(deadline.title)' (\(DanishFormat.longDate(deadline.day))) for cluster '\(cluster.name)' has passed")
        }
    }

    /// Renders, then writes the site in one swap. Nothing is written on errors.
    public static func build(_ options: BuildOptions) -> Result<BuildReport, BuildFailure> {
        if let problem = outputProblem(options) {
            return .failure(BuildFailure(diagnostics: [problem]))
        }
        let result = render(options)
        guard case .success(let report) = result else { return result }
        do {
            try SiteWriter.write(report.files, to: options.output)
            try SiteWriter.write(report.privateFiles, to: privateFolder(for: options.output))
        } catch {
            return .failure(BuildFailure(diagnostics: [.error(SourceLocation(path: relative(options.output, to: options.root)), "\(error)")]))
        }
        return result
    }

    /// The output folder is replaced whole, so it must never be the root or hold the content.
    static func outputProblem(_ options: BuildOptions) -> Diagnostic? {
        let output = options.output.path
        let root = options.root.path
        let protected = [root, "\(root)/Content", "\(root)/Theme", "/"]
        if protected.contains(output) || root.hasPrefix(output + "/") || output.hasPrefix("\(root)/Content/") || output.hasPrefix("\(root)/Theme/") {
            return .error(SourceLocation(path: output), "the output folder would replace the content; choose another --output")
        }
        let keys = privateFolder(for: options.output).path
        if keys == output || protected.contains(keys) || root.hasPrefix(keys + "/") {
            return .error(SourceLocation(path: output), "the private key folder \(keys) beside the output would replace the site or the content; choose another --output")
        }
        return nil
    }

    /// `_private/` beside the output folder: the pseudonym keys stay out of the site.
    public static func privateFolder(for output: URL) -> URL {
        output.deletingLastPathComponent().appendingPathComponent("_private")
    }

    static func relative(_ url: URL, to root: URL) -> String {
        let path = url.path
        return path.hasPrefix(root.path + "/") ? String(path.dropFirst(root.path.count + 1)) : path
    }

    /// The site's own pages: the index of clusters, robots.txt and the assets.
    private static func siteFiles(content: SiteContent, theme: Theme, log: DiagnosticLog) -> [OutputFile] {
        var files = theme.assets.map { OutputFile(path: "assets/\($0.hashedName)", data: $0.data) }
        let context: [String: Any] = [
            "site": TemplateValues.site(content.site),
            "root": "",
            "assets": theme.assetURLs(root: ""),
            "page": ["title": content.site.title, "url": "\(content.site.baseURL)/"] as [String: Any],
            "has_clusters": !content.clusters.isEmpty,
            "clusters": content.clusters.map { cluster -> [String: Any] in
                [
                    "name": cluster.name,
                    "url": "\(cluster.slug)/",
                    "region": cluster.region.name,
                    "date": DanishFormat.longDate(cluster.meeting.date),
                    "package": content.packages[cluster.packageID]?.title ?? cluster.packageID,
                ]
            },
        ]
        switch theme.render(layout: "index", context: context) {
        case .success(let html): files.append(OutputFile(path: "index.html", text: html))
        case .failure(let failure): log.append(contentsOf: failure.diagnostics)
        }
        if let statement = AccessibilityStatement.page(content: content, theme: theme, log: log) { files.append(statement) }
        files.append(OutputFile(path: "robots.txt", text: content.site.allowIndexing ? "User-agent: *\nAllow: /\n" : "User-agent: *\nDisallow: /\n"))
        return files
    }
}

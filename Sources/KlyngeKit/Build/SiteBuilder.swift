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
        log.append(contentsOf: OutsideResources.problems(content: content, theme: theme))
        let prepared = prepare(content.packages, options: options, log: log)
        checkMeetings(content, today: DanishCalendar.day(of: options.now), log: log)
        guard !log.hasErrors else { return failure() }

        // render
        let rendered = renderClusters(content, theme: theme, prepared: prepared, options: options, log: log)
        let reused = reusedPages(content, options.reuse)
        var files = rendered + reused + siteFiles(content: content, theme: theme, log: log)
        log.append(contentsOf: pathProblems(files, content: content, options: options))
        guard !log.hasErrors else { return failure() }
        log.append(contentsOf: LinkCheck.problems(in: files, sources: LinkCheck.sources(content), baseURL: content.site.baseURL,
                                                  unchanged: Set(reused.map(\.path))))
        // Last, over every file as it would be written: no provider number reaches the site.
        log.append(contentsOf: ProviderNumberScan.problems(in: files, content: content))
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
        let renderers = content.clusters.filter { changed?.contains($0.slug) ?? true }.compactMap { cluster in
            prepared[cluster.packageID].map {
                ClusterRenderer(content: content, theme: theme, prepared: $0, cluster: cluster,
                                markdown: markdown, blockLibrary: blockLibrary, shared: shared[cluster.packageID]!)
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

    /// Renders, then writes the site and its keys in one swap each. Nothing is written on errors.
    public static func build(_ options: BuildOptions) -> Result<BuildReport, BuildFailure> {
        let place = OutputPlace(output: options.output)
        if let problem = outputProblem(options) {
            return .failure(BuildFailure(diagnostics: [problem]))
        }
        // A build killed between its swaps left a new site beside old keys: match them
        // before anything else, also when this build then stops on a content error.
        SiteWriter.recover(place)
        let result = render(options)
        guard case .success(let report) = result else { return result }
        do {
            try SiteWriter.write(site: report.files, keys: report.privateFiles, to: place)
        } catch {
            var failure = BuildFailure(diagnostics: [.error(SourceLocation(path: relative(options.output, to: options.root)), "\(error)")])
            failure.changedOutput = (error as? SiteWriter.WriteError)?.changedOutput ?? false
            return .failure(failure)
        }
        return result
    }

    /// Two files of the site at one path, or a path that could leave the output folder:
    /// an error at the cluster (or Theme asset) that made it, never a crash further on.
    static func pathProblems(_ files: [OutputFile], content: SiteContent, options: BuildOptions) -> [Diagnostic] {
        let clusters = Set(content.clusters.map(\.slug))
        func source(of path: String) -> SourceLocation {
            let top = String(path.prefix { $0 != "/" })
            if clusters.contains(top) { return SourceLocation(path: "Content/clusters/\(top)") }
            if top == SiteNames.assets { return SourceLocation(path: "Theme/assets") }
            return SourceLocation(path: "\(relative(options.output, to: options.root))/\(path)")
        }
        var problems: [Diagnostic] = []
        var seen = Set<String>()
        for file in files {
            let parts = file.path.split(separator: "/", omittingEmptySubsequences: false)
            if parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
                problems.append(.error(source(of: file.path), "the site would write a file at '\(file.path)', which is no plain path inside the output folder"))
            } else if !seen.insert(file.path).inserted {
                problems.append(.error(source(of: file.path), "two files of the site would be written at '\(file.path)'; rename the folder or file that makes the second"))
            }
        }
        return problems
    }

    /// The output and `_private/` are replaced whole, so neither may be or hold the root,
    /// `Content/` or `Theme/`, lie inside those, or hold anything Klynge did not write.
    /// Every path is compared with its links resolved: a link is no way around a check.
    static func outputProblem(_ options: BuildOptions) -> Diagnostic? {
        let place = OutputPlace(output: options.output)
        let root = SiteWriter.realPath(options.root)
        let sources = ["Content", "Theme"].map { SiteWriter.realPath(options.root.appendingPathComponent($0)) }
        let protected = [root] + sources
        func problem(_ message: String) -> Diagnostic { .error(SourceLocation(path: options.output.path), message) }
        for (folder, what) in [(place.site, "the output folder"), (place.keys, "the private key folder \(place.keys) beside the output")] {
            if folder == "/" || protected.contains(where: { $0 == folder || $0.hasPrefix(folder + "/") })
                || sources.contains(where: { folder.hasPrefix($0 + "/") }) {
                return problem("\(what) would replace the content; choose another --output")
            }
        }
        if place.site == place.keys {
            return problem("the private key folder \(place.keys) beside the output would replace the site; choose another --output")
        }
        if let message = SiteWriter.ownershipProblem(place.site, marker: SiteWriter.siteMarker)
            ?? SiteWriter.ownershipProblem(place.keys, marker: SiteWriter.keysMarker) {
            return problem(message)
        }
        return nil
    }

    /// `_private/` beside the output folder: the pseudonym keys stay out of the site.
    public static func privateFolder(for output: URL) -> URL {
        URL(fileURLWithPath: OutputPlace(output: output).keys)
    }

    static func relative(_ url: URL, to root: URL) -> String {
        let path = url.path
        return path.hasPrefix(root.path + "/") ? String(path.dropFirst(root.path.count + 1)) : path
    }

    /// The site's own pages: the index of clusters, robots.txt and the assets.
    private static func siteFiles(content: SiteContent, theme: Theme, log: DiagnosticLog) -> [OutputFile] {
        var files = theme.assets.map { OutputFile(path: "\(SiteNames.assets)/\($0.hashedName)", data: $0.data) }
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
        case .success(let html): files.append(OutputFile(path: SiteNames.index, text: html))
        case .failure(let failure): log.append(contentsOf: failure.diagnostics)
        }
        if let statement = AccessibilityStatement.page(content: content, theme: theme, log: log) { files.append(statement) }
        files.append(OutputFile(path: SiteNames.robots, text: content.site.allowIndexing ? "User-agent: *\nAllow: /\n" : "User-agent: *\nDisallow: /\n"))
        return files
    }
}

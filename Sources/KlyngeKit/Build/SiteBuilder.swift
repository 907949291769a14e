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
    /// `--pdf`: a PDF beside every document page, printed by headless Chromium (see `PDFPrinter`).
    public var pdf = false
    /// Where `--pdf` looks for Chromium; the `PATH` when nil.
    public var pdfSearchPath: String?
    /// `--strict`, for the build that gets published: every warning (a value still `null`,
    /// a deadline passed) is an error at the place it names, and nothing is written.
    public var strict = false
    /// `build()` keeps each file it writes, bytes and all, in its report; false lets the
    /// bytes go as soon as the file is written (the report's files then hold only their
    /// paths), so that a build never holds the whole site in memory.
    public var keepsFiles = true

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

/// The pipeline: load → model → derive → render → check → write. Each step is a
/// plain function of the previous one's result; only the last touches the output.
public enum SiteBuilder {
    /// Builds the site in memory: every file it would write, or every problem found.
    public static func render(_ options: BuildOptions) -> Result<BuildReport, BuildFailure> {
        render(options, staging: nil)
    }

    /// - Parameter staging: where each file the build makes is written as soon as it is
    ///   made (before any check: the folder is only swapped in when all have passed);
    ///   the checks then read each file as it is made (`MadeFiles`).
    static func render(_ options: BuildOptions, staging: StagingSink?) -> Result<BuildReport, BuildFailure> {
        let log = DiagnosticLog()
        var clock = PhaseClock()
        func failure() -> Result<BuildReport, BuildFailure> { .failure(BuildFailure(diagnostics: strictened(log.sorted, options))) }
        // Before any work: a build asked for PDFs cannot make them without the renderer.
        let chromium = options.pdf ? PDFPrinter.locate(searchPath: options.pdfSearchPath ?? ProcessInfo.processInfo.environment["PATH"]) : nil
        if options.pdf, chromium == nil {
            return .failure(BuildFailure(diagnostics: [.error(SourceLocation(path: PDFPrinter.debianPackage), PDFPrinter.missingMessage)]))
        }

        // load → model; the Theme's templates are parsed beside the clusters' files
        let themeLog = DiagnosticLog()
        let loadingTheme = Alongside(workers: options.workers) { Theme.load(root: options.root, log: themeLog) }
        let tree = ContentTree.read(root: options.root, only: options.clusters, workers: options.workers, log: log)
        let theme = loadingTheme.take()
        log.append(contentsOf: themeLog.all)
        clock.mark("load")
        guard let content = ModelBuilder(log: log).build(tree), var theme else { return failure() }
        clock.mark("model")
        theme.shapesAllowed = theme.shapesAllowed && options.shapedRendering

        // derive: every meeting's values, once; then what must hold before anything renders
        log.append(contentsOf: OutsideResources.problems(content: content, theme: theme))
        let prepared = prepare(content.packages, theme: theme, options: options, log: log)
        let today = DanishCalendar.day(of: options.now)
        let facts = Derive.facts(content, today: today)
        checkMeetings(facts, today: today, log: log)
        guard !log.hasErrors else { return failure() }
        clock.mark("derive")

        // render: the clusters' and the site's own pages and the pseudonym keys beside the
        // meetings' pages, which keeps both cores busy while the last meetings finish
        let made = staging.map { MadeFiles(staging: $0, finder: ProviderNumberScan.Finder(content), keepingData: options.keepsFiles) }
        let ownLog = DiagnosticLog()
        let renderingOwn = Alongside(workers: options.workers) { [theme] in
            var files = clusterFiles(facts, content: content, theme: theme, options: options, log: ownLog)
                + siteFiles(content: content, facts: facts, theme: theme, log: ownLog)
            if let made {
                made.add(files, order: Int.max)
                files = []
            }
            return (files: files,
                    keys: Parallel.map(facts.flatMap(\.meetings), workers: options.workers) { PseudonymKey.file($0) }.compactMap { $0 }
                        .sorted { $0.path < $1.path })
        }
        let rendered = renderMeetings(facts, site: content.site, theme: theme, prepared: prepared, options: options, log: log, made: made)
        clock.mark("render meetings")
        let reused = reusedPages(content, options.reuse)
        let (own, keys) = renderingOwn.take()
        let taken = made?.take()
        var files = taken?.files ?? rendered + reused + own
        log.append(contentsOf: ownLog.all)
        log.append(contentsOf: pathProblems(files, content: content, options: options))
        guard !log.hasErrors else { return failure() }
        clock.mark("render clusters and site")

        // check. The PDFs the pages link to stand in the link check as empty files;
        // they are printed only once every link holds.
        let printed = options.pdf ? pdfPages(facts) : []
        files += printed.map { OutputFile(path: PDFPrinter.pdfPath(ofPage: $0), data: Data()) }
        if let taken {
            log.append(contentsOf: LinkCheck.problems(scanned: taken.pages, paths: files.map(\.path), sources: LinkCheck.sources(facts),
                                                      baseURL: content.site.baseURL))
        } else {
            log.append(contentsOf: LinkCheck.problems(in: files, sources: LinkCheck.sources(facts), baseURL: content.site.baseURL,
                                                      unchanged: Set(reused.map(\.path))))
        }
        clock.mark("link check")
        // Last, over every file as it would be written: no provider number reaches the site.
        if let taken, let made {
            log.append(contentsOf: made.finder.map { ProviderNumberScan.problems(found: taken.hits, finder: $0, content: content) } ?? [])
        } else {
            log.append(contentsOf: ProviderNumberScan.problems(in: files, content: content))
        }
        guard !log.hasErrors else { return failure() }
        clock.mark("provider scan")
        if let chromium, !printed.isEmpty {
            switch PDFPrinter.print(pages: printed, files: files, chromium: chromium, baseURL: content.site.baseURL, workers: options.workers) {
            case .success(let pdfs):
                let paths = Set(pdfs.map(\.path))
                files = files.filter { !paths.contains($0.path) } + pdfs
            case .failure(let problems):
                log.append(contentsOf: problems.diagnostics)
                return failure()
            }
        }

        if options.strict, !log.warnings.isEmpty { return failure() }

        files.sort { $0.path < $1.path }
        let pages = files.filter { $0.path.hasSuffix(".html") }.count
        clock.mark("sort")
        return .success(BuildReport(clusterSlugs: content.clusters.map(\.slug), pages: pages, files: files,
                                    warnings: log.sorted, privateFiles: keys))
    }

    /// The printable pages: every document page of every meeting built; a deck is
    /// slides with its own .pptx, not a page to print.
    static func pdfPages(_ clusters: [ClusterFacts]) -> [String] {
        clusters.flatMap(\.meetings).flatMap { facts in facts.package.documents.filter { $0.view != .deck }.map { "\(facts.path)/\($0.slug)/index.html" } }
    }

    /// Under `--strict` a warning is an error, with the same place and words.
    static func strictened(_ diagnostics: [Diagnostic], _ options: BuildOptions) -> [Diagnostic] {
        guard options.strict else { return diagnostics }
        return diagnostics.map { $0.severity == .warning ? Diagnostic(.error, $0.location, "\($0.message) (an error under --strict)") : $0 }
    }

    /// Each package's programme checked and its documents parsed as templates, once.
    static func prepare(_ packages: [String: ClusterPackage], theme: Theme, options: BuildOptions, log: DiagnosticLog) -> [String: PreparedPackage] {
        var prepared: [String: PreparedPackage] = [:]
        for (id, package) in packages.sorted(by: { $0.key < $1.key }) {
            log.append(contentsOf: ProgrammeCheck.problems(in: package.programme, packageMinutes: package.durationMinutes))
            prepared[id] = PreparedPackage.prepare(package, theme: theme, log: log).shaped(options.shapedRendering)
        }
        return prepared
    }

    /// A meeting must end before midnight; deadlines already passed are warned about,
    /// and a meeting held without its agreements written down.
    static func checkMeetings(_ clusters: [ClusterFacts], today: Day, log: DiagnosticLog) {
        for cluster in clusters {
            for facts in cluster.meetings {
                let meeting = facts.meeting
                if facts.schedule.end.minutes > 24 * 60 {
                    log.error(meeting.startLocation,
                              "the meeting starts at \(DanishFormat.clock(meeting.start)) and its \(facts.package.programme.totalMinutes) minutes would end after midnight")
                }
                log.append(contentsOf: passedDeadlines(facts, today: today))
                if facts.isPast, meeting.agreements == nil {
                    log.warning(SourceLocation(path: "\(cluster.cluster.path.dropLast("cluster.yml".count))\(meeting.slug)/agreements.yml"),
                                "the meeting on \(DanishFormat.shortDate(meeting.date)) has been held, but its agreements are not written down yet")
                }
            }
        }
    }

    /// Every meeting's pages (or those of the changed clusters, for `serve`), on every core.
    /// - Parameter made: takes each meeting's files as they are made; none are returned then.
    static func renderMeetings(_ clusters: [ClusterFacts], site: Site, theme: Theme, prepared: [String: PreparedPackage],
                               options: BuildOptions, log: DiagnosticLog, made: MadeFiles? = nil) -> [OutputFile] {
        let markdown = MarkdownRenderer()
        let changed = options.reuse?.changedClusters
        let shared = prepared.mapValues { SharedPageValues(site: site, theme: theme, package: $0.package) }
        let deckWarnings = DeckWarnings()
        // Shared by this build's decks; a build without shaped rendering makes every slide
        // directly, so comparing the two checks the memo as it checks the shapes.
        let deckMemo = options.shapedRendering ? DeckMemo() : nil
        defer { log.append(contentsOf: deckWarnings.all) }
        let renderers = clusters.filter { changed?.contains($0.cluster.slug) ?? true }.flatMap(\.meetings).compactMap { facts in
            prepared[facts.package.id].map {
                MeetingRenderer(site: site, theme: theme, prepared: $0, facts: facts, markdown: markdown, shared: shared[facts.package.id]!,
                                pdf: options.pdf, deckWarnings: deckWarnings, deckMemo: deckMemo)
            }
        }
        var files: [OutputFile] = []
        let progress = ProgressCounter(total: renderers.count, report: options.progress)
        let results = Parallel.map(Array(renderers.enumerated()), workers: options.workers) { order, renderer in
            progress.after {
                let result = renderer.render()
                guard let made, case .success(let pages) = result else { return result }
                made.add(pages, order: order)
                return .success([])
            }
        }
        for result in results {
            switch result {
            case .success(let pages): files += pages
            case .failure(let failure): log.append(contentsOf: failure.diagnostics)
            }
        }
        return files
    }

    /// Each cluster's own page (its meetings, the next first) and its calendar file.
    static func clusterFiles(_ clusters: [ClusterFacts], content: SiteContent, theme: Theme, options: BuildOptions, log: DiagnosticLog) -> [OutputFile] {
        let changed = options.reuse?.changedClusters
        let site = content.site
        // Clusters are independent: on every core, merged in order.
        let made = Parallel.map(clusters.filter { changed?.contains($0.cluster.slug) ?? true }, workers: options.workers) { cluster in
            (page: ClusterPage.render(cluster, site: site, theme: theme).map { OutputFile(path: "\(cluster.cluster.slug)/index.html", text: $0) },
             calendar: OutputFile(path: "\(cluster.cluster.slug)/\(MeetingCalendar.fileName)", text: MeetingCalendar.text(site: site, cluster: cluster)))
        }
        var files: [OutputFile] = []
        for (page, calendar) in made {
            switch page {
            case .success(let file): files.append(file)
            case .failure(let failure): log.append(contentsOf: failure.diagnostics)
            }
            files.append(calendar)
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

    /// A warning for every deadline of a meeting still to come that lies before today.
    static func passedDeadlines(_ facts: MeetingFacts, today: Day) -> [Diagnostic] {
        guard !facts.isPast else { return [] }
        return facts.deadlines.passed(asOf: today).map { deadline in
            .warning(facts.meeting.dateLocation,
                     "the deadline '\(deadline.title)' (\(DanishFormat.longDate(deadline.day))) for cluster '\(facts.cluster.name)' has passed")
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
        // Each file is written into the staging folder as it is made, when that folder
        // can be made now; otherwise (and for PDFs, printed after the checks, and for
        // `serve`'s reused pages) all are written at the end, as the error says.
        let staging = options.pdf || options.reuse != nil ? nil : try? SiteWriter.openStaging(place)
        let sink = staging.map { StagingSink(folder: $0.site) }
        let result = render(options, staging: sink)
        guard case .success(let report) = result else {
            staging?.clear()
            return result
        }
        var clock = PhaseClock()
        defer { clock.mark("write") }
        do {
            if let staging, let sink {
                if let failure = sink.failure { throw staging.failed(writing: failure) }
                try SiteWriter.finish(staging, paths: report.files.map(\.path), keys: report.privateFiles, fault: nil)
            } else {
                try SiteWriter.write(site: report.files, keys: report.privateFiles, to: place)
            }
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
        // The path's bytes, split as the file system splits them (a `/` followed by a
        // combining mark is one Character, but still a separator to the kernel).
        for file in files {
            let parts = file.path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            if parts.contains(where: { $0.isEmpty || $0.elementsEqual(".".utf8) || $0.elementsEqual("..".utf8) }) {
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
    private static func siteFiles(content: SiteContent, facts: [ClusterFacts], theme: Theme, log: DiagnosticLog) -> [OutputFile] {
        var files = theme.assets.map { OutputFile(path: "\(SiteNames.assets)/\($0.hashedName)", data: $0.data) }
        let context: TemplateContext = [
            "site": TemplateValues.site(content.site),
            "root": "",
            "assets": theme.assetURLs(root: ""),
            "page": ["title": .text(content.site.title), "url": .text("\(content.site.baseURL)/")],
            "has_clusters": .flag(!facts.isEmpty),
            "clusters": .list(facts.map { cluster in
                let next = cluster.upcoming.first
                return [
                    "name": .text(cluster.cluster.name),
                    "url": .text("\(cluster.cluster.slug)/"),
                    "region": .text(cluster.cluster.region.name),
                    "fictional": .flag(cluster.cluster.isFictional),
                    "next": next.map { next in
                        ["date": .text(DanishFormat.longDate(next.meeting.date)), "package": .text(next.package.title),
                         "url": .text("\(next.path)/")] as TemplateValue
                    } ?? .absent,
                    "meetings": .number(cluster.meetings.count),
                ] as TemplateValue
            }),
        ]
        switch theme.render(layout: "index", context: context) {
        case .success(let html): files.append(OutputFile(path: SiteNames.index, text: html))
        case .failure(let failure): log.append(contentsOf: failure.diagnostics)
        }
        if let statement = AccessibilityStatement.page(content: content, theme: theme, log: log) { files.append(statement) }
        if let short = AccessibilityStatement.shortAddress(content: content, theme: theme, log: log) { files.append(short) }
        files.append(OutputFile(path: SiteNames.robots, text: content.site.allowIndexing ? "User-agent: *\nAllow: /\n" : "User-agent: *\nDisallow: /\n"))
        return files
    }
}

import Foundation

/// The files of `Content/`, read and parsed but not yet understood.
/// Reading all files first keeps the model stage free of I/O.
struct ContentTree {
    struct PackageFiles {
        var id: String
        var folder: String
        var package: YAMLValue?
        var programme: YAMLValue?
        var survey: YAMLValue?
        var documents: [DocumentFile]
        /// `invitation.mustache`, when the package has one.
        var invitation: SourceFile? = nil
        /// Documents whose file exists but could not be read; already reported.
        var unreadableDocuments: Set<String> = []
    }

    struct DocumentFile {
        var slug: String
        var path: String
        var frontMatter: YAMLValue?
        var body: String
        var bodyFirstLine: Int
    }

    struct ClusterFiles: Sendable {
        var slug: String
        var folder: String
        var cluster: YAMLValue?
        /// One folder per meeting, in name order.
        var meetings: [MeetingFiles]
    }

    /// A meeting's folder: `meeting.yml`, its data files (which ones its package
    /// declares, the model decides) and, after the meeting, `agreements.yml`.
    struct MeetingFiles: Sendable {
        var slug: String
        var folder: String
        var meeting: YAMLValue?
        var agreements: YAMLValue?
        /// By file name.
        var dataFiles: [String: SourceFile]
    }

    var site: YAMLValue?
    var regions: YAMLValue?
    var packages: [PackageFiles] = []
    var clusters: [ClusterFiles] = []

    /// Reads `<root>/Content`. Only clusters named in `only` are read when it is given.
    /// - Parameter workers: as `Parallel.map`'s.
    static func read(root: URL, only: Set<String>?, workers: Int? = nil, log: DiagnosticLog) -> ContentTree {
        let reader = TreeReader(root: root, log: log)
        var tree = ContentTree()
        guard reader.isDirectory("Content") else {
            log.error(SourceLocation(path: "Content"), "no Content/ folder here; use --root to name the folder that holds Content/ and Theme/")
            return tree
        }
        tree.site = reader.yaml("Content/site.yml")
        tree.regions = reader.yaml("Content/regions.yml")

        // The packages (a few large files, read and parsed one after the other) beside the clusters.
        let packageIDs = reader.slugFolders(in: "Content/packages")
        let packageLog = DiagnosticLog()
        let readingPackages = Alongside(workers: workers) {
            packageIDs.map { readPackage($0, reader: reader.with(log: packageLog, insideRoot: []), log: packageLog) }
        }

        // A cluster's folder is its address: one of the site's own names would collide or merge.
        let clusterSlugs = reader.slugFolders(in: "Content/clusters").filter { slug in
            guard let problem = SiteNames.reservedProblem(slug) else { return true }
            log.error(SourceLocation(path: "Content/clusters/\(slug)"), problem)
            return false
        }
        if let only {
            for slug in only.sorted() where !clusterSlugs.contains(slug) {
                log.error(SourceLocation(path: "Content/clusters"), "no cluster named '\(slug)'\(Suggestion.didYouMean(slug, clusterSlugs))")
            }
        }
        // Clusters are read and parsed on every core (a few hundred YAML files were the
        // largest serial part of a build), each with its own log, merged in order.
        let wanted = clusterSlugs.filter { only?.contains($0) ?? true }
        let read = Parallel.map(wanted, workers: workers) { slug -> (ClusterFiles, [Diagnostic]) in
            let own = DiagnosticLog()
            let folder = "Content/clusters/\(slug)"
            // `slugFolders` found the folder inside the root.
            let clusterReader = reader.with(log: own, insideRoot: [folder])
            let meetings = clusterReader.slugFolders(in: folder).map { name -> MeetingFiles in
                let meetingFolder = "\(folder)/\(name)"
                let meetingReader = clusterReader.with(log: own, insideRoot: [meetingFolder])
                let data = meetingReader.files(in: meetingFolder, withExtension: "csv").compactMap { file in
                    meetingReader.text("\(meetingFolder)/\(file)").map { (file, $0) }
                }
                return MeetingFiles(
                    slug: name, folder: meetingFolder,
                    meeting: meetingReader.yaml("\(meetingFolder)/meeting.yml"),
                    agreements: meetingReader.exists("\(meetingFolder)/agreements.yml") ? meetingReader.yaml("\(meetingFolder)/agreements.yml") : nil,
                    dataFiles: Dictionary(data, uniquingKeysWith: { first, _ in first }))
            }
            let files = ClusterFiles(
                slug: slug, folder: folder,
                cluster: clusterReader.yaml("\(folder)/cluster.yml"),
                meetings: meetings)
            return (files, own.all)
        }
        tree.packages = readingPackages.take()
        log.append(contentsOf: packageLog.all)
        for (files, diagnostics) in read {
            tree.clusters.append(files)
            log.append(contentsOf: diagnostics)
        }
        return tree
    }
}

extension ContentTree {
    /// One package's folder: its declaration, programme, survey and documents.
    static func readPackage(_ id: String, reader: TreeReader, log: DiagnosticLog) -> PackageFiles {
        let folder = "Content/packages/\(id)"
        var unreadable = Set<String>()
        let documents = reader.files(in: folder, withExtension: "md").compactMap { name -> DocumentFile? in
            let path = "\(folder)/\(name)"
            let slug = String(name.dropLast(3))
            guard reader.checkSlug(slug, path: path, what: "document name"),
                  let file = reader.text(path),
                  let parts = FrontMatter.split(file, log: log) else {
                unreadable.insert(slug)
                return nil
            }
            let frontMatter = YAMLParser.parse(parts.yaml, path: path, lineOffset: parts.yamlFirstLine - 1, log: log)
            return DocumentFile(slug: slug, path: path, frontMatter: frontMatter, body: parts.body, bodyFirstLine: parts.bodyFirstLine)
        }
        return PackageFiles(
            id: id, folder: folder,
            package: reader.yaml("\(folder)/package.yml"),
            programme: reader.yaml("\(folder)/programme.yml"),
            survey: reader.exists("\(folder)/survey.yml") ? reader.yaml("\(folder)/survey.yml") : nil,
            documents: documents,
            invitation: reader.exists("\(folder)/\(Invitation.fileName)") ? reader.text("\(folder)/\(Invitation.fileName)") : nil,
            unreadableDocuments: unreadable)
    }

    /// One package as the model reads it, for `klynge new`: nil, with the log's
    /// messages, when it has errors.
    static func package(_ id: String, root: URL, log: DiagnosticLog) -> ClusterPackage? {
        let files = readPackage(id, reader: TreeReader(root: root, log: log), log: log)
        let package = PackageReader(log: log).package(files)
        return log.hasErrors ? nil : package
    }
}

/// File access below the root, with paths relative to it in every message.
struct TreeReader {
    let root: URL
    private(set) var log: DiagnosticLog
    private let rootPath: String
    /// The root with its symbolic links resolved, once per reader, not per file.
    private let resolvedRoot: String
    /// Folders (relative paths) whose resolved path is known to be inside the root:
    /// an entry in one that is no symbolic link is inside too, without resolving it.
    private var insideRoot: Set<String> = []

    init(root: URL, log: DiagnosticLog) {
        self.root = root
        self.log = log
        rootPath = root.path
        resolvedRoot = root.resolvingSymlinksInPath().path
    }

    /// The same root (not resolved again) with another log and more folders known inside it.
    func with(log: DiagnosticLog, insideRoot folders: Set<String>) -> TreeReader {
        var reader = self
        reader.log = log
        reader.insideRoot.formUnion(folders)
        return reader
    }
    private var fileManager: FileManager { .default }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// `url(path).path` as a plain string: `URL.appendingPathComponent` costs more than
    /// the system call the path is for.
    func fullPath(_ path: String) -> String {
        rootPath.hasSuffix("/") ? rootPath + path : "\(rootPath)/\(path)"
    }

    func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return fileManager.fileExists(atPath: fullPath(path), isDirectory: &isDirectory) && isDirectory.boolValue
    }

    func exists(_ path: String) -> Bool { fileManager.fileExists(atPath: fullPath(path)) }

    /// Sub-folders whose names are valid slugs, sorted; other names are reported.
    func slugFolders(in path: String) -> [String] {
        guard let names = try? fileManager.contentsOfDirectory(atPath: fullPath(path)) else {
            log.error(SourceLocation(path: path), "missing folder")
            return []
        }
        // A folder known inside the root needs no resolving again.
        let reader = insideRoot.contains(path) ? self : resolvesInsideRoot(path) ? with(log: log, insideRoot: [path]) : self
        return names.sorted().filter { name in
            guard !name.hasPrefix(".") else { return false }
            let entry = "\(path)/\(name)"
            // `lstat` tells a real folder or a file at once; only a link is followed, by `isDirectory`.
            var info = stat()
            let found = lstat(fullPath(entry), &info) == 0
            guard (found && !Self.isSymbolicLink(info)) ? info.st_mode & S_IFMT == S_IFDIR : isDirectory(entry) else { return false }
            return checkSlug(name, path: entry, what: "folder name") && reader.staysInsideRoot(entry)
        }
    }

    func files(in path: String, withExtension ext: String) -> [String] {
        let names = (try? fileManager.contentsOfDirectory(atPath: fullPath(path))) ?? []
        return names.filter { $0.hasSuffix(".\(ext)") && !$0.hasPrefix(".") }.sorted()
    }

    func checkSlug(_ slug: String, path: String, what: String) -> Bool {
        guard Slug.isValid(slug) else {
            log.error(SourceLocation(path: path), "\(what) '\(slug)' must be lower-case letters, digits and hyphens")
            return false
        }
        return true
    }

    func text(_ path: String, required: Bool = true) -> SourceFile? {
        let fullPath = fullPath(path)
        // `lstat`, as FileManager's `attributesOfItem` does (without also looking up
        // the owner's and group's names in the user database for every file).
        var info = stat()
        let found = lstat(fullPath, &info) == 0
        // An entry that is no symbolic link exists as `fileExists` sees it, and stays
        // inside the root when its folder does.
        if !(found && !Self.isSymbolicLink(info) && insideRoot.contains(Self.folder(of: path))) {
            guard exists(path) else {
                if required { log.error(SourceLocation(path: path), "missing file") }
                return nil
            }
            guard staysInsideRoot(path) else { return nil }
            // A link inside the root: what it points at is what is read, and checked.
            if Self.isSymbolicLink(info), stat(fullPath, &info) != 0 {
                log.error(SourceLocation(path: path), "cannot read the file")
                return nil
            }
        }
        return Self.checkedRegularFile(info, path: path, log: log) ? SourceFile.read(atPath: fullPath, relativePath: path, log: log) : nil
    }

    /// The bytes of a file that is not text (a Theme asset), under the same rules as `text`:
    /// inside the root (a link to `/etc/passwd` is not published), a regular file, within its size.
    func data(_ path: String) -> Data? {
        let fullPath = fullPath(path)
        guard exists(path) else {
            log.error(SourceLocation(path: path), "missing file")
            return nil
        }
        var info = stat()
        guard staysInsideRoot(path), stat(fullPath, &info) == 0 else { return nil }
        guard Self.checkedRegularFile(info, path: path, log: log) else { return nil }
        guard let bytes = SourceFile.contents(atPath: fullPath) else {
            log.error(SourceLocation(path: path), "cannot read the file")
            return nil
        }
        return Data(bytes)
    }

    /// Only a regular file is opened, and only one within its kind's size (`Limits.FileSize`):
    /// a FIFO would block the build forever, a device may do anything when opened, and a
    /// mistaken export of a whole register should not take minutes and gigabytes.
    static func checkedRegularFile(_ info: stat, path: String, log: DiagnosticLog) -> Bool {
        guard info.st_mode & S_IFMT == S_IFREG else {
            log.error(SourceLocation(path: path), "this is \(kind(of: info)), not a file; only regular files and folders are read")
            return false
        }
        let limit = Limits.FileSize.limit(for: path)
        guard Int(info.st_size) <= limit else {
            log.error(SourceLocation(path: path), "the file is \(Limits.FileSize.shown(Int(info.st_size))); a file of this kind may be at most \(Limits.FileSize.shown(limit))")
            return false
        }
        return true
    }

    static func kind(of info: stat) -> String {
        switch info.st_mode & S_IFMT {
        case S_IFIFO: "a named pipe (FIFO)"
        case S_IFSOCK: "a socket"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFDIR: "a folder"
        case S_IFLNK: "a symbolic link"
        default: "not a regular file"
        }
    }

    private static func isSymbolicLink(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFLNK }

    private static func folder(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
    }

    /// A symbolic link may point anywhere on the machine; only targets inside the
    /// root are read, so a build never publishes files from elsewhere.
    func staysInsideRoot(_ path: String) -> Bool {
        if insideRoot.contains(Self.folder(of: path)) {
            var info = stat()
            if lstat(fullPath(path), &info) == 0, !Self.isSymbolicLink(info) { return true }
        }
        let rootPath = resolvedRoot
        let target = url(path).resolvingSymlinksInPath().path
        guard target == rootPath || target.hasPrefix(rootPath + "/") else {
            log.error(SourceLocation(path: path), "a symbolic link to '\(target)', outside the site's folder, is refused")
            return false
        }
        return true
    }

    /// `staysInsideRoot` without a message.
    private func resolvesInsideRoot(_ path: String) -> Bool {
        let target = url(path).resolvingSymlinksInPath().path
        return target == resolvedRoot || target.hasPrefix(resolvedRoot + "/")
    }

    func yaml(_ path: String) -> YAMLValue? {
        guard let file = text(path) else { return nil }
        return YAMLParser.parse(file.text, path: path, log: log)
    }
}

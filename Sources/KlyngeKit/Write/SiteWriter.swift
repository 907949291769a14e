import CSystemSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file of the built site, with its path relative to the output folder.
public struct OutputFile: Sendable, Hashable {
    public var path: String
    public var data: Data
    /// An archive's parts as they read unpacked (a .pptx's XML, each at its name in the
    /// archive), for the checks that read every byte the site publishes; the archive
    /// holds them deflated. Empty for every other file.
    public var parts: [OutputFile] = []

    public init(path: String, data: Data, parts: [OutputFile] = []) {
        self.path = path
        self.data = data
        self.parts = parts
    }

    public init(path: String, text: String) {
        // Straight from the string's bytes: `Data(text.utf8)` goes through dynamic casts first.
        var text = text
        self.init(path: path, data: text.withUTF8 { Data(buffer: $0) })
    }
}

/// Where a build writes: the site folder and `_private/` beside it, as real paths
/// (every symbolic link in the folders above them resolved), so that every check
/// and every write speaks of the same place whatever way the user named it.
public struct OutputPlace: Sendable, Equatable {
    public var site: String
    public var keys: String

    public init(output: URL) {
        let parent = SiteWriter.realPath(output.standardizedFileURL.deletingLastPathComponent())
        let base = parent == "/" ? "" : parent
        site = "\(base)/\(output.standardizedFileURL.lastPathComponent)"
        keys = "\(base)/_private"
    }

    var parent: String { (site as NSString).deletingLastPathComponent }
}

/// Writes a whole site and its private keys at once: both are written into fresh
/// folders beside the output, then swapped in, the site first and the keys right
/// after, each in one atomic exchange. A failed build leaves both as they were.
///
/// Klynge replaces only what it wrote itself: each folder it writes holds a marker
/// (`.klynge-site`, `.klynge-private`) listing every file in it, and a folder that
/// holds anything else is refused before the build starts. Between the two swaps a
/// small journal beside them names the two staged folders by inode; a build killed
/// there leaves it, and the next build finishes the swap before anything else, so
/// the keys always belong to the site beside them. (Nothing derived from the keys
/// goes into the public site: a digest of them could be guessed back, small counts
/// and all.)
public enum SiteWriter {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
        /// True only when the site on disk changed although the build failed.
        public var changedOutput = false
    }

    static let siteMarker = ".klynge-site"
    static let keysMarker = ".klynge-private"

    public static func write(site files: [OutputFile], keys: [OutputFile], to place: OutputPlace) throws {
        try write(site: files, keys: keys, to: place, fault: nil)
    }

    /// What the tests of recovery make happen between the two swaps.
    enum Fault { case killedAfterSiteSwap, keysSwapFails, keysSwapAndUndoFail }

    static func write(site files: [OutputFile], keys: [OutputFile], to place: OutputPlace, fault: Fault?) throws {
        let staging = try openStaging(place)
        do {
            try StagingWriter.write(files, into: staging.site, fileMode: 0o644, folderMode: 0o755)
        } catch {
            throw staging.failed(writing: "\(error)")
        }
        try finish(staging, paths: files.map(\.path), keys: keys, fault: fault)
    }

    /// The fresh folders beside the output that a build writes into before they are
    /// swapped in; the site's is made, the keys' is made by `finish`.
    struct Staging: Sendable {
        let place: OutputPlace
        let site: String
        let keys: String

        /// Removes both staged folders: the previous site stays as it was.
        func clear() {
            removeOwnFolder(site)
            removeOwnFolder(keys)
        }

        /// The staged folders removed, and the error that says so.
        func failed(writing reason: String) -> WriteError {
            clear()
            return WriteError(description: "\(place.site): error: could not write the site (\(reason)); the previous site is unchanged")
        }
    }

    /// Clears what an earlier build left, then makes the empty staging folder of the site.
    static func openStaging(_ place: OutputPlace) throws -> Staging {
        recover(place)
        do {
            try FileManager.default.createDirectory(atPath: place.parent, withIntermediateDirectories: true)
        } catch {
            throw WriteError(description: "\(place.parent): error: cannot create the folder: \(error.localizedDescription)")
        }
        let staging = Staging(place: place, site: staging(for: place.site), keys: staging(for: place.keys))
        staging.clear()
        guard mkdir(staging.site, 0o755) == 0 else { throw staging.failed(writing: "\(staging.site): \(String(cString: strerror(errno)))") }
        return staging
    }

    /// The staged site holds every file (`paths`): its marker, the keys beside it, the swaps.
    static func finish(_ staging: Staging, paths: [String], keys: [OutputFile], fault: Fault?) throws {
        let place = staging.place
        let (stagedSite, stagedKeys) = (staging.site, staging.keys)
        do {
            let listing = OutputFile(path: siteMarker, text: markerText(files: paths.sorted()))
            try StagingWriter.write([listing], into: stagedSite, fileMode: 0o644, folderMode: 0o755)
        } catch {
            throw staging.failed(writing: "\(error)")
        }
        do {
            try stage(keys, marker: keysMarker, into: stagedKeys, fileMode: 0o600, folderMode: 0o700)
        } catch {
            staging.clear()
            throw WriteError(description: "\(place.keys): error: could not write the private keys (\(error)); the previous site and keys are unchanged")
        }
        let journal = Journal(place: place, site: stagedSite, keys: stagedKeys)
        do {
            try journal.write()
        } catch {
            staging.clear()
            throw WriteError(description: "\(place.site): error: could not write \(journal.path) (\(error)); the previous site is unchanged")
        }
        let oldSite: String?
        do {
            oldSite = try swapIn(stagedSite, at: place.site)
        } catch {
            staging.clear()
            journal.remove()
            throw WriteError(description: "\(place.site): error: could not put the new site in place (\(error)); the previous site is unchanged")
        }
        if fault == .killedAfterSiteSwap { return }
        let oldKeys: String?
        do {
            if fault == .keysSwapFails || fault == .keysSwapAndUndoFail { throw WriteError(description: "Permission denied") }
            oldKeys = try swapIn(stagedKeys, at: place.keys)
        } catch {
            // Put the previous site back, so that site and keys still belong together.
            let undone: Bool
            if fault == .keysSwapAndUndoFail {
                undone = false
            } else if let oldSite {
                undone = (try? swapIn(oldSite, at: place.site)) != nil
                removeOwnFolder(oldSite)
            } else {
                undone = rename(place.site, stagedSite) == 0
            }
            if undone {
                staging.clear()
                journal.remove()
                throw WriteError(description: "\(place.keys): error: could not put the new private keys in place (\(error)); the previous site and keys are unchanged")
            }
            // The new site stayed: the staged keys and the journal stay too, so that the
            // next build puts these keys beside this site before anything else.
            throw WriteError(description: "\(place.keys): error: could not put the new private keys in place (\(error)); the new site is in \(place.site), but \(place.keys) still holds the previous keys: build again", changedOutput: true)
        }
        journal.remove()
        oldSite.map(removeOwnFolder)
        oldKeys.map(removeOwnFolder)
    }

    /// Why a build may not write to this place, or nil: the folder is missing, empty, or one
    /// Klynge built and nothing else has been put in it since.
    static func ownershipProblem(_ path: String, marker: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            // Missing, or below a file: nothing to replace (creating the folder will say why it fails).
            return errno == ENOENT || errno == ENOTDIR ? nil : "\(path) cannot be read (\(String(cString: strerror(errno))))"
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK: return "\(path) is a symbolic link, and Klynge never writes through a link; give the folder itself or another --output"
        default: return "\(path) is a file, not a folder Klynge built; Klynge will not replace it: choose another --output"
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            return "\(path) cannot be read"
        }
        if names.isEmpty { return nil }
        guard let listed = markerContents("\(path)/\(marker)") else {
            return "\(path) holds files Klynge did not write (it has no \(marker)); Klynge will not replace it: move them away or choose another --output (a site built before Klynge marked its folders has none either: remove that one by hand once)"
        }
        var allowed = Set(listed)
        for file in listed {
            var folder = Substring(file)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                if !allowed.insert(String(folder)).inserted { break }
            }
        }
        allowed.insert(marker)
        // Entries come in directory order, a folder before what it holds: a foreign
        // link or folder is named before anything beneath it is visited.
        let walk = FileManager.default.enumerator(atPath: path)
        while let entry = walk?.nextObject() as? String {
            if !allowed.contains(entry) {
                return "\(path)/\(entry) was not written by Klynge, and the build would remove it: move it away or choose another --output"
            }
        }
        return nil
    }

    /// The path with every symbolic link resolved, the last component included; the
    /// part that does not exist yet is kept as given.
    public static func realPath(_ url: URL) -> String {
        var path = url.standardizedFileURL.path
        var missing: [String] = []
        while true {
            if let resolved = realpath(path, nil) {
                defer { free(resolved) }
                var result = String(cString: resolved)
                for name in missing.reversed() { result = (result == "/" ? "" : result) + "/" + name }
                return result
            }
            if path == "/" || path.isEmpty { return url.standardizedFileURL.path }
            missing.append((path as NSString).lastPathComponent)
            path = (path as NSString).deletingLastPathComponent
        }
    }

    // MARK: - Staging and swapping

    static func staging(for target: String) -> String {
        let parent = (target as NSString).deletingLastPathComponent
        return "\(parent)/.\((target as NSString).lastPathComponent).staging-\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Writes the files, then the marker last: a staged folder with its marker is complete.
    static func stage(_ files: [OutputFile], marker: String, into folder: String, fileMode: UInt32, folderMode: UInt32) throws {
        let status = mkdir(folder, mode_t(folderMode))
        guard status == 0 else { throw WriteError(description: "\(folder): \(String(cString: strerror(errno)))") }
        try StagingWriter.write(files, into: folder, fileMode: fileMode, folderMode: folderMode)
        let listing = OutputFile(path: marker, text: markerText(files: files.map(\.path).sorted()))
        try StagingWriter.write([listing], into: folder, fileMode: fileMode, folderMode: folderMode)
    }

    /// Puts `staged` at `target`; returns where the previous folder went (to be removed), if there was one.
    static func swapIn(_ staged: String, at target: String) throws -> String? {
        var info = stat()
        if lstat(target, &info) != 0 {
            guard errno == ENOENT else { throw WriteError(description: String(cString: strerror(errno))) }
            guard rename(staged, target) == 0 else { throw WriteError(description: String(cString: strerror(errno))) }
            return nil
        }
        // Preferred: one atomic exchange, so the target is never missing.
        if klynge_exchange_paths(staged, target) == 0 { return staged }
        let parent = (target as NSString).deletingLastPathComponent
        let old = "\(parent)/.\((target as NSString).lastPathComponent).old-\(ProcessInfo.processInfo.processIdentifier)"
        guard rename(target, old) == 0 else { throw WriteError(description: String(cString: strerror(errno))) }
        guard rename(staged, target) == 0 else {
            let error = String(cString: strerror(errno))
            _ = rename(old, target)
            throw WriteError(description: error)
        }
        return old
    }

    /// Removes one of Klynge's own staging or old folders: a real folder (never a link)
    /// under a name only Klynge gives, which it created with `mkdir` itself.
    static func removeOwnFolder(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return }
        StagingWriter.remove(path)
    }

    // MARK: - Recovery

    /// Makes the site and the keys belong together again after a build killed between
    /// its swaps, and clears what killed builds left beside the output.
    public static func recover(_ place: OutputPlace) {
        let siteName = (place.site as NSString).lastPathComponent
        let keysName = (place.keys as NSString).lastPathComponent
        if let journal = Journal.read(place: place) {
            // The site was swapped in (its staged folder is at the output) and the keys were
            // not (their staged folder, whole, still waits): finish the swap.
            if journal.site.inode == inode(place.site), journal.keys.inode == inode(journal.keys.path), journal.keys.inode != inode(place.keys) {
                if let old = try? swapIn(journal.keys.path, at: place.keys) { removeOwnFolder(old) }
            }
            journal.remove()
        }
        let siblings = ((try? FileManager.default.contentsOfDirectory(atPath: place.parent)) ?? []).sorted()
        func leftovers(of name: String, _ kind: String) -> [String] {
            siblings.filter { $0.hasPrefix(".\(name).\(kind)-") }.map { "\(place.parent)/\($0)" }
        }
        // Killed between the two renames where no atomic exchange exists: the previous folder goes back.
        for (target, name) in [(place.site, siteName), (place.keys, keysName)] where inode(target) == nil {
            if let old = leftovers(of: name, "old").first { _ = rename(old, target) }
        }
        for name in [siteName, keysName] {
            for folder in leftovers(of: name, "staging") + leftovers(of: name, "old") { removeOwnFolder(folder) }
        }
    }

    /// The device and inode of what is at a path (a link itself, not followed), or nil.
    static func inode(_ path: String) -> String? {
        var info = stat()
        return lstat(path, &info) == 0 ? "\(info.st_dev):\(info.st_ino)" : nil
    }

    /// `.<site>.swap` beside the output, there only while the two swaps are under way:
    /// the staged folders by path and inode (a rename keeps the inode, so it tells
    /// which of them has been swapped in).
    struct Journal {
        var path: String
        var site: (path: String, inode: String)
        var keys: (path: String, inode: String)

        init(place: OutputPlace, site: String, keys: String) {
            path = Self.path(for: place)
            self.site = (site, SiteWriter.inode(site) ?? "")
            self.keys = (keys, SiteWriter.inode(keys) ?? "")
        }

        private init(path: String, site: (String, String), keys: (String, String)) {
            self.path = path
            self.site = site
            self.keys = keys
        }

        static func path(for place: OutputPlace) -> String {
            "\(place.parent)/.\((place.site as NSString).lastPathComponent).swap"
        }

        func write() throws {
            let text = "Klynge \(KlyngeVersion.current) is swapping in a new site and its keys\n\(site.path)\n\(site.inode)\n\(keys.path)\n\(keys.inode)\n"
            unlink(path)
            let status = text.withCString { klynge_write_file(path, $0, strlen($0), 0o600) }
            if status != 0 { throw WriteError(description: String(cString: strerror(status))) }
        }

        static func read(place: OutputPlace) -> Journal? {
            let path = path(for: place)
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
                  let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasPrefix("Klynge ") else { return nil }
            let lines = text.split(separator: "\n").map(String.init)
            guard lines.count == 5 else { return nil }
            // Only Klynge's own staging names beside the output: a journal never moves anything else.
            let parent = place.parent + "/"
            guard lines[1].hasPrefix(parent), lines[3].hasPrefix(parent), lines[1].contains(".staging-"), lines[3].contains(".staging-") else { return nil }
            return Journal(path: path, site: (lines[1], lines[2]), keys: (lines[3], lines[4]))
        }

        func remove() { unlink(path) }
    }

    // MARK: - Markers

    static func markerText(files: [String]) -> String {
        "Klynge \(KlyngeVersion.current) wrote this folder; a build replaces it whole, and refuses to when it holds a file not listed here.\n"
            + files.map { "\($0)\n" }.joined()
    }

    /// The files a marker lists, or nil when the file is not one of Klynge's markers.
    static func markerContents(_ path: String) -> [String]? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
              let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasPrefix("Klynge ") else { return nil }
        return text.split(separator: "\n", omittingEmptySubsequences: true).dropFirst().map(String.init)
    }
}

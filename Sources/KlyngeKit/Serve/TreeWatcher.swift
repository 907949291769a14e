import Foundation

/// Notices changed files under `Content/` and `Theme/` by comparing modification
/// times and sizes between polls: portable, and cheap for a tree of this size.
public struct TreeWatcher: Sendable {
    struct Stamp: Hashable {
        var modified: Date
        var size: Int
    }

    public let root: URL
    private var stamps: [String: Stamp]

    public init(root: URL) {
        self.root = root.standardizedFileURL
        stamps = Self.scan(self.root)
    }

    /// Paths (relative to the root) added, changed or removed since the last call.
    public mutating func changes() -> Set<String> {
        let now = Self.scan(root)
        var changed = Set<String>()
        for (path, stamp) in now where stamps[path] != stamp { changed.insert(path) }
        for path in stamps.keys where now[path] == nil { changed.insert(path) }
        stamps = now
        return changed
    }

    /// Hidden files and editor backups (`.x.swp`, `x~`) are not content.
    static func scan(_ root: URL) -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        let keys: [URLResourceKey] = [.isRegularFileKey, .contentModificationDateKey, .fileSizeKey]
        for folder in ["Content", "Theme"] {
            guard let files = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: keys,
                                                             options: [.skipsHiddenFiles]) else { continue }
            for case let url as URL in files where !url.lastPathComponent.hasSuffix("~") {
                guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
                let path = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
                stamps[path] = Stamp(modified: values.contentModificationDate ?? .distantPast, size: values.fileSize ?? 0)
            }
        }
        return stamps
    }
}

/// What a change needs rebuilt: the pages of some clusters, or everything.
public enum RebuildScope: Sendable, Equatable {
    case clusters(Set<String>)
    case everything

    /// Files of clusters that were built last time and still exist touch only those
    /// clusters' pages (the index is always rebuilt); anything else touches everything.
    public static func of(_ paths: Set<String>, builtClusters: Set<String>, root: URL) -> RebuildScope {
        var clusters = Set<String>()
        for path in paths {
            let parts = path.split(separator: "/").map(String.init)
            guard parts.count >= 4, parts[0] == "Content", parts[1] == "clusters", builtClusters.contains(parts[2]),
                  FileManager.default.fileExists(atPath: root.appendingPathComponent("Content/clusters/\(parts[2])").path) else {
                return .everything
            }
            clusters.insert(parts[2])
        }
        return .clusters(clusters)
    }

    func merged(with other: RebuildScope) -> RebuildScope {
        switch (self, other) {
        case (.clusters(let a), .clusters(let b)): return .clusters(a.union(b))
        default: return .everything
        }
    }
}

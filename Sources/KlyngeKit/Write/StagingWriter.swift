import CSystemSupport
import Foundation

/// Writes the files of a site into the staging folder, and removes folders.
///
/// Foundation's `Data.write` syncs every file to disk and `FileManager` checks
/// each folder with several `stat` calls; with 1,750 files and 1,500 folders that
/// was most of a build's wall time (strace: 1,753 fsync, 25,000 stat). Creating a
/// folder on ext4 also costs noticeable kernel time (finding a free inode), so the
/// work is spread over the cores, one top-level folder (a cluster) at a time. A
/// killed build still leaves the previous site: the new one takes its place only
/// after every file is written.
enum StagingWriter {
    /// `fileMode`/`folderMode`: 0644/0755 for the site, 0600/0700 for the private keys,
    /// which only their owner may read.
    static func write(_ files: [OutputFile], into staging: String, fileMode: UInt32 = 0o644, folderMode: UInt32 = 0o755) throws {
        let groups = Dictionary(grouping: files) { file in file.path.split(separator: "/", maxSplits: 1).count > 1 ? String(file.path.prefix { $0 != "/" }) : "" }
        let failures = Parallel.map(groups.keys.sorted()) { top -> String? in
            var folders = Set<Substring>()
            for file in groups[top]!.sorted(by: { $0.path < $1.path }) {
                var end = file.path.startIndex
                while let slash = file.path[end...].firstIndex(of: "/") {
                    let folder = file.path[..<slash]
                    if folders.insert(folder).inserted {
                        let status = klynge_make_folder("\(staging)/\(folder)", folderMode)
                        if status != 0 { return "\(staging)/\(folder): \(String(cString: strerror(status)))" }
                    }
                    end = file.path.index(after: slash)
                }
                let path = "\(staging)/\(file.path)"
                let status = file.data.withUnsafeBytes { klynge_write_file(path, $0.baseAddress, $0.count, fileMode) }
                if status != 0 { return "\(path): \(String(cString: strerror(status)))" }
            }
            return nil
        }
        if let failure = failures.compactMap({ $0 }).first {
            throw SiteWriter.WriteError(description: failure)
        }
    }

    /// Removes a folder and everything in it (nothing happens when it is missing),
    /// its subfolders on every core.
    static func remove(_ path: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        _ = Parallel.map(names.sorted()) { name in klynge_remove_tree("\(path)/\(name)") }
        _ = klynge_remove_tree(path)
    }
}

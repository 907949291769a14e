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
        // Paths are split at their `/` bytes, as the kernel splits them (and without
        // walking Characters, which cost more than the grouping itself).
        let slash = UInt8(ascii: "/")
        let groups = Dictionary(grouping: files) { file in
            file.path.utf8.firstIndex(of: slash).map { String(file.path[..<$0]) } ?? ""
        }
        let failures = Parallel.map(groups.keys.sorted()) { top -> String? in
            var folders = Set<Substring>()
            for file in groups[top]!.sorted(by: { $0.path < $1.path }) {
                let utf8 = file.path.utf8
                var end = utf8.startIndex
                while let at = utf8[end...].firstIndex(of: slash) {
                    let folder = file.path[..<at]
                    if folders.insert(folder).inserted {
                        let status = klynge_make_folder("\(staging)/\(folder)", folderMode)
                        if status != 0 { return "\(staging)/\(folder): \(String(cString: strerror(status)))" }
                    }
                    end = utf8.index(after: at)
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

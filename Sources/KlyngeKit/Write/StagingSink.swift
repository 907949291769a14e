import CSystemSupport
import Foundation
import Synchronization

/// A build's files written into its staging folder as they are made, on the workers
/// that make them: writing overlaps the rendering of the next meetings instead of
/// following the whole build. Nothing changes for the output folder: the staged
/// folder is swapped in only after every check has passed (`SiteWriter.finish`),
/// and removed when the build fails.
///
/// Only plain paths inside the folder are written; any other fails the build in
/// `SiteBuilder.pathProblems` anyway. The first failure (a full disk) stops further
/// writes and is given at the end, after the content's own errors, as
/// `StagingWriter.write` would have given it.
final class StagingSink: Sendable {
    let folder: String
    private let fileMode: UInt32
    private let folderMode: UInt32

    private struct State {
        /// Folders made below the staging folder, by relative path.
        var folders: Set<Substring> = []
        var failure: String?
    }

    private let state = Mutex(State())

    init(folder: String, fileMode: UInt32 = 0o644, folderMode: UInt32 = 0o755) {
        self.folder = folder
        self.fileMode = fileMode
        self.folderMode = folderMode
    }

    /// The first write that failed, as `"<path>: <reason>"`, or nil.
    var failure: String? { state.withLock { $0.failure } }

    func write(_ files: [OutputFile]) {
        for file in files where !write(file) { return }
    }

    /// Writes one file and the folders above it; false once any write has failed.
    @discardableResult
    func write(_ file: OutputFile) -> Bool {
        guard state.withLock({ $0.failure == nil }) else { return false }
        guard Self.isPlain(file.path) else { return true }
        let slash = UInt8(ascii: "/")
        let utf8 = file.path.utf8
        var end = utf8.startIndex
        while let at = utf8[end...].firstIndex(of: slash) {
            let name = file.path[..<at]
            if !state.withLock({ $0.folders.contains(name) }) {
                // Two workers may make the same folder at once: an existing real folder is fine.
                let status = klynge_make_folder("\(folder)/\(name)", folderMode)
                if status != 0 { return fail("\(folder)/\(name): \(String(cString: strerror(status)))") }
                state.withLock { _ = $0.folders.insert(name) }
            }
            end = utf8.index(after: at)
        }
        let path = "\(folder)/\(file.path)"
        let status = file.data.withUnsafeBytes { klynge_write_file(path, $0.baseAddress, $0.count, fileMode) }
        if status != 0 { return fail("\(path): \(String(cString: strerror(status)))") }
        return true
    }

    private func fail(_ message: String) -> Bool {
        state.withLock { state in
            if state.failure == nil { state.failure = message }
        }
        return false
    }

    /// No empty, `.` or `..` name between its `/` bytes, as `SiteBuilder.pathProblems` checks.
    static func isPlain(_ path: String) -> Bool {
        !path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .contains { $0.isEmpty || $0.elementsEqual(".".utf8) || $0.elementsEqual("..".utf8) }
    }
}

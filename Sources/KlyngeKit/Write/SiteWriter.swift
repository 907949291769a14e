import CSystemSupport
import Foundation

/// A file of the built site, with its path relative to the output folder.
public struct OutputFile: Sendable, Hashable {
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }

    public init(path: String, text: String) {
        // Straight from the string's bytes: `Data(text.utf8)` goes through dynamic casts first.
        var text = text
        self.init(path: path, data: text.withUTF8 { Data(buffer: $0) })
    }
}

/// Writes a whole site at once: into a fresh folder beside the output, which then
/// takes the output's place in one atomic exchange. A failed or killed build
/// leaves the previous site; its leftovers are cleared by the next build.
public enum SiteWriter {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func write(_ files: [OutputFile], to output: URL) throws {
        let fileManager = FileManager.default
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        try recoverInterruptedBuild(of: output)
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw WriteError(description: "\(parent.path): error: cannot create the folder: \(error.localizedDescription)")
        }
        let staging = parent.appendingPathComponent(".\(name).staging-\(ProcessInfo.processInfo.processIdentifier)")
        let old = parent.appendingPathComponent(".\(name).old-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            StagingWriter.remove(staging.path)
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
            try StagingWriter.write(files, into: staging.path)
        } catch {
            StagingWriter.remove(staging.path)
            throw WriteError(description: "\(output.path): error: could not write the site (\((error as? WriteError)?.description ?? error.localizedDescription)); the previous site is unchanged")
        }
        // Preferred: one atomic exchange, so the output is never missing; the old
        // site lands in the staging folder and is removed after.
        if fileManager.fileExists(atPath: output.path), klynge_exchange_paths(staging.path, output.path) == 0 {
            StagingWriter.remove(staging.path)
            return
        }
        do {
            if fileManager.fileExists(atPath: output.path) {
                try fileManager.moveItem(at: output, to: old)
            }
            try fileManager.moveItem(at: staging, to: output)
            try? fileManager.removeItem(at: old)
        } catch {
            if !fileManager.fileExists(atPath: output.path), fileManager.fileExists(atPath: old.path) {
                try? fileManager.moveItem(at: old, to: output)
            }
            try? fileManager.removeItem(at: staging)
            throw WriteError(description: "\(output.path): error: could not put the new site in place (\(error.localizedDescription)); the previous site is unchanged")
        }
    }

    /// A build killed between its two renames leaves the old site under `.name.old-PID`:
    /// put it back, and remove half-written staging folders.
    static func recoverInterruptedBuild(of output: URL) throws {
        let fileManager = FileManager.default
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        let siblings = (try? fileManager.contentsOfDirectory(atPath: parent.path)) ?? []
        for sibling in siblings.sorted() {
            let url = parent.appendingPathComponent(sibling)
            if sibling.hasPrefix(".\(name).old-") {
                if !fileManager.fileExists(atPath: output.path) {
                    try? fileManager.moveItem(at: url, to: output)
                } else {
                    try? fileManager.removeItem(at: url)
                }
            } else if sibling.hasPrefix(".\(name).staging-") {
                try? fileManager.removeItem(at: url)
            }
        }
    }
}

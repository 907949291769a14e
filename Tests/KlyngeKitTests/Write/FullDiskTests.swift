import Foundation
import Testing
@testable import KlyngeKit

/// A disk that fills up mid-build: a clear error, the previous site untouched,
/// no half-written folder left behind. Uses a tiny tmpfs, so it needs root's
/// right to mount (CI and the developers' machines have it).
@Suite(.enabled(if: TinyDisk.available, "needs permission to mount a tmpfs"))
struct FullDiskTests {
    @Test func aFullDiskKeepsThePreviousSite() throws {
        let tree = try TestTree()
        let disk = try TinyDisk(kilobytes: 192)
        defer { disk.unmount() }
        let output = disk.folder.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let previous = Data("<!doctype html><title>Forrige udgave</title>\n".utf8)
        try previous.write(to: output.appendingPathComponent("index.html"))
        // Marked as a site Klynge wrote, which a build may replace.
        try SiteWriter.markerText(files: ["index.html"]).write(to: output.appendingPathComponent(SiteWriter.siteMarker), atomically: false, encoding: .utf8)

        guard case .failure(let failure) = SiteBuilder.build(BuildOptions(root: tree.root, output: output, now: tree.now)) else {
            Issue.record("a site of about a megabyte cannot fit on 192 KB")
            return
        }
        let message = try #require(failure.diagnostics.first).description
        #expect(message.contains("could not write the site"))
        #expect(message.contains("the previous site is unchanged"))
        #expect(try Data(contentsOf: output.appendingPathComponent("index.html")) == previous)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: disk.folder.path).filter { $0 != "site" }
        #expect(leftovers.isEmpty, "leftovers: \(leftovers)")
    }
}

/// A small tmpfs mounted for one test.
struct TinyDisk {
    let folder: URL

    init(kilobytes: Int) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("klynge-disk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", folder.path]) else {
            throw TestTreeError("cannot mount a tmpfs at \(folder.path)")
        }
    }

    func unmount() {
        _ = Self.run("/bin/umount", [folder.path])
        try? FileManager.default.removeItem(at: folder)
    }

    static let available: Bool = {
        guard getuid() == 0, let disk = try? TinyDisk(kilobytes: 64) else { return false }
        disk.unmount()
        return true
    }()

    static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

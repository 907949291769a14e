import Foundation
import Testing
@testable import KlyngeKit

/// Every broken tree in Tests/Fixtures/bad-input ends in its exact messages,
/// a non-zero exit and no output — never in a crash or a half-written site.
@Suite struct BadInputTests {
    static let fixtures = TestTree.repository.appendingPathComponent("Tests/Fixtures/bad-input")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? [])
            .filter { FileManager.default.fileExists(atPath: fixtures.appendingPathComponent("\($0)/expected.txt").path) }
            .sorted()
    }

    static func tree(for name: String) throws -> TestTree {
        let tree = try TestTree()
        // The fixtures break the first meeting or its package; see TestTree.removeFollowUpMeeting.
        try tree.removeFollowUpMeeting()
        let overlay = fixtures.appendingPathComponent("\(name)/tree")
        let enumerator = FileManager.default.enumerator(at: overlay, includingPropertiesForKeys: [.isRegularFileKey])
        while let file = enumerator?.nextObject() as? URL {
            guard (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let relative = String(file.resolvingSymlinksInPath().path.dropFirst(overlay.resolvingSymlinksInPath().path.count + 1))
            let target = tree.url(relative)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: file, to: target)
        }
        return tree
    }

    static func expected(_ name: String) throws -> [String] {
        try String(contentsOf: fixtures.appendingPathComponent("\(name)/expected.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    @Test func thereIsACorpus() {
        #expect(Self.cases.count >= 15)
    }

    @Test(arguments: cases)
    func reportsExactlyTheExpectedErrors(_ name: String) throws {
        let tree = try Self.tree(for: name)
        let errors = try tree.buildFails().map(\.description)
        #expect(errors == (try Self.expected(name)))
        #expect(!tree.exists("_site"))
    }

    @Test(arguments: cases)
    func theCommandLineExitsNonZeroAndPrintsTheSameErrors(_ name: String) throws {
        let tree = try Self.tree(for: name)
        let run = try KlyngeProcess.run(["build", "--root", tree.root.path], in: tree.root, environment: ["NO_COLOR": "1"])
        #expect(run.status != 0)
        for line in try Self.expected(name) {
            #expect(run.stderr.contains(line + "\n"), "missing: \(line)")
        }
        #expect(!tree.exists("_site"))
    }

    @Test func symbolicLinkOutOfTheRootIsRefused() throws {
        let tree = try TestTree()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("klynge-outside-\(UUID().uuidString).yml")
        try Data("name: Hemmelig\n".utf8).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        let link = tree.url("Content/clusters/fiktivby-nord/cluster.yml")
        try FileManager.default.removeItem(at: link)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
        let error = try #require(try tree.buildFails().first)
        #expect(error.location.path == "Content/clusters/fiktivby-nord/cluster.yml")
        #expect(error.message.contains("symbolic link") && error.message.contains("outside"))
    }

    @Test func clusterFolderLinkedOutOfTheRootIsRefusedAndOneInsideIsRead() throws {
        let tree = try TestTree()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("klynge-outside-\(UUID().uuidString)")
        let folder = tree.url("Content/clusters/fiktivby-nord")
        try FileManager.default.copyItem(at: folder, to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        // The cluster's files moved to a folder inside the root, linked from its old place.
        try FileManager.default.moveItem(at: folder, to: tree.url("Content/fiktivby-nord-data"))
        try FileManager.default.createSymbolicLink(at: folder, withDestinationURL: tree.url("Content/fiktivby-nord-data"))
        try tree.buildSucceeds()
        try FileManager.default.removeItem(at: folder)
        try FileManager.default.createSymbolicLink(at: folder, withDestinationURL: outside)
        let error = try #require(try tree.buildFails().first)
        #expect(error.location.path == "Content/clusters/fiktivby-nord")
        #expect(error.message.contains("symbolic link") && error.message.contains("outside"))
    }

    @Test func hugeFileIsRefusedWithoutReadingIt() throws {
        let tree = try TestTree()
        let path = "Content/clusters/fiktivby-nord/2027-03-dosisdispensering/survey-responses.csv"
        let handle = try FileHandle(forWritingTo: tree.url(path))
        try handle.truncate(atOffset: UInt64(TreeReader.maximumFileSize + 1))
        try handle.close()
        let error = try #require(try tree.buildFails().first { $0.location.path == path })
        #expect(error.message.contains("files larger than 16 MB are refused"))
    }

    @Test func outputThatCannotBeWrittenKeepsThePreviousSite() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let before = try tree.snapshot()
        // A file where the staging folder's parent must be a folder: writing fails
        // even for root, which ignores permission bits.
        let blocked = tree.url("blocked")
        try Data("x".utf8).write(to: blocked)
        let options = BuildOptions(root: tree.root, output: blocked.appendingPathComponent("site"))
        guard case .failure(let failure) = SiteBuilder.build(options) else {
            Issue.record("writing below a file must fail")
            return
        }
        #expect(failure.diagnostics.first?.message.contains("cannot create the folder") == true)
        #expect(try tree.snapshot() == before)
    }

    @Test func outputMayNotReplaceTheContent() throws {
        let tree = try TestTree()
        for output in [tree.root, tree.url("Content"), tree.url("Theme/assets"), tree.root.deletingLastPathComponent()] {
            guard case .failure(let failure) = SiteBuilder.build(BuildOptions(root: tree.root, output: output)) else {
                Issue.record("building into \(output.path) must be refused")
                continue
            }
            #expect(failure.diagnostics.first?.message.contains("would replace the content") == true)
        }
        #expect(tree.exists("Content/site.yml"))
    }
}

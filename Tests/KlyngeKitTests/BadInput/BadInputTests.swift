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

    /// Each kind of file has its own limit, checked before a byte is read (the files are
    /// sparse: reading one would take seconds, and the test would notice nothing).
    @Test(arguments: ["Content/clusters/fiktivby-nord/survey-responses.csv", "Content/clusters/fiktivby-nord/practices.csv",
                      "Content/clusters/fiktivby-nord/cluster.yml", "Content/packages/dosisdispensering/praksisark.md"])
    func hugeFileIsRefusedWithoutReadingIt(path: String) throws {
        let tree = try TestTree()
        let path = "Content/clusters/fiktivby-nord/2027-03-dosisdispensering/survey-responses.csv"
        let limit = Limits.FileSize.limit(for: path)
        #expect(limit < 16 << 20)
        let handle = try FileHandle(forWritingTo: tree.url(path))
        try handle.truncate(atOffset: UInt64(limit + 1))
        try handle.close()
        let error = try #require(try tree.buildFails().first { $0.location.path == path })
        #expect(error.message.contains("a file of this kind may be at most \(Limits.FileSize.shown(limit))"))
    }

    /// Theme files follow Content/'s rule: a link in Theme/assets/ to a file outside the
    /// root is refused, not published; one to a file inside the root is fine.
    @Test func aThemeAssetLinkedOutOfTheRootIsRefused() throws {
        let tree = try TestTree()
        try tree.write("Content/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
        try FileManager.default.createSymbolicLink(atPath: tree.url("Theme/assets/logo.svg").path, withDestinationPath: tree.url("Content/logo.svg").path)
        let report = try tree.buildSucceeds()
        #expect(report.files.contains { $0.path.hasPrefix("assets/logo.") })

        try FileManager.default.createSymbolicLink(atPath: tree.url("Theme/assets/passwd.txt").path, withDestinationPath: "/etc/passwd")
        let errors = try tree.buildFails()
        #expect(errors.map(\.location.path) == ["Theme/assets/passwd.txt"], "\(errors)")
        #expect(errors.first?.message.contains("outside the site's folder") == true)
        let outsideLayout = FileManager.default.temporaryDirectory.appendingPathComponent("klynge-layout-\(UUID().uuidString).mustache")
        try Data("{{site.title}}".utf8).write(to: outsideLayout)
        defer { try? FileManager.default.removeItem(at: outsideLayout) }
        try tree.remove("Theme/assets/passwd.txt")
        try tree.remove("Theme/partials/footer.mustache")
        try FileManager.default.createSymbolicLink(atPath: tree.url("Theme/partials/footer.mustache").path, withDestinationPath: outsideLayout.path)
        #expect(try tree.buildFails().contains { $0.location.path == "Theme/partials/footer.mustache" && $0.message.contains("outside") })
    }

    /// A named pipe where a file should be: refused at its path, never opened (opening
    /// one for reading waits for a writer, forever).
    @Test(arguments: ["Content/clusters/fiktivby-nord/2027-03-dosisdispensering/practices.csv", "Content/packages/dosisdispensering/praksisark.md",
                      "Content/site.yml"])
    func aFIFOIsRefusedWithoutOpeningIt(path: String) throws {
        let tree = try TestTree()
        try tree.remove(path)
        #expect(mkfifo(tree.url(path).path, 0o644) == 0)
        let errors = try tree.buildFails()
        #expect(errors.contains { $0.location.path == path && $0.message.contains("a named pipe (FIFO), not a file") }, "\(errors)")
    }

    /// A link inside the root to a FIFO inside the root: the target is what counts.
    @Test func aLinkToAFIFOIsRefusedToo() throws {
        let tree = try TestTree()
        let path = "Content/clusters/\(TestTree.fiktivbyMeeting)/practices.csv"
        #expect(mkfifo(tree.url("Content/pipe").path, 0o644) == 0)
        try tree.remove(path)
        try FileManager.default.createSymbolicLink(atPath: tree.url(path).path, withDestinationPath: tree.url("Content/pipe").path)
        let errors = try tree.buildFails()
        #expect(errors.contains { $0.location.path == path && $0.message.contains("FIFO") }, "\(errors)")
    }

    /// Nine levels of nine aliases, about a kilobyte that expands to 387 million values.
    @Test func anAliasBombIsRefusedAtTheAliasInTime() throws {
        let tree = try TestTree()
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        let path = "Content/clusters/fiktivby-nord/cluster.yml"
        try tree.write(path, try tree.read(path) + bomb)
        let started = Date()
        let errors = try tree.buildFails()
        #expect(Date().timeIntervalSince(started) < 20)
        let error = try #require(errors.first { $0.location.path == path })
        #expect(error.message.contains("aliases expand to more than"))
        let lines = try tree.read(path).components(separatedBy: "\n").count
        #expect(error.location.line > lines - 10, "at one of the alias lines: \(error.location)")
    }

    /// Aliases that expand to a little are read as before; the count is exact: the mapping,
    /// two keys, the list of three (4), the list holding it twice (1 + 8): 16 nodes.
    @Test func aFewAliasesAreFine() throws {
        #expect(YAMLAliasBudget.overrun(in: "a: &a [1, 2, 3]\nb: *a\nc: *a\n") == nil)
        #expect(YAMLAliasBudget.overrun(in: "a: &a [1, 2, 3]\nb: [*a, *a]\n", limit: 15) != nil)
        #expect(YAMLAliasBudget.overrun(in: "a: &a [1, 2, 3]\nb: [*a, *a]\n", limit: 16) == nil)
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

import Foundation
import Testing
@testable import KlyngeKit

/// Klynge replaces only what it wrote: an output or `_private/` holding anything else,
/// a file in the folder's place, or a link, is refused before anything is written;
/// links never get a build around these checks; site and keys change together.
@Suite struct OutputSafetyTests {
    private func refusal(_ tree: TestTree, root: URL? = nil, output: URL) throws -> String {
        let options = BuildOptions(root: root ?? tree.root, output: output, now: tree.now)
        guard case .failure(let failure) = SiteBuilder.build(options) else {
            throw TestTreeError("building into \(output.path) must be refused")
        }
        #expect(failure.diagnostics.count == 1, "one clear line: \(failure.diagnostics)")
        #expect(!failure.changedOutput)
        return try #require(failure.diagnostics.first).message
    }

    @Test func anOutputFolderHoldingTheUsersFilesIsRefusedAndKept() throws {
        let tree = try TestTree()
        try tree.write("dokumenter/brev.txt", "Kære kollega\n")
        try tree.write("dokumenter/mappe/note.md", "# Note\n")
        let message = try refusal(tree, output: tree.url("dokumenter"))
        #expect(message.contains("holds files Klynge did not write"))
        #expect(try tree.read("dokumenter/brev.txt") == "Kære kollega\n")
        #expect(try tree.read("dokumenter/mappe/note.md") == "# Note\n")
        #expect(!tree.exists("_private"), "nothing written beside it either")
    }

    @Test func anExistingPrivateFolderHoldingTheUsersFilesIsRefused() throws {
        let tree = try TestTree()
        try tree.write("_private/mine-noter.txt", "hemmeligt\n")
        let message = try refusal(tree, output: tree.output)
        #expect(message.contains("_private"))
        #expect(try tree.read("_private/mine-noter.txt") == "hemmeligt\n")
        #expect(!tree.exists("_site"))
    }

    @Test func aFileInPlaceOfTheOutputOrThePrivateFolderIsRefused() throws {
        let tree = try TestTree()
        try tree.write("out/report.pdf", "%PDF-1.7 the user's report\n")
        #expect(try refusal(tree, output: tree.url("out/report.pdf")).contains("is a file"))
        #expect(try tree.read("out/report.pdf") == "%PDF-1.7 the user's report\n")

        try tree.write("elsewhere/_private", "a file where the keys would go\n")
        #expect(try refusal(tree, output: tree.url("elsewhere/site")).contains("is a file"))
        #expect(try tree.read("elsewhere/_private") == "a file where the keys would go\n")
        #expect(!tree.exists("elsewhere/site"))
    }

    @Test func aFileAddedToABuiltSiteIsNeverRemoved() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let before = try tree.snapshot()
        try tree.write("_site/fiktivby-nord/egne-noter.txt", "mine\n")
        let message = try refusal(tree, output: tree.output)
        #expect(message.contains("_site/fiktivby-nord/egne-noter.txt was not written by Klynge"))
        #expect(try tree.read("_site/fiktivby-nord/egne-noter.txt") == "mine\n")
        try tree.remove("_site/fiktivby-nord/egne-noter.txt")
        #expect(try tree.snapshot() == before)
        try tree.buildSucceeds()
    }

    @Test func anOutputThatIsALinkIsRefusedAndWhatItPointsAtIsKept() throws {
        let tree = try TestTree()
        try tree.write("brugerens/undermappe/fil.txt", "behold mig\n")
        try FileManager.default.createDirectory(at: tree.url("out"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: tree.url("out/link").path, withDestinationPath: tree.url("brugerens").path)
        #expect(try refusal(tree, output: tree.url("out/link")).contains("symbolic link"))
        #expect(try tree.read("brugerens/undermappe/fil.txt") == "behold mig\n")

        // Even a link to an empty folder: the build would write through it.
        try FileManager.default.createDirectory(at: tree.url("tom"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: tree.url("out/tom-link").path, withDestinationPath: tree.url("tom").path)
        #expect(try refusal(tree, output: tree.url("out/tom-link")).contains("symbolic link"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tree.url("tom").path).isEmpty)

        // A link where `_private/` goes.
        try FileManager.default.createDirectory(at: tree.url("site-here"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: tree.url("site-here/_private").path, withDestinationPath: tree.url("tom").path)
        #expect(try refusal(tree, output: tree.url("site-here/site")).contains("symbolic link"))
    }

    @Test func aRootNamedThroughALinkCannotBeTheOutput() throws {
        let tree = try TestTree()
        let real = tree.url("R")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        for folder in ["Content", "Theme"] {
            try FileManager.default.moveItem(at: tree.url(folder), to: real.appendingPathComponent(folder))
        }
        let link = tree.url("L")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: real.path)
        // ln -s R L; klynge build --root L --output R
        #expect(try refusal(tree, root: link, output: real).contains("would replace the content"))
        // ... and an output inside Content/ named through the link.
        #expect(try refusal(tree, root: real, output: link.appendingPathComponent("Content/site")).contains("would replace the content"))
        // ... and Content/ itself a link to elsewhere, the output inside its target.
        #expect(tree.exists("R/Content/site.yml") && tree.exists("R/Theme/layouts"))
    }

    @Test func keysAreForTheirOwnerOnlyAndBothFoldersAreMarked() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: tree.url(path).path)[.posixPermissions] as? Int ?? -1) & 0o777
        }
        #expect(try mode("_private") == 0o700)
        #expect(try mode("_private/fiktivby-nord") == 0o700)
        #expect(try mode("_private/\(TestTree.fiktivbyMeeting)") == 0o700)
        #expect(try mode("_private/\(TestTree.fiktivbyMeeting)/noegle.csv") == 0o600)
        #expect(try mode("_site/index.html") == 0o644)
        let site = try tree.read("_site/\(SiteWriter.siteMarker)")
        let keys = try tree.read("_private/\(SiteWriter.keysMarker)")
        #expect(site.hasPrefix("Klynge \(KlyngeVersion.current) "))
        #expect(site.contains("\nindex.html\n") && keys.contains("\n\(TestTree.fiktivbyMeeting)/noegle.csv\n"))
        // The public marker holds nothing derived from the keys: paths of the site only.
        #expect(site.split(separator: "\n").dropFirst().allSatisfy { !$0.contains("noegle") && !$0.hasPrefix("keys") })

        // Keys that change alone (a small count, never published) leave every byte of the site as it was.
        let before = try tree.snapshot()
        let practices = "Content/clusters/\(TestTree.fiktivbyMeeting)/practices.csv"
        try tree.replace(in: practices, "990102;2410;3;18", with: "990102;2410;1;18")
        try tree.buildSucceeds()
        #expect(try tree.snapshot() == before)
        #expect(try tree.read("_private/\(SiteWriter.keysMarker)") == keys)
    }

    /// Killed after the site's swap and before the keys': the next build, even one that
    /// then stops on a content error, puts the keys that belong to the site in place.
    @Test func aBuildKilledBetweenTheSwapsIsRecoveredByTheNext() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let oldKeys = try tree.snapshot("_private")
        try tree.replace(in: "Content/clusters/fiktivby-nord/cluster.yml", "gul cykel under broen", with: "rød båd over søen")
        guard case .success(let report) = SiteBuilder.render(BuildOptions(root: tree.root, now: tree.now)) else {
            Issue.record("the changed tree must render")
            return
        }
        let place = OutputPlace(output: tree.output)
        try SiteWriter.write(site: report.files, keys: report.privateFiles, to: place, fault: .killedAfterSiteSwap)
        #expect(try tree.snapshot("_private") == oldKeys, "the kill left the old keys beside the new site")

        try tree.write("Content/clusters/fiktivby-nord/cluster.yml", try tree.read("Content/clusters/fiktivby-nord/cluster.yml") + "\nukendt_noegle: 1\n")
        _ = try tree.buildFails()
        let keys = try tree.snapshot("_private")
        #expect(keys != oldKeys)
        #expect(keys["fiktivby-nord/noegle.csv"] == report.privateFiles.first { $0.path == "fiktivby-nord/noegle.csv" }?.data)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tree.root.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "leftovers: \(leftovers)")
    }

    /// `_private/` that cannot be replaced: the site goes back, and the message says so truthfully.
    @Test func keysThatCannotBePutInPlaceLeaveBothAsTheyWere() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let site = try tree.snapshot(), keys = try tree.snapshot("_private")
        try tree.write("Content/packages/dosisdispensering/praksisark.md", try tree.read("Content/packages/dosisdispensering/praksisark.md") + "\nEn ny linje.\n")
        try tree.replace(in: "Content/clusters/fiktivby-nord/cluster.yml", "gul cykel under broen", with: "rød båd over søen")
        guard case .success(let report) = SiteBuilder.render(BuildOptions(root: tree.root, now: tree.now)) else {
            Issue.record("the changed tree must render")
            return
        }
        do {
            try SiteWriter.write(site: report.files, keys: report.privateFiles, to: OutputPlace(output: tree.output), fault: .keysSwapFails)
            Issue.record("the keys' swap was made to fail")
        } catch let error as SiteWriter.WriteError {
            #expect(error.description.contains("the previous site and keys are unchanged"))
            #expect(!error.changedOutput)
        }
        #expect(try tree.snapshot() == site)
        #expect(try tree.snapshot("_private") == keys)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tree.root.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "leftovers: \(leftovers)")
    }

    /// When not even the previous site can go back, the message says what changed, and the
    /// next build (one that stops on a content error too) puts the matching keys in place.
    @Test func aSiteThatCannotGoBackIsToldTruthfullyAndMatchedByTheNextBuild() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let keys = try tree.snapshot("_private")
        try tree.replace(in: "Content/clusters/fiktivby-nord/cluster.yml", "gul cykel under broen", with: "rød båd over søen")
        guard case .success(let report) = SiteBuilder.render(BuildOptions(root: tree.root, now: tree.now)) else {
            Issue.record("the changed tree must render")
            return
        }
        do {
            try SiteWriter.write(site: report.files, keys: report.privateFiles, to: OutputPlace(output: tree.output), fault: .keysSwapAndUndoFail)
            Issue.record("the keys' swap was made to fail")
        } catch let error as SiteWriter.WriteError {
            #expect(error.changedOutput)
            #expect(error.description.contains("the new site is in") && error.description.contains("still holds the previous keys"))
        }
        #expect(try tree.snapshot("_private") == keys)
        try tree.write("Content/clusters/fiktivby-nord/cluster.yml", try tree.read("Content/clusters/fiktivby-nord/cluster.yml") + "\nukendt_noegle: 1\n")
        _ = try tree.buildFails()
        #expect(try tree.snapshot("_private")["fiktivby-nord/noegle.csv"] == report.privateFiles.first { $0.path == "fiktivby-nord/noegle.csv" }?.data)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tree.root.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "leftovers: \(leftovers)")
    }

    @Test func theCommandLineRefusesWithOneLineAndSaysNothingWasWritten() throws {
        let tree = try TestTree()
        try tree.write("dokumenter/brev.txt", "Kære kollega\n")
        let run = try KlyngeProcess.run(["build", "--root", tree.root.path, "--output", tree.url("dokumenter").path], in: tree.root)
        #expect(run.status != 0)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 2, "\(run.stderr)")
        #expect(lines.first?.contains("error: ") == true && lines.first?.contains("holds files Klynge did not write") == true)
        #expect(lines.last?.contains("nothing was written") == true)
        #expect(try tree.read("dokumenter/brev.txt") == "Kære kollega\n")
    }

    /// `klynge new cluster` writes inside the root only: not through a link to elsewhere,
    /// not over a link, even one that points at nothing.
    @Test func aNewClusterIsNeverWrittenThroughALink() throws {
        let tree = try TestTree()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("klynge-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(atPath: tree.url("Content/clusters/odense-nord").path, withDestinationPath: outside.appendingPathComponent("missing").path)
        #expect(throws: ClusterScaffold.Failure.self) { try ClusterScaffold.create(slug: "odense-nord", package: nil, root: tree.root) }
        #expect(!FileManager.default.fileExists(atPath: outside.appendingPathComponent("missing").path))

        try FileManager.default.moveItem(at: tree.url("Content/clusters"), to: outside.appendingPathComponent("clusters"))
        try FileManager.default.createSymbolicLink(atPath: tree.url("Content/clusters").path, withDestinationPath: outside.appendingPathComponent("clusters").path)
        do {
            _ = try ClusterScaffold.create(slug: "aarhus-syd", package: nil, root: tree.root)
            Issue.record("writing through Content/clusters, a link out of the root, must be refused")
        } catch {
            #expect(error.description.contains("through a symbolic link"))
        }
        #expect(!FileManager.default.fileExists(atPath: outside.appendingPathComponent("clusters/aarhus-syd").path))
    }
}

import Foundation
import Testing
@testable import KlyngeKit

/// A cluster may not take a name the site writes for itself; two files at one path are
/// a located error, never a crash.
@Suite struct ReservedNameTests {
    static let slugs = SiteNames.reserved.filter(Slug.isValid).sorted()

    @Test func everyTopLevelNameTheBuildWritesIsReserved() throws {
        let tree = try TestTree()
        let report = try tree.buildSucceeds()
        let clusters = Set(report.clusterSlugs)
        let own = Set(report.files.map { String($0.path.prefix { $0 != "/" }) }).subtracting(clusters)
        #expect(own.isSubset(of: SiteNames.reserved), "names the build writes but does not reserve: \(own.subtracting(SiteNames.reserved))")
        #expect(Self.slugs.contains("assets") && Self.slugs.contains("tilgaengelighed"))
    }

    @Test(arguments: slugs) func newClusterRefusesAReservedName(_ slug: String) throws {
        let tree = try TestTree()
        #expect(throws: ClusterScaffold.Failure.self) { try ClusterScaffold.create(slug: slug, package: nil, root: tree.root) }
        #expect(!tree.exists("Content/clusters/\(slug)"))
        let run = try KlyngeProcess.run(["new", "cluster", slug, "--root", tree.root.path], in: tree.root, environment: ["NO_COLOR": "1"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("the cluster name '\(slug)' is one the site uses for itself"))
    }

    @Test(arguments: slugs) func buildRefusesAReservedClusterFolderAtTheFolder(_ slug: String) throws {
        let tree = try TestTree()
        try tree.write("Content/clusters/\(slug)/cluster.yml", try tree.read("Content/clusters/fiktivby-nord/cluster.yml"))
        let errors = try tree.buildFails()
        #expect(errors.map(\.location) == [SourceLocation(path: "Content/clusters/\(slug)")], "\(errors)")
        #expect(!tree.exists("_site"))
    }

    @Test func twoFilesAtOnePathAreALocatedError() throws {
        let tree = try TestTree()
        guard case .success(let report) = SiteBuilder.render(BuildOptions(root: tree.root, now: tree.now)) else {
            Issue.record("the tree must render")
            return
        }
        let content = try #require(ModelBuilder(log: DiagnosticLog()).build(ContentTree.read(root: tree.root, only: nil, log: DiagnosticLog())))
        let page = try #require(report.files.first { $0.path == "fiktivby-nord/index.html" })
        let problems = SiteBuilder.pathProblems(report.files + [page, OutputFile(path: "../outside.html", text: "x")],
                                                content: content, options: BuildOptions(root: tree.root))
        #expect(problems.map(\.location.path) == ["Content/clusters/fiktivby-nord", "_site/../outside.html"])
        #expect(problems.first?.message.contains("two files of the site would be written at 'fiktivby-nord/index.html'") == true)
        #expect(SiteBuilder.pathProblems(report.files, content: content, options: BuildOptions(root: tree.root)).isEmpty)
    }

    @Test func twoAssetsWithOneTemplateNameAreALocatedError() throws {
        let tree = try TestTree()
        try tree.write("Theme/assets/print.v2.css", "body{}\n")
        try tree.write("Theme/assets/print_v2.css", "p{}\n")
        let errors = try tree.buildFails()
        #expect(errors.map(\.location.path) == ["Theme/assets/print_v2.css"], "\(errors)")
    }
}

import Foundation
import Testing
@testable import KlyngeKit

/// `serve`'s site in memory: what a change rebuilds, and what the browser gets.
@Suite struct LiveSiteTests {
    @Test func aClusterChangeRebuildsOnlyThatClusterAndMatchesAFullBuild() throws {
        let tree = try TestTree()
        let site = LiveSite(options: BuildOptions(root: tree.root))
        guard case .built = site.rebuild(.everything) else { Issue.record("first build failed"); return }
        #expect(site.clusters == ["fiktivby-nord", "eksempelstrup-vest"])

        var watcher = TreeWatcher(root: tree.root)
        try tree.replace(in: "Content/clusters/fiktivby-nord/cluster.yml", "name: Klynge Fiktivby Nord", with: "name: Klynge Fiktivby Nordøst")
        let changes = watcher.changes()
        #expect(changes == ["Content/clusters/fiktivby-nord/cluster.yml"])
        let scope = RebuildScope.of(changes, builtClusters: site.clusters, root: tree.root)
        #expect(scope == .clusters(["fiktivby-nord"]))
        guard case .built(let report, _, let built, _) = site.rebuild(scope) else { Issue.record("rebuild failed"); return }
        #expect(built == .clusters(["fiktivby-nord"]))

        // The merged site is byte for byte what a full build makes, the index included.
        guard case .success(let full) = SiteBuilder.render(BuildOptions(root: tree.root)) else { Issue.record("full build failed"); return }
        #expect(report.files == full.files)
        #expect(site.response(for: "/").body.count > 0)
        #expect(String(decoding: site.response(for: "/").body, as: UTF8.self).contains("Klynge Fiktivby Nordøst"))
    }

    @Test func themeAndPackageChangesRebuildEverything() throws {
        let tree = try TestTree()
        let built: Set<String> = ["fiktivby-nord", "eksempelstrup-vest"]
        #expect(RebuildScope.of(["Theme/assets/site.css"], builtClusters: built, root: tree.root) == .everything)
        #expect(RebuildScope.of(["Content/packages/dosisdispensering/drejebog.md"], builtClusters: built, root: tree.root) == .everything)
        #expect(RebuildScope.of(["Content/clusters/ny-klynge/cluster.yml"], builtClusters: built, root: tree.root) == .everything)
        #expect(RebuildScope.of(["Content/clusters/fiktivby-nord/2027-03-dosisdispensering/practices.csv", "Content/clusters/eksempelstrup-vest/cluster.yml"],
                                builtClusters: built, root: tree.root) == .clusters(built))
    }

    @Test func aFailedBuildKeepsTheLastGoodSiteAndShowsItsErrors() throws {
        let tree = try TestTree()
        let site = LiveSite(options: BuildOptions(root: tree.root))
        site.rebuild(.everything)
        let before = String(decoding: site.response(for: "/fiktivby-nord/2027-03-dosisdispensering/").body, as: UTF8.self)
        #expect(!before.contains("klynge-errors"))

        try tree.replace(in: "Content/clusters/fiktivby-nord/2027-03-dosisdispensering/meeting.yml", "venue: ", with: "venue: <b>Ny</b> {{x}} ")
        try tree.replace(in: "Content/clusters/fiktivby-nord/2027-03-dosisdispensering/meeting.yml", "start: \"16.00\"", with: "start: \"26.00\"")
        guard case .failed(let diagnostics) = site.rebuild(.clusters(["fiktivby-nord"])) else { Issue.record("should fail"); return }
        let error = try #require(diagnostics.first { $0.severity == .error })
        let page = String(decoding: site.response(for: "/fiktivby-nord/2027-03-dosisdispensering/").body, as: UTF8.self)
        #expect(page.contains(#"<div id="klynge-errors""#))
        #expect(page.contains("Content/clusters/fiktivby-nord/2027-03-dosisdispensering/meeting.yml:\(error.location.line):\(error.location.column): error:"))
        #expect(!page.contains("<b>Ny</b>"), "the last good page, not the broken one")
        #expect(page.contains("Klynge Fiktivby Nord"))
    }

    @Test func servedPagesCarryTheReloadScriptAndAllowIt() throws {
        let tree = try TestTree()
        let site = LiveSite(options: BuildOptions(root: tree.root))
        site.rebuild(.everything)
        let page = String(decoding: site.response(for: "/fiktivby-nord/2027-03-dosisdispensering/drejebog/").body, as: UTF8.self)
        #expect(page.contains(#"<script src="/__klynge/reload.js" data-version="\#(site.version)"></script>"#))
        #expect(page.contains("content=\"script-src 'self'; connect-src 'self'; default-src 'none'"))
        #expect(site.response(for: "/__klynge/reload.js").contentType.hasPrefix("text/javascript"))
        #expect(String(decoding: site.response(for: "/__klynge/version").body, as: UTF8.self) == site.version)

        let redirect = site.response(for: "/fiktivby-nord/2027-03-dosisdispensering/drejebog")
        #expect(redirect.status == 301)
        #expect(redirect.location == "/fiktivby-nord/2027-03-dosisdispensering/drejebog/")
        #expect(site.response(for: "/findes-ikke/").status == 404)
        #expect(site.response(for: "/../Content/site.yml").status == 404)
        let css = try #require(page.firstMatch(of: #/href="\.\./\.\./\.\./(assets/site\.[0-9a-f]+\.css)"/#).map { String($0.1) })
        #expect(site.response(for: "/\(css)").contentType == "text/css; charset=utf-8")
        #expect(!String(decoding: site.response(for: "/\(css)").body, as: UTF8.self).contains("__klynge"))
    }
}

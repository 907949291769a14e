import Foundation
import Testing
@testable import KlyngeKit

/// Builds the repository's real Content/ and Theme/ into a temporary folder and
/// reads the pages as a user meets them.
@Suite struct BuildTests {
    static let documents = ["klyngepakke", "drejebog", "kommune", "praksisark", "uddelingskopi", "spoergeskema"]

    /// The documents a package lists in its package.yml (`- slug` or `- { slug: x, … }`), in order.
    static func documents(ofPackage id: String, in tree: TestTree) throws -> [String] {
        let lines = try tree.read("Content/packages/\(id)/package.yml").components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "documents:") else { return [] }
        return lines[(start + 1)...].prefix { $0.hasPrefix("  - ") }.compactMap { line in
            line.firstMatch(of: #/^  - (?:\{ *slug: *)?([a-z0-9-]+)/#).map { String($0.1) }
        }
    }

    /// The package a meeting folder's meeting.yml names.
    static func package(ofMeeting path: String, in tree: TestTree) throws -> String {
        let text = try tree.read("Content/clusters/\(path)/meeting.yml")
        return try #require(text.firstMatch(of: #/(?m)^package: *([a-z0-9-]+)/#)).1.description
    }

    @Test func buildsEveryPageOfEveryCluster() throws {
        let tree = try TestTree()
        let report = try tree.buildSucceeds()
        let clusters = try FileManager.default.contentsOfDirectory(atPath: tree.url("Content/clusters").path).filter { !$0.hasPrefix(".") }
        #expect(report.clusters == clusters.count)
        #expect(clusters.count >= 2)
        let index = try tree.read("_site/index.html")
        for slug in clusters {
            let name = try #require(try tree.read("Content/clusters/\(slug)/cluster.yml")
                .components(separatedBy: "\n").first { $0.hasPrefix("name: ") }?.dropFirst(6))
            #expect(index.contains(#"href="\#(slug)/""#))
            #expect(index.contains(String(name)))
            let clusterPage = try tree.read("_site/\(slug)/index.html")
            #expect(clusterPage.contains("<h1>\(name)</h1>"))
            let meetings = try FileManager.default.contentsOfDirectory(atPath: tree.url("Content/clusters/\(slug)").path)
                .filter { tree.exists("Content/clusters/\(slug)/\($0)/meeting.yml") }
            #expect(!meetings.isEmpty, "\(slug) holds a meeting")
            for meeting in meetings {
                #expect(clusterPage.contains(#"href="\#(meeting)/""#), "the cluster page links \(slug)/\(meeting)")
                let overview = try tree.read("_site/\(slug)/\(meeting)/index.html")
                #expect(overview.contains("<h1>\(name)</h1>"))
                let documents = try Self.documents(ofPackage: try Self.package(ofMeeting: "\(slug)/\(meeting)", in: tree), in: tree)
                #expect(!documents.isEmpty)
                for document in documents {
                    let page = try tree.read("_site/\(slug)/\(meeting)/\(document)/index.html")
                    #expect(page.hasPrefix("<!doctype html>\n<html lang=\"da\">"))
                    #expect(page.components(separatedBy: "<h1").count == 2, "one h1 on \(slug)/\(meeting)/\(document)")
                    #expect(overview.contains(#"href="\#(document)/""#))
                }
            }
        }
        #expect(tree.exists("_site/robots.txt"))
    }

    @Test func documentPagesCarryTitleDateTableTaskListAndContents() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let page = try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/drejebog/index.html")
        let title = try #require(try tree.read("Content/packages/dosisdispensering/drejebog.md")
            .components(separatedBy: "\n").first { $0.hasPrefix("title: ") }?.dropFirst(7))
        #expect(page.contains("<h1>\(title)</h1>"))
        #expect(page.contains("<title>\(title) – Klynge Fiktivby Nord</title>"))
        #expect(page.contains("tirsdag den 30. marts 2027"))
        #expect(page.contains("kl. 16.00"))
        #expect(page.contains(#"<span class="task-box" aria-hidden="true"></span>"#))
        #expect(page.contains("<table>"))
        // Every entry of the table of contents points at a heading on the page.
        let tocTargets = page.matches(of: #/<li><a href="#([a-z0-9-]+)">/#).map { String($0.1) }
        #expect(tocTargets.count >= 3)
        for target in tocTargets {
            #expect(page.contains(#"id="\#(target)""#))
        }
    }

    @Test func hostileValuesAreShownLiterally() throws {
        let tree = try TestTree()
        let hostile = "Anne *Hansen* <b>fed</b> {{meeting.date}} [x](javascript:alert(1))"
        try tree.replace(in: "Content/clusters/fiktivby-nord/cluster.yml", "  name: Anne Hansen",
                         with: "  name: '\(hostile)'")
        try tree.buildSucceeds()
        var shown = 0
        for document in ["", "drejebog/", "praksisark/", "kommune/"] {
            let page = try tree.read("_site/\(TestTree.fiktivbyMeeting)/\(document)index.html")
            #expect(!page.contains("<b>fed</b>"))
            #expect(!page.contains("javascript:alert(1)\""))
            #expect(!page.contains("<em>Hansen</em>"))
            if page.visibleText.contains(hostile) { shown += 1 }
        }
        #expect(shown >= 2, "the coordinator's name appears literally on the pages that name them")
    }

    @Test func missingTemplateKeyFailsWithFileLineAndKey() throws {
        let tree = try TestTree()
        let path = "Content/packages/dosisdispensering/drejebog.md"
        try tree.write(path, try tree.read(path) + "\nMødested: {{meeting.venu}}\n")
        let lines = try tree.read(path).components(separatedBy: "\n")
        let errors = try tree.buildFails()
        let error = try #require(errors.first)
        #expect(error.location.path == path)
        #expect(error.location.line == lines.count - 1)
        #expect(error.location.column == 11)
        #expect(error.message.contains("'meeting.venu'"))
    }

    @Test func missingLayoutKeyFailsWithThemeFileAndLine() throws {
        let tree = try TestTree()
        try tree.replace(in: "Theme/layouts/page.mustache", "<title>{{page.title}}", with: "<title>{{page.titel}}")
        let errors = try tree.buildFails()
        let error = try #require(errors.first)
        #expect(error.location.path == "Theme/layouts/page.mustache")
        #expect(error.message.contains("'page.titel'"))
    }

    @Test func failedBuildLeavesThePreviousSiteAsItWas() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let before = try tree.snapshot()
        try tree.replace(in: "Content/clusters/fiktivby-nord/cluster.yml", "name:", with: "navn:")
        _ = try tree.buildFails()
        #expect(try tree.snapshot() == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tree.root.path).filter { $0.hasPrefix("._site") }
        #expect(leftovers.isEmpty)
    }

    @Test func sameInputGivesIdenticalBytes() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let first = try tree.snapshot()
        try tree.buildSucceeds()
        #expect(try tree.snapshot() == first)
        #expect(first.count > 10)
    }

    @Test func clusterOptionLimitsTheBuild() throws {
        let tree = try TestTree()
        switch tree.build(clusters: ["fiktivby-nord"]) {
        case .success(let report): #expect(report.clusters == 1)
        case .failure(let failure): Issue.record("\(failure)")
        }
        #expect(tree.exists("_site/fiktivby-nord/index.html"))
        #expect(!tree.exists("_site/eksempelstrup-vest/index.html"))
        switch tree.build(clusters: ["fiktivby-nor"]) {
        case .success: Issue.record("an unknown cluster must fail")
        case .failure(let failure): #expect(failure.diagnostics.contains { $0.message.contains("did you mean 'fiktivby-nord'") })
        }
    }

    @Test func assetsCarryAContentHash() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let assets = try FileManager.default.contentsOfDirectory(atPath: tree.url("_site/assets").path)
        let css = try #require(assets.first { $0.hasPrefix("site.") && $0.hasSuffix(".css") })
        #expect(css.count == "site.0123456789.css".count)
        #expect(try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/praksisark/index.html").contains("../../../assets/\(css)"))
    }
}

/// Parallel rendering must not change a byte: one worker or all cores, the same site.
@Suite struct DeterminismTests {
    @Test func anyNumberOfWorkersGivesTheSameBytes() throws {
        let tree = try TestTree()
        try tree.addCopiesOfTheExampleCluster(12)
        var sites: [[String: Data]] = []
        for workers in [1, 2, 7, nil] {
            var options = BuildOptions(root: tree.root, now: tree.now)
            options.workers = workers
            guard case .success(let report) = SiteBuilder.render(options) else {
                Issue.record("the tree must build")
                return
            }
            sites.append(Dictionary(uniqueKeysWithValues: report.files.map { ($0.path, $0.data) }))
        }
        #expect(sites.count == 4)
        #expect(sites.allSatisfy { $0 == sites[0] })
        #expect(sites[0].count > 80)
    }
}

import Foundation
import Testing
@testable import KlyngeKit

/// `klynge serve` as a subprocess: pages over HTTP on 127.0.0.1, changed files
/// written while it runs, and the page fetched again until it shows the change.
/// Waits are bounded (60 s, room for a debug build on a busy CI machine); nothing asserts how fast a rebuild is.
@Suite(.serialized) struct ServeTests {
    static let drejebog = "Content/packages/dosisdispensering/drejebog.md"

    @Test func servesRebuildsOnChangeShowsErrorsAndKeepsTheLastGoodSite() async throws {
        let tree = try TestTree()
        let serve = try ServeProcess([], in: tree.root)
        defer { serve.stop() }
        let base = try await serve.address()
        let pageURL = base.appendingPathComponent("fiktivby-nord/2027-03-dosisdispensering/drejebog/")

        let first = try await HTTP.get(pageURL)
        #expect(first.status == 200)
        #expect(first.headers["content-type"] == "text/html; charset=utf-8")
        #expect(first.text.contains(#"<script src="/__klynge/reload.js""#))
        #expect(first.text.contains("script-src 'self'; connect-src 'self'"))
        let version = try await HTTP.get(base.appendingPathComponent("__klynge/version")).text
        let script = try await HTTP.get(base.appendingPathComponent("__klynge/reload.js"))
        #expect(script.text.contains("location.reload()"))

        // A change to a document shows on the page, and the version the script polls moves on.
        try tree.write(Self.drejebog, try tree.read(Self.drejebog) + "\nTilføjet mens serve kører.\n")
        let changed = try await Poll.until(60, "the page shows the change") {
            let page = try await HTTP.get(pageURL)
            return page.text.contains("Tilføjet mens serve kører.") ? page : nil
        }
        #expect(!changed.text.contains("klynge-errors"))
        #expect(try await HTTP.get(base.appendingPathComponent("__klynge/version")).text != version)

        // An error: shown on the page over the last good site, and in the terminal.
        try tree.write(Self.drejebog, try tree.read(Self.drejebog) + "Mødested: {{meeting.venu}}\n")
        let errorLine = try tree.read(Self.drejebog).components(separatedBy: "\n").count - 1
        let location = "\(Self.drejebog):\(errorLine):11: error:"
        let broken = try await Poll.until(60, "the page shows the error") {
            let page = try await HTTP.get(pageURL)
            return page.text.contains("klynge-errors") ? page : nil
        }
        #expect(broken.text.contains(location))
        #expect(broken.text.contains("Tilføjet mens serve kører."), "the last good page is still served")
        #expect(!broken.text.contains("Mødested:"))
        let other = try await HTTP.get(base.appendingPathComponent("eksempelstrup-vest/"))
        #expect(other.status == 200)
        #expect(other.text.contains(location), "every page shows the error")
        _ = try await Poll.until(60, "the terminal shows the error:\n\(serve.output)") { serve.output.contains(location) ? true : nil }

        // Fixed: the error disappears.
        try tree.replace(in: Self.drejebog, "{{meeting.venu}}", with: "{{meeting.venue}}")
        let fixed = try await Poll.until(60, "the error is gone") {
            let page = try await HTTP.get(pageURL)
            return page.text.contains("klynge-errors") ? nil : page
        }
        #expect(fixed.text.contains("Mødested:"))

        // A meeting's own file rebuilds that cluster only.
        try tree.replace(in: "Content/clusters/fiktivby-nord/2027-03-dosisdispensering/meeting.yml", "venue: Fiktivby Sundhedshus", with: "venue: Fiktivby Rådhus")
        _ = try await Poll.until(60, "the overview shows the new venue") {
            try await HTTP.get(base.appendingPathComponent("fiktivby-nord/2027-03-dosisdispensering/")).text.contains("Fiktivby Rådhus") ? true : nil
        }
        _ = try await Poll.until(60, "serve reports a rebuild of one cluster:\n\(serve.output)") {
            serve.output.contains("Rebuilt fiktivby-nord: 2 clusters") ? true : nil
        }

        // The reload script belongs to serve: a built site has none of it.
        let built = try KlyngeProcess.run(["build"], in: tree.root)
        #expect(built.status == 0)
        let site = try tree.snapshot()
        #expect(site.count > 10)
        for (path, data) in site where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            // The deck's page has its own script, the theme's deck.js (DeckTests), and no other.
            let ownScripts = path.hasSuffix("/praesentation/index.html") ? 1 : 0
            #expect(!html.contains("__klynge") && html.matches(of: #/<script/#).count == ownScripts, "\(path)")
            #expect(html.contains("content=\"default-src 'none'"), "\(path)")
        }
    }

    @Test func aTreeThatDoesNotBuildServesItsErrorsUntilFixed() async throws {
        let tree = try TestTree()
        try tree.replace(in: "Content/clusters/fiktivby-nord/2027-03-dosisdispensering/meeting.yml", "date: 2027-03-30", with: "date: 2027-02-30")
        let serve = try ServeProcess([], in: tree.root)
        defer { serve.stop() }
        let base = try await serve.address()
        let page = try await HTTP.get(base)
        #expect(page.status == 500)
        #expect(page.text.contains("Content/clusters/fiktivby-nord/2027-03-dosisdispensering/meeting.yml:"))
        #expect(page.text.contains("2027-02-30"))
        #expect(page.text.contains("/__klynge/reload.js"))

        try tree.replace(in: "Content/clusters/fiktivby-nord/2027-03-dosisdispensering/meeting.yml", "date: 2027-02-30", with: "date: 2027-03-30")
        let fixed = try await Poll.until(60, "the site builds") {
            let page = try await HTTP.get(base)
            return page.status == 200 ? page : nil
        }
        #expect(fixed.text.contains("fiktivby-nord/"))
    }

    @Test func servesOnlyOnLoopbackAndRefusesABusyPort() async throws {
        let tree = try TestTree()
        let serve = try ServeProcess([], in: tree.root)
        defer { serve.stop() }
        let base = try await serve.address()
        #expect(base.host == "127.0.0.1")
        let port = try #require(base.port)
        let second = try KlyngeProcess.run(["serve", "--port", "\(port)"], in: tree.root)
        #expect(second.status != 0)
        #expect(second.stderr.contains("--port"))
    }
}

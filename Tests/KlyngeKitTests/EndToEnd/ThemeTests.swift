import Foundation
import Testing
@testable import KlyngeKit

/// What the theme promises every reader, read from the built pages. The browser check
/// (Tests/browser, run by `make test`) checks the same pages in Chromium.
@Suite struct ThemeTests {
    @Test func handoutAndRunSheetCarryAQRCodeForTheClustersPracticeSheet() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        for cluster in [TestTree.fiktivbyMeeting, TestTree.eksempelstrupMeeting] {
            let url = "https://klynger.kiap.dk/\(cluster)/praksisark/"
            let code = try #require(QRCode(url)).svg(label: "QR-kode til Praksisark om dosisdispensering: \(url)")
            for document in ["uddelingskopi", "drejebog"] {
                let page = try tree.read("_site/\(cluster)/\(document)/index.html")
                #expect(page.contains(code), "\(cluster)/\(document) shows the QR code of its own practice sheet")
                #expect(page.contains(#"<a class="url" href="\#(url)">\#(url)</a>"#), "the address is written out too")
            }
            #expect(!(try tree.read("_site/\(cluster)/praksisark/index.html")).contains("<svg"))
        }
    }

    @Test func qrCodeFollowsTheBaseURL() throws {
        let tree = try TestTree()
        try tree.replace(in: "Content/site.yml", "base_url: https://klynger.kiap.dk", with: "base_url: https://example.org/klynger/")
        try tree.buildSucceeds()
        let page = try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/uddelingskopi/index.html")
        let url = "https://example.org/klynger/fiktivby-nord/2027-03-dosisdispensering/praksisark/"
        #expect(page.contains(try #require(QRCode(url)).svg(label: "QR-kode til Praksisark om dosisdispensering: \(url)")))
        #expect(!page.contains("klynger.kiap.dk"))
    }

    @Test func unknownQRCodeIsAnErrorInThePartial() throws {
        let tree = try TestTree()
        try tree.write("Theme/partials/qr-kommune.mustache", "{{{qr.kommunen.svg}}}\n")
        try tree.replace(in: "Content/packages/dosisdispensering/uddelingskopi.md", "{{> qr-praksisark}}", with: "{{> qr-kommune}}")
        let errors = try tree.buildFails()
        let error = try #require(errors.first)
        #expect(error.location.path == "Theme/partials/qr-kommune.mustache")
        #expect(error.message.contains("'qr.kommunen.svg'"))
        #expect(error.message.contains("did you mean 'kommune'"))
    }

    @Test func klyngeWritesAnAccessibilityStatementWhenSiteYmlNamesNone() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let statement = try tree.read("_site/tilgaengelighed/index.html")
        #expect(statement.contains("<h1>Tilgængeligheds&shy;erklæring</h1>"))
        #expect(statement.contains("<title>Tilgængelighedserklæring – KiAP klyngepakker</title>"))
        #expect(statement.visibleText.contains("support@kiap.dk"))
        #expect(statement.contains(#"<html lang="da">"#))
        let links = [
            ("_site/index.html", "tilgaengelighed/"),
            ("_site/fiktivby-nord/index.html", "../tilgaengelighed/"),
            ("_site/fiktivby-nord/2027-03-dosisdispensering/index.html", "../../tilgaengelighed/"),
            ("_site/fiktivby-nord/2027-03-dosisdispensering/praksisark/index.html", "../../../tilgaengelighed/"),
            ("_site/tilgaengelighed/index.html", "../tilgaengelighed/"),
        ]
        for (path, href) in links {
            #expect(try tree.read(path).contains(#"<a href="\#(href)">Tilgængelighedserklæring</a>"#), "\(path)")
        }
    }

    @Test func accessibilityURLInSiteYmlReplacesKlyngesStatement() throws {
        let tree = try TestTree()
        let site = try tree.read("Content/site.yml")
        try tree.write("Content/site.yml", site + "accessibility_url: https://was.example.org/klynger\n")
        try tree.buildSucceeds()
        #expect(!tree.exists("_site/tilgaengelighed/index.html"))
        #expect(try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/drejebog/index.html")
            .contains(#"<a href="https://was.example.org/klynger">Tilgængelighedserklæring</a>"#))
    }

    @Test func robotsAreKeptOutUnlessSiteYmlSaysIndex() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        #expect(try tree.read("_site/robots.txt") == "User-agent: *\nDisallow: /\n")
        #expect(try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/praksisark/index.html").contains(#"<meta name="robots" content="noindex, nofollow">"#))
        try tree.replace(in: "Content/site.yml", "robots: noindex", with: "robots: index")
        try tree.buildSucceeds()
        #expect(try tree.read("_site/robots.txt") == "User-agent: *\nAllow: /\n")
        #expect(try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/praksisark/index.html").contains(#"<meta name="robots" content="index, follow">"#))
    }

    @Test func pagesNeedNoScriptNoInlineStyleAndNothingFromOtherHosts() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        // The deck's page alone has a script (its own, under script-src 'self'): DeckTests.
        let pages = try tree.snapshot().filter { $0.key.hasSuffix(".html") && !$0.key.hasSuffix("/praesentation/index.html") }
        // The front page, the statement and its short address /was/; per cluster its page, and per
        // meeting its overview and documents but the deck: Eksempelstrup Vest 1 + 1 + 6, Fiktivby Nord 1 + (1 + 6) + (1 + 3).
        #expect(pages.count == 23)
        for (path, data) in pages {
            let page = String(decoding: data, as: UTF8.self)
            #expect(!page.contains("<script"), "\(path)")
            #expect(!page.contains(" style="), "\(path)")
            #expect(!page.contains("<style"), "\(path)")
            #expect(page.contains(#"content="default-src 'none'; style-src 'self';"#), "\(path)")
            // Only links a reader follows may lead elsewhere; nothing is loaded from there.
            #expect(page.matches(of: #/\ssrc="/#).isEmpty, "\(path)")
            let linked = page.matches(of: #/<link [^>]*href="([^"]*)"/#).map { String($0.1) }
            #expect(linked.count == 2 && linked.allSatisfy { !$0.contains("//") }, "\(path): \(linked)")
        }
    }

    @Test func programmeNamesTheLeadInTheItemForPhones() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let page = try tree.read("_site/\(TestTree.fiktivbyMeeting)/index.html")
        #expect(page.contains(#"<span class="lead-inline">Ansvarlig: Kommunen</span>"#))
        #expect(page.contains(#"<td class="lead">Kommunen</td>"#))
        #expect(!page.contains(#"aria-label="Program""#), "the table's region is named apart from the section around it")
    }
}

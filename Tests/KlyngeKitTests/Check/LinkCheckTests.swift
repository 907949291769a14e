import Foundation
import Testing
@testable import KlyngeKit

/// Links between built pages: a broken one stops the build at its source line.
@Suite struct LinkCheckTests {
    static let klyngepakke = "Content/packages/dosisdispensering/klyngepakke.md"

    /// Appends a line to a document and returns its line number.
    func appendLine(_ tree: TestTree, _ path: String, _ line: String) throws -> Int {
        let text = try tree.read(path)
        let body = text.hasSuffix("\n") ? text : text + "\n"
        try tree.write(path, body + line + "\n")
        return body.components(separatedBy: "\n").count
    }

    @Test func theRealContentHasNoBrokenLinks() throws {
        let tree = try TestTree()
        let report = try tree.buildSucceeds()
        #expect(report.pages > 10)
    }

    @Test func missingAnchorFailsAtTheDocumentsLineAndColumn() throws {
        let tree = try TestTree()
        let line = try appendLine(tree, Self.klyngepakke, "Se også [drejebogen](../drejebog/#nope).")
        let errors = try tree.buildFails()
        #expect(errors.count == 1, "one error for the source line, not one per cluster: \(errors)")
        let error = try #require(errors.first)
        #expect(error.location.path == Self.klyngepakke)
        #expect(error.location.line == line)
        #expect(error.location.column == 22)
        #expect(error.message.contains("'../drejebog/#nope'"))
        #expect(error.message.contains("no anchor 'nope'"))
        #expect(!tree.exists("_site"))
    }

    @Test func existingAnchorOnAnotherPagePasses() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let drejebog = try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/drejebog/index.html")
        let id = try #require(drejebog.firstMatch(of: #/<h2 id="([a-z0-9-]+)"/#).map { String($0.1) })
        _ = try appendLine(tree, Self.klyngepakke, "Se [drejebogen](../drejebog/#\(id)).")
        try tree.buildSucceeds()
    }

    @Test func anchorAfterATemplateValueIsFoundByItsAnchor() throws {
        let tree = try TestTree()
        let line = try appendLine(tree, Self.klyngepakke, "Se [praksisarket]({{docs.praksisark.url}}#findes-ikke).")
        let error = try #require(try tree.buildFails().first)
        #expect(error.location.path == Self.klyngepakke)
        #expect(error.location.line == line)
        #expect(error.message.contains("'../praksisark/#findes-ikke'"))
    }

    @Test func missingPageAndEscapeFromTheSiteFail() throws {
        let tree = try TestTree()
        let line = try appendLine(tree, Self.klyngepakke, "[a](../findes-ikke/) og [b](../../../../x.html)")
        let errors = try tree.buildFails()
        #expect(errors.map(\.location.line) == [line, line])
        #expect(errors[0].message.contains("no page or file"))
        #expect(errors[1].message.contains("outside the site"))
    }

    @Test func externalLinksAreNotChecked() throws {
        let tree = try TestTree()
        _ = try appendLine(tree, Self.klyngepakke, "[a](https://example.invalid/x#y) [b](mailto:a@example.dk) [c](tel:+4511223344)")
        try tree.buildSucceeds()
    }

    @Test func brokenLinkInALayoutNamesTheLayout() throws {
        let tree = try TestTree()
        try tree.replace(in: "Theme/layouts/page.mustache", ##"href="#indhold""##, with: ##"href="#indholdet""##)
        let error = try #require(try tree.buildFails().first)
        #expect(error.location.path == "Theme/layouts/page.mustache")
        #expect(error.message.contains("'#indholdet'"))
    }

    /// The link check that ships, over pages in memory: relative, root-relative and
    /// escaping addresses, each reported for what it is.
    @Test func theShippingCheckResolvesRelativeAddresses() {
        func page(_ path: String, _ links: [String]) -> OutputFile {
            OutputFile(path: path, data: Data(("<main id=\"top\">" + links.map { "<a href=\"\($0)\">x</a>" }.joined() + "</main>").utf8))
        }
        let files = [
            page("a/praksisark/index.html", ["../drejebog/", "./", "/a/drejebog/", "../drejebog/#top", "../../..", "../x/", "../drejebog/#nej", "https://e.dk/z"]),
            page("a/drejebog/index.html", []),
            page("a/index.html", []),
        ]
        let problems = LinkCheck.problems(in: files, sources: [:], baseURL: "https://klynger.example.dk")
        #expect(Set(problems.map(\.message)) == [
            "broken link '../../..': it leads outside the site (on a/praksisark/)",
            "broken link '../drejebog/#nej': the page has no anchor 'nej' (on a/praksisark/)",
            "broken link '../x/': no page or file at that address (on a/praksisark/)",
        ])
        #expect(problems.allSatisfy { $0.location.path == "a/praksisark/index.html" })
    }

    /// An address written with a backslash escape, an entity or percent-encoding is
    /// found where the document writes it, not in the layout.
    @Test func escapedAddressesAreReportedAtTheLineThatWritesThem() throws {
        let tree = try TestTree()
        let escaped = try appendLine(tree, Self.klyngepakke, "Se [a](../drejebog/\\#nope1).")
        let entity = try appendLine(tree, Self.klyngepakke, "Se [b](../drejebog/&#35;nope2).")
        let percent = try appendLine(tree, Self.klyngepakke, "Se [c](../drejebog/#n%C3%B8pe3).")
        let errors = try tree.buildFails()
        #expect(errors.map(\.location) == [escaped, entity, percent].map { SourceLocation(path: Self.klyngepakke, line: $0, column: 8) }, "\(errors)")
        #expect(errors.map(\.message).allSatisfy { $0.contains("no anchor") })
    }

    /// A missing page whose address the document writes with backslash escapes,
    /// percent-encoding or an entity: each is reported at its line and column, in a
    /// tree of its own, not at the layout that prints the page.
    @Test func escapedAddressesOfMissingPagesAreReportedAtTheirLine() throws {
        let tree = try TestTree()
        let escaped = try appendLine(tree, Self.klyngepakke, "Se [x](../nowhere\\_at\\_all/).")
        let percent = try appendLine(tree, Self.klyngepakke, "Se [y](../n%C3%A6/).")
        let entity = try appendLine(tree, Self.klyngepakke, "Se [z](../n&aelig;rmere/) og [w](../a&amp;b/).")
        let errors = try tree.buildFails()
        #expect(errors.map(\.location) == [
            SourceLocation(path: Self.klyngepakke, line: escaped, column: 8),
            SourceLocation(path: Self.klyngepakke, line: percent, column: 8),
            SourceLocation(path: Self.klyngepakke, line: entity, column: 8),
            SourceLocation(path: Self.klyngepakke, line: entity, column: 34),
        ], "\(errors)")
        #expect(errors.map(\.message).allSatisfy { $0.contains("no page or file") }, "\(errors)")
        #expect(errors.first?.message.contains("'../nowhere_at_all/'") == true, "\(errors)")
    }
}

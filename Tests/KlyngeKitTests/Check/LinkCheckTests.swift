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

    @Test func resolvesRelativeAddresses() {
        #expect(LinkCheck.resolve("../drejebog/", from: "a/praksisark/index.html") == "a/drejebog")
        #expect(LinkCheck.resolve("./", from: "a/index.html") == "a")
        #expect(LinkCheck.resolve("/a/b/", from: "x/y/index.html") == "a/b")
        #expect(LinkCheck.resolve("../../..", from: "a/b/index.html") == nil)
    }
}

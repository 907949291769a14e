import Foundation
import Testing
@testable import KlyngeKit

/// An image, script, stylesheet or font from another host, in a package document or
/// the Theme, is an error at its line; links to other hosts are fine.
@Suite struct OutsideResourcesTests {
    @Test func resourcesFromAnotherHostInADocumentAreErrorsAtTheirLines() throws {
        let tree = try TestTree()
        let path = "Content/packages/dosisdispensering/praksisark.md"
        let lines = try tree.read(path).components(separatedBy: "\n").count
        try tree.write(path, try tree.read(path) + """

            ![Logo](https://cdn.example.com/logo.png)
            <img alt="x" src="https://tracker.example.net/pixel.gif">
            <p style="background: url('//images.example.org/bg.png')">x</p>
            Et [link til en anden side](https://www.sst.dk/) og <a href="https://www.sst.dk/">et til</a> er fine.

            """)
        let errors = try tree.buildFails()
        #expect(errors.map(\.location) == [
            SourceLocation(path: path, line: lines + 1, column: 9),
            SourceLocation(path: path, line: lines + 2, column: 19),
            SourceLocation(path: path, line: lines + 3, column: 28),
        ], "\(errors)")
        #expect(errors.first?.message.contains("another host (cdn.example.com)") == true)
    }

    @Test func resourcesFromAnotherHostInTheThemeAreErrors() throws {
        let tree = try TestTree()
        try tree.write("Theme/partials/head.mustache", try tree.read("Theme/partials/head.mustache")
            + "<link rel=\"stylesheet\" href=\"https://fonts.googleapis.com/css2?family=Inter\">\n")
        try tree.write("Theme/assets/site.css", "@import url(\"https://fonts.googleapis.com/css2\");\n"
            + "body { background: url(//cdn.example/x.png); }\n" + (try tree.read("Theme/assets/site.css")))
        let errors = try tree.buildFails()
        #expect(Set(errors.map(\.location.path)) == ["Theme/partials/head.mustache", "Theme/assets/site.css"], "\(errors)")
        #expect(errors.filter { $0.location.path == "Theme/assets/site.css" }.map(\.location.line) == [1, 2])
    }

    @Test func theSitesOwnHostAndTemplateFilledAddressesAreFine() throws {
        let tree = try TestTree()
        let report = try tree.buildSucceeds()
        #expect(report.pages > 0)
        let host = "klynge.example.dk"
        #expect(OutsideResources.inMarkup("<img src=\"https://\(host)/a.png\"> <img src=\"https://{{site.host}}/a.png\"> <img src=\"/assets/a.png\">",
                                          path: "p", firstLine: 1, siteHost: host).isEmpty)
        #expect(OutsideResources.inMarkup("<img srcset=\"a.png 1x, https://other.example/b.png 2x\">", path: "p", firstLine: 1, siteHost: host).count == 1)
        #expect(OutsideResources.inMarkup("<svg><image href=\"https://other.example/b.png\"/></svg>", path: "p", firstLine: 1, siteHost: host).count == 1)
        #expect(OutsideResources.inMarkup("<script src=//other.example/x.js></script>", path: "p", firstLine: 1, siteHost: host).count == 1)
    }
}

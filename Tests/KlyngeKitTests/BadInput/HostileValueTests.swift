import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import KlyngeKit

/// A cluster whose every field is an attack: all of it must reach every page as
/// plain text, never as markup, script, link or template.
@Suite struct HostileValueTests {
    static let attacks = [
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "{{site.title}} {{{meeting.date}}} {{> head}}",
        "[klik](javascript:alert(1))",
        "*fed* _skrå_ `kode` # overskrift",
        "\"citat\" & 'apostrof' ; komma,",
    ]

    static func quoted(_ attack: String) -> String {
        "\"" + attack.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func hostileCluster(_ attack: String) -> String {
        let quoted = Self.quoted(attack)
        return """
        name: \(quoted)
        region: syddanmark
        coordinator:
          name: \(quoted)
          email: \(quoted)
          phone: \(quoted)

        """
    }

    static func hostileMeeting(_ attack: String) -> String {
        let quoted = Self.quoted(attack)
        return """
        package: dosisdispensering
        booked: 2027-01-04T09:00:00Z
        date: 2027-05-06
        start: "16.00"
        venue: \(quoted)
        address: \(quoted)
        partners:
          municipality:
            name: \(quoted)
            contact: { name: \(quoted), title: \(quoted), email: \(quoted), phone: \(quoted) }
          pharmacy:
            name: \(quoted)
            contact: { name: \(quoted), title: \(quoted), email: \(quoted), phone: \(quoted) }

        """
    }

    @Test(arguments: attacks)
    func everyFieldIsShownAsText(_ attack: String) throws {
        let tree = try TestTree()
        let meeting = "Content/clusters/angreb/2027-05-dosisdispensering"
        try tree.write("Content/clusters/angreb/cluster.yml", Self.hostileCluster(attack))
        try tree.write("\(meeting)/meeting.yml", Self.hostileMeeting(attack))
        // The data files are the example cluster's: only the text fields attack here.
        for file in ["practices.csv", "survey-responses.csv"] {
            try tree.write("\(meeting)/\(file)", try tree.read("Content/clusters/\(TestTree.fiktivbyMeeting)/\(file)"))
        }
        try tree.buildSucceeds()
        let pages = try tree.snapshot().filter { $0.key.hasPrefix("angreb/") && $0.key.hasSuffix(".html") }
        // The cluster's page, the meeting's overview, its six documents and its deck.
        #expect(pages.count == 9)
        for (path, data) in pages {
            let html = String(decoding: data, as: UTF8.self)
            // The deck's page has its own script (see DeckTests); an attack adds none.
            #expect(html.matches(of: #/<script/#).count == (path.hasSuffix("/praesentation/index.html") ? 1 : 0), "\(path)")
            #expect(!html.contains("<img"), "\(path)")
            #expect(!html.contains("href=\"javascript:"), "\(path)")
            #expect(!html.contains("<em>fed</em>") && !html.contains("<code>kode</code>"), "\(path)")
            #expect(html.visibleText.contains(attack), "\(path) shows the value literally")
        }
        let index = try tree.read("_site/index.html")
        #expect(index.visibleText.contains(attack))
        // In the .pptx every part stays well-formed XML and the value is its text.
        let parts = try DeckTests.parts(Data(contentsOf: tree.url("_site/angreb/2027-05-dosisdispensering/praesentation/praesentation.pptx")))
        for (name, xml) in parts {
            #expect(XMLParser(data: Data(xml.utf8)).parse(), "\(name)")
        }
        let escaped = attack.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&apos;")
        #expect(parts.values.contains { $0.contains("<a:t>\(escaped)</a:t>") }, "the value as one text run")
    }

    @Test func controlCharactersAreRefused() throws {
        let tree = try TestTree()
        try tree.replace(in: "Content/clusters/fiktivby-nord/cluster.yml", "  name: Anne Hansen", with: "  name: \"Anne\\aHansen\"")
        let error = try #require(try tree.buildFails().first)
        #expect(error.location.path == "Content/clusters/fiktivby-nord/cluster.yml")
        #expect(error.message == "'coordinator.name' contains the control character U+7; remove it")
    }

    /// The character that carries a value's `@` through cmark cannot be typed in: in a
    /// value or in a document it is an error where it stands, never an `@` on the page.
    @Test(arguments: ["Content/clusters/fiktivby-nord/cluster.yml", "Content/packages/dosisdispensering/praksisark.md",
                      "Content/clusters/\(TestTree.fiktivbyMeeting)/practices.csv"])
    func theValueAtMarkerCannotBeForged(_ path: String) throws {
        let tree = try TestTree()
        let lines = try tree.read(path).components(separatedBy: "\n")
        let line = lines.count / 2
        try tree.write(path, lines.enumerated().map { $0.offset == line ? "x" + String(MarkdownText.valueAt) + $0.element : $0.element }.joined(separator: "\n"))
        let errors = try tree.buildFails()
        #expect(errors.map(\.location) == [SourceLocation(path: path, line: line + 1, column: 2)])
        #expect(errors.first?.message.contains("U+E040") == true)
    }
}

import Mustache
import Testing
@testable import KlyngeKit

@Suite struct MarkdownTextTests {
    @Test func hostileValueReachesThePageAsLiteralText() {
        let value = "Anne *Hansen* <b>fed</b> [link](javascript:alert(1)) _x_ # 1. `kode` &amp;"
        let html = MarkdownRenderer().render("Koordinator: \(MarkdownText.escape(value))\n").html
        #expect(html.visibleText.contains(value))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("<em>"))
        #expect(!html.contains("<a "))
        #expect(!html.contains("<code>"))
    }

    @Test func valueCannotStartABlock() {
        let html = MarkdownRenderer().render("\(MarkdownText.escape("# Overskrift\n- punkt"))\n").html
        #expect(!html.contains("<h1"))
        #expect(!html.contains("<li>"))
    }
}

@Suite struct TemplateOutlineTests {
    let context: TemplateContext = [
        "meeting": ["date": "torsdag den 4. marts 2027", "venue": "Sundhedshuset"],
        "items": [["title": "a"], ["title": "b"]],
        "pharmacy": .absent,
    ]

    func problems(_ text: String, firstLine: Int = 1) throws -> [Diagnostic] {
        let outline = try TemplateOutline.parse(text, path: "doc.md", firstLine: firstLine).get()
        return outline.problems(context: context, partials: [:], placeholders: ["programme"])
    }

    @Test func acceptsKnownNames() throws {
        #expect(try problems("{{meeting.date}} {{#items}}{{title}}{{/items}} {{#pharmacy}}{{pharmacy.name}}{{/pharmacy}} {{> programme}}").isEmpty)
    }

    @Test func reportsMissingKeyWithLineColumnAndSuggestion() throws {
        let found = try problems("Første linje\n\nMødet er {{meeting.venu}}.\n", firstLine: 5)
        #expect(found.count == 1)
        #expect(found.first?.location == SourceLocation(path: "doc.md", line: 7, column: 10))
        #expect(found.first?.message.contains("'meeting.venu'") == true)
        #expect(found.first?.message.contains("did you mean 'venue'") == true)
    }

    @Test func reportsNamesMissingInsideSectionsAndUnknownPartials() throws {
        let found = try problems("{{#items}}{{titel}}{{/items}}\n{{> programm}}")
        #expect(found.map(\.location.line) == [1, 1, 2])
        #expect(found.map(\.message).contains { $0.contains("did you mean 'programme'") })
    }

    @Test func reportsUnclosedSection() {
        guard case .failure(let diagnostic) = TemplateOutline.parse("a\n{{#items}}\nb", path: "doc.md") else {
            Issue.record("expected a failure")
            return
        }
        #expect(diagnostic.location.line == 2)
        #expect(diagnostic.message.contains("never closed"))
    }
}

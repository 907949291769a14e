import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import KlyngeKit

@Suite struct DeckSourceTests {
    @Test func separatorsCutSlidesAndNoteStartsTheNotes() {
        let markdown = """
        # Title

        ---
        ## Second
        - one
        Note:
        Say this.
        ---

        ---
        ## Third
        """
        let slides = DeckSource.split(markdown, defaultLine: 5)
        #expect(slides.count == 3, "the empty slide between two separators is dropped")
        #expect(slides[0].body.contains("# Title"))
        #expect(slides[1].body.contains("- one") && !slides[1].body.contains("Say this"))
        #expect(slides[1].notes == "Say this.\n")
        #expect(slides[2].body.contains("## Third") && slides[2].notes.isEmpty)
    }

    @Test func aSeparatorInsideFencedCodeIsCode() {
        let slides = DeckSource.split("## Code\n\n```\n---\nNote: not a note\n```\n", defaultLine: 1)
        #expect(slides.count == 1)
        #expect(slides[0].body.contains("---") && slides[0].body.contains("Note: not a note") && slides[0].notes.isEmpty)
    }

    @Test func slidesKeepTheSourceLineOfTheirSeparatorOrOfThePartialThatMadeThem() throws {
        // Body lines 10…: the partial on line 14 makes two slides, both at line 14.
        let body = "## One\n\n---\n## Two\n{{> two-slides}}\n---\n## Last"
        let numbered = DeckSource.numbered(body, firstLine: 10)
        // What Mustache would make of it: the partial's own separators carry no line.
        let rendered = numbered.replacingOccurrences(of: "{{> two-slides}}", with: "---\n## P1\n---\n## P2")
        let slides = DeckSource.split(rendered, defaultLine: 10)
        #expect(slides.map(\.line) == [10, 12, 14, 14, 15])
        #expect(slides.map { $0.body.trimmingCharacters(in: .whitespacesAndNewlines) } == ["## One", "## Two", "## P1", "## P2", "## Last"])
        #expect(!slides.contains { $0.body.contains(DeckSource.open) || $0.body.contains(DeckSource.close) })
    }

    @Test func slideContentReadsTitleListsTablesAndBlocks() {
        let slide = SlideContent(DeckSource.Slide(line: 3, body: """
        ## The *title*

        Text with **bold** and [a link](https://example.org/x).

        - first
          - nested
        1. numbered

        | A | B |
        | --- | --- |
        | 1 | 2 |

        <!--klynge-block:figure-dosis-->
        """, notes: "Say **this**."))
        #expect(slide.title == "The title")
        #expect(slide.titleLevel == 2)
        guard slide.blocks.count == 5 else { Issue.record("blocks: \(slide.blocks)"); return }
        #expect(slide.blocks[0] == .paragraph([.init(text: "Text with "), .init(text: "bold", bold: true), .init(text: " and "),
                                               .init(text: "a link", link: "https://example.org/x"), .init(text: ".")]))
        #expect(slide.blocks[1] == .list([.init(runs: [.init(text: "first")], level: 0, ordered: false),
                                          .init(runs: [.init(text: "nested")], level: 1, ordered: false)]))
        #expect(slide.blocks[2] == .list([.init(runs: [.init(text: "numbered")], level: 0, ordered: true)]))
        #expect(slide.blocks[3] == .table(header: ["A", "B"], rows: [["1", "2"]]))
        #expect(slide.blocks[4] == .block("figure-dosis"), "a figure block, expanded to its figures by DeckPage")
        #expect(slide.notes == [.paragraph([.init(text: "Say "), .init(text: "this", bold: true), .init(text: ".")])])
    }

    @Test func fitWarnsAboutTooMuchTextOrTooLongATable() {
        let long = SlideContent(DeckSource.Slide(line: 7, body: "## Many\n\n" + (1...14).map { "- point \($0)" }.joined(separator: "\n"), notes: ""))
        let table = SlideContent(DeckSource.Slide(line: 9, body: "## Rows\n\n| A |\n| --- |\n" + (1...12).map { "| \($0) |" }.joined(separator: "\n"), notes: ""))
        let fine = SlideContent(DeckSource.Slide(line: 11, body: "## Few\n\n- one\n- two", notes: ""))
        let problems = DeckFit.problems([long, table, fine], path: "deck.md")
        #expect(problems.map(\.location.line) == [7, 9])
        #expect(problems.allSatisfy { $0.severity == .warning })
        #expect(problems[1].message.contains("13 rows"))
    }

    /// Any text, escaped, reads back as itself from a real XML parser (less the
    /// characters XML cannot hold). Random, with the seed printed on failure.
    @Test func escapedTextReadsBackFromAnXMLParser() {
        var random = SeededGenerator()
        let seed = random.replay
        let alphabet: [Unicode.Scalar] = ["a", "Æ", "ø", "&", "<", ">", "\"", "'", " ", "\n", "\u{1}", "\u{B}", "\u{FFFE}", "€", "]]>", "\u{1F600}"]
            .flatMap { $0.unicodeScalars }
        for _ in 0..<200 {
            var text = ""
            for _ in 0..<Int(random.next() % 40) { text.unicodeScalars.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
            let xml = "<r a=\"\(OOXML.escape(text))\">\(OOXML.escape(text))</r>"
            let reader = TextReader()
            let parser = XMLParser(data: Data(xml.utf8))
            parser.delegate = reader
            let expected = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\n" || $0 == "\t" || $0 == "\r" }
                .filter { $0.value != 0xFFFE }))
            #expect(parser.parse(), "\(xml.debugDescription) \(seed)")
            #expect(reader.text == expected, "\(text.debugDescription) \(seed)")
        }
    }
}

private final class TextReader: NSObject, XMLParserDelegate {
    var text = ""
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    /// The cut over raw bytes gives the slides the earlier cut over Substrings gave,
    /// kept here as the reference, on random decks of separators, fences, notes and markers.
    @Test func theByteCutGivesTheSlidesOfTheReferenceCut() {
        let pieces = ["---", " --- ", "\t---", "Note:", "Note: x", " Note:  y ", "```", "~~~", "``` swift", " ", "\t", "\r", "\n", "\n", "\n",
                      "a", "Æø", "## T", "- item", DeckSource.marker(7), DeckSource.marker(12), "\u{E050}", "\u{E051}", "{{>", "é\u{301}"]
        Differential.check(count: 3000, input: { random in
            let markdown = (0..<Int.random(in: 0...30, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            return (markdown: markdown, line: Int.random(in: 1...40, using: &random))
        }, describe: { "\($0.markdown.debugDescription) from line \($0.line)" },
        plain: { Self.referenceSplit($0.markdown, defaultLine: $0.line) }, fast: { DeckSource.split($0.markdown, defaultLine: $0.line) })
    }

    static func referenceSplit(_ markdown: String, defaultLine: Int) -> [DeckSource.Slide] {
        var slides: [DeckSource.Slide] = []
        var current = DeckSource.Slide(line: defaultLine, body: "", notes: "")
        var lastLine = defaultLine
        var inNotes = false
        var fence: Substring?
        var hasContent = false

        func finish() {
            if hasContent { slides.append(current) }
            current = DeckSource.Slide(line: lastLine, body: "", notes: "")
            inNotes = false
            hasContent = false
        }

        // Lines are cut and searched in UTF-8 (the separators and markers are ASCII or
        // one private-use scalar), not by Character, which on this deck's every line cost more.
        let openBytes = Array(String(DeckSource.open).utf8), closeBytes = Array(String(DeckSource.close).utf8)
        for rawLine in markdown.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            var bytes = rawLine
            if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
            var line = Substring(bytes)
            var marked: Int?
            if let start = find(openBytes, in: bytes), let end = find(closeBytes, in: bytes[start.upperBound...]) {
                marked = Int(Substring(bytes[start.upperBound..<end.lowerBound]))
                line = Substring(bytes[..<start.lowerBound]) + Substring(bytes[end.upperBound...])
            }
            if let marked { lastLine = marked }
            let trimmed = line.trimmingSpacesAndTabs
            if fence == nil, trimmed == "---" {
                finish()
                continue
            }
            if fence == nil, marked != nil, trimmed.isEmpty {
                if !hasContent { current.line = lastLine }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                let mark = trimmed.prefix(3)
                if fence == nil { fence = mark } else if fence == mark { fence = nil }
            }
            if fence == nil, !inNotes, trimmed.hasPrefix("Note:") {
                inNotes = true
                let rest = trimmed.dropFirst("Note:".count).trimmingSpacesAndTabs
                if !rest.isEmpty { current.notes += rest + "\n"; hasContent = true }
                continue
            }
            if !trimmed.isEmpty { hasContent = true }
            if inNotes {
                current.notes.append(contentsOf: line)
                current.notes.append("\n")
            } else {
                current.body.append(contentsOf: line)
                current.body.append("\n")
            }
        }
        finish()
        return slides
    }

    static func find(_ needle: [UInt8], in bytes: Substring.UTF8View) -> Range<Substring.UTF8View.Index>? {
        guard let first = needle.first else { return nil }
        var index = bytes.startIndex
        while let found = bytes[index...].firstIndex(of: first) {
            if bytes[found...].starts(with: needle) { return found..<bytes.index(found, offsetBy: needle.count) }
            index = bytes.index(after: found)
        }
        return nil
    }
}

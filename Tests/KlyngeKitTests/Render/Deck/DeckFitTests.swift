import Testing
@testable import KlyngeKit

/// `DeckFit.overflow` measures a slide without building its text lines: on random
/// slides it must say what the plain measure kept here says, word for word.
@Suite struct DeckFitTests {
    static let words = ["kort", "en", "længere", "sætning", "Ærø", "e\u{301}", "👍🏽", "|", "a\r\nb", "tal", "12,5 %", "<5"]

    static func text(_ generator: inout SeededGenerator) -> String {
        (0..<Int.random(in: 1...(Bool.random(using: &generator) ? 6 : 60), using: &generator))
            .map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
    }

    static func slide(_ generator: inout SeededGenerator) -> SlideContent {
        var blocks: [SlideContent.Block] = []
        var tableRows: [[String]] = []
        for _ in 0..<Int.random(in: 0...8, using: &generator) {
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: blocks.append(.heading(level: 3, runs: [.init(text: text(&generator))]))
            case 1: blocks.append(.paragraph([.init(text: text(&generator)), .init(text: text(&generator), bold: true)]))
            case 2:
                blocks.append(.list((0..<Int.random(in: 1...9, using: &generator)).map { _ in
                    .init(runs: [.init(text: text(&generator))], level: 0, ordered: false)
                }))
            case 3:
                let rows = (0..<Int.random(in: 0...11, using: &generator)).map { _ in [text(&generator), text(&generator)] }
                tableRows += rows
                blocks.append(.table(header: ["A", "B"], rows: rows))
            case 4: blocks.append(Bool.random(using: &generator) ? .figure(Int.random(in: 1...9, using: &generator)) : .block("programme"))
            default:
                // A line of text that reads as a table row (counted as the row, not as text).
                if let row = tableRows.randomElement(using: &generator) { blocks.append(.paragraph([.init(text: row.joined(separator: "  "))])) }
            }
        }
        var slide = SlideContent(DeckSource.Slide(line: 1, body: "## Titel", notes: ""))
        slide.blocks = blocks
        return slide
    }

    @Test func overflowIsThePlainMeasure() {
        Differential.check(count: 3_000, input: { Self.slide(&$0) }, describe: { "\($0.blocks)" },
                           plain: { Self.plainOverflow($0) }, fast: { DeckFit.overflow($0) })
    }

    @Test func characterCountIsCount() {
        for text in ["", "abc", "a\r\nb", "\r", "\r\n\r\n", "Ærø", "e\u{301}", "\u{1}\u{7F}x", "👍🏽", "a\u{2FF}\u{300}"] {
            #expect(DeckFit.characterCount(text) == text.count, "\(text.debugDescription)")
        }
        // Every pair of scalars below U+0300 but CR LF is two characters: the counting by scalars holds.
        let scalars = (0..<0x300).compactMap(Unicode.Scalar.init)
        for first in scalars {
            for second in scalars {
                var pair = ""
                pair.unicodeScalars.append(first)
                pair.unicodeScalars.append(second)
                if pair.count != (first == "\r" && second == "\n" ? 1 : 2) {
                    Issue.record("\(pair.unicodeScalars.map(\.value)) is \(pair.count) characters")
                }
            }
        }
    }

    /// The measure as it was: every text line built, and compared with every table row.
    static func plainOverflow(_ slide: SlideContent) -> String? {
        var lines = 0
        var rows = 0
        var figures = 0
        for block in slide.blocks {
            switch block {
            case .table(_, let body): rows += body.count + 1
            case .figure: figures += 1
            default: break
            }
        }
        func isTable(_ line: String) -> Bool {
            slide.blocks.contains { block in
                if case .table(let header, let rows) = block { return ([header] + rows).contains { $0.joined(separator: "  ") == line } }
                return false
            }
        }
        for line in slide.textLines where !isTable(line) {
            lines += max(1, (line.count + DeckFit.charactersPerLine - 1) / DeckFit.charactersPerLine)
        }
        if rows > DeckFit.tableRows { return "its table has \(rows) rows (about \(DeckFit.tableRows) fit)" }
        let room = rows > 0 || figures > 0 ? 3 : DeckFit.bodyLines
        if lines > room { return "about \(lines) lines of text (about \(room) fit\(room < DeckFit.bodyLines ? " beside a table or figure" : ""))" }
        return nil
    }
}

extension SlideContent {
    /// The slide's text lines as the plain measure read them (title, text, table cells).
    var textLines: [String] {
        var lines: [String] = []
        for block in blocks {
            switch block {
            case .heading(_, let runs), .paragraph(let runs): lines.append(Self.plain(runs))
            case .list(let items): lines += items.map { Self.plain($0.runs) }
            case .table(let header, let rows): lines += ([header] + rows).map { $0.joined(separator: "  ") }
            case .figure, .block: break
            }
        }
        return lines
    }
}

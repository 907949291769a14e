import Testing
@testable import KlyngeKit

/// A body's HTML made once per shape and filled with values (`BodyHTML`) must be
/// exactly what cmark makes of the Markdown with the values escaped in, or not be used.
@Suite struct BodyHTMLTests {
    /// A body template: Markdown with value slots (`nil`).
    typealias Body = [String?]

    /// The cut template, values as a shape, and what cmark makes of the filled Markdown.
    struct Case {
        var cut: ShapeToken.CutTemplate
        var shape: ContextShape
        var direct: RenderedMarkdown
    }

    static let renderer = MarkdownRenderer()

    /// Slot n of the body takes `values[n % values.count]`, so values repeat as page values do.
    static func make(_ body: Body, values: [String]) -> Case {
        var text = ""
        var markdown = ""
        var slot = 0
        var ranges: [ShapeToken.CutTemplate.Piece] = []
        for part in body {
            if let literal = part {
                let start = text.utf8.count
                text += literal
                ranges.append(.text(start..<text.utf8.count))
                markdown += literal
            } else {
                let index = slot % values.count
                ranges.append(.value(index, escaped: true))
                markdown += MarkdownText.escape(values[index])
                slot += 1
            }
        }
        // Values by name, in the order the shape's walk numbers them.
        let context = Dictionary(uniqueKeysWithValues: values.enumerated().map { (name(for: $0.offset), TemplateValue.text($0.element)) })
        return Case(cut: ShapeToken.CutTemplate(text: text, pieces: ranges), shape: ContextShape(context, in: ShapeStructures()),
                    direct: renderer.render(markdown))
    }

    static func name(for index: Int) -> String { "v" + String(1000 + index) }

    /// nil when the body or a value is refused (cmark per meeting then); else whether the fill equals cmark.
    static func compare(_ test: Case, valueCount: Int) -> (filled: RenderedMarkdown, direct: RenderedMarkdown)? {
        guard let body = BodyHTML(test.cut, valueCount: valueCount, renderer: renderer), let filled = body.fill(test.shape) else { return nil }
        return (filled, test.direct)
    }

    @Test func theContentsKindsOfPlacesFillAsCmarkRenders() throws {
        // One body per kind of place a value takes in the dose package's documents.
        let bodies: [(Body, [String])] = [
            (["Mødet holdes ", nil, " kl. ", nil, ".\n"], ["tirsdag den 30. marts 2027", "16.00"]),
            (["## Blok 2: Samarbejdet med ", nil, "\n\nTekst.\n\n## Kontakt\n\n## Kontakt\n"], ["kommunen og apoteket"]),
            (["- Tlf. ", nil, "\n- E-mail: [", nil, "](mailto:", nil, ")\n"], ["11 22 33 44", "anne@fiktivby.dk", "anne@fiktivby.dk"]),
            (["Se [", nil, "](", nil, ") og **", nil, "**.\n"], ["Praksisark", "../praksisark/", "Kvalitet i Almen Praksis"]),
            (["Udgivet af ", nil, ". Se ", nil, "\n"], ["Kvalitet i Almen Praksis (KiAP)", "https://www.kiap.dk/"]),
            (["| Praksis | Tal |\n|---|---|\n| ", nil, " | ", nil, " |\n"], ["Praksis A", "12,5"]),
            (["> ", nil, "\n\n1. ", nil, "\n2. Andet\n"], ["Citat – her", "Første punkt"]),
            (["Tekst med fodnote.[^1]\n\n[^1]: Kilde: ", nil, ".\n"], ["Sundhedsdatastyrelsen, 2026"]),
        ]
        for (body, values) in bodies {
            let test = Self.make(body, values: values)
            let result = try #require(Self.compare(test, valueCount: values.count), "\(body) with \(values) should fill")
            #expect(result.filled == result.direct, "\(body) with \(values)")
        }
    }

    @Test func valuesThatCouldChangeTheMarkdownAreRefused() {
        // Each value would change what cmark makes if its token's HTML were filled in.
        let cases: [(Body, String)] = [
            (["**", nil, "**\n"], " spaced "),          // emphasis needs letters at its edges
            (["Linje\n", nil, ". Punkt\n"], "2"),          // a list number at a line's start
            (["Se ", nil, ".kiap.dk\n"], "www"),           // www. makes a link
            (["[a](", nil, ")\n"], "a b"),                 // a space ends an address
            (["[a](", nil, ")\n"], "x&amp;y"),             // entities in addresses
            (["`kode ", nil, "\n"], "x`y"),                // a backtick closes an open code span
            (["| a |\n|---|\n| ", nil, " |\n"], " x"),      // a table cell's spaces are trimmed
        ]
        for (body, value) in cases {
            let test = Self.make(body, values: [value])
            if let result = Self.compare(test, valueCount: 1) {
                #expect(result.filled == result.direct, "\(body) with \(value.debugDescription) was filled and differs")
                Issue.record("\(body) with \(value.debugDescription) should be refused, not filled")
            }
        }
    }

    /// Random bodies from Markdown pieces with values in every kind of place, and random
    /// values: every fill is cmark's HTML, and most plain bodies do fill.
    @Test func randomBodiesAndValuesFillAsCmarkRenders() {
        let pieces: [Body] = [
            ["Tekst ", nil, " mere.\n"], [nil, "\n"], ["**", nil, "**"], ["*", nil, "*"], ["_", nil, "_"], ["~~", nil, "~~"],
            ["\n## ", nil, "\n"], ["\n# Titel ", nil, " #\n"], ["\n", nil, "\n---\n"], ["\n- ", nil, "\n"], ["\n1. ", nil, "\n"],
            ["\n", nil, ". næste\n"], ["\n", nil, ") næste\n"], ["\n> ", nil, "\n"], ["\n    ", nil, "\n"], ["\n```\n", nil, "\n```\n"],
            ["`", nil, "`"], ["[", nil, "](", nil, ")"], ["[tekst](", nil, ")"], ["[tekst](../", nil, "/)"], ["[", nil, "](url \"titel\")"],
            ["![", nil, "](billede.png)"], ["![alt](", nil, ")"], ["<", nil, ">"], ["<b>", nil, "</b>"], ["<a href=\"", nil, "\">x</a>"],
            ["&", nil, ";"], ["&amp;", nil], ["https://kiap.dk/", nil], [nil, "://kiap.dk"], ["www.", nil], [nil, "www.kiap.dk"],
            [nil, "@kiap.dk"], ["mail@", nil], ["[^", nil, "]"], ["\\", nil], [nil, "\\"], [nil, "  \n"], ["\n\n| a | b |\n|---|---|\n| ", nil, " | ", nil, " |\n"],
            ["\n\n| ", nil, " | b |\n|---|---|\n| 1 | 2 |\n"], ["\n<div>\n", nil, "\n</div>\n"], ["\n<!-- ", nil, " -->\n"], ["(", nil, ")"],
            [nil, nil], [nil, " ", nil], ["- [ ] ", nil, "\n"], [" ", nil, " "], ["\n[", nil, "]: https://x.dk\n"], ["[", nil, "]"],
            ["\n", nil, "\n===\n"], ["Se ", nil, ", og ", nil, "!"], ["\"", nil, "\""], ["'", nil, "'"], ["*", nil, "**"], ["\n\n"],
            ["Fodnote[^1]"], ["\n\n[^1]: ", nil, "\n"], ["\n## *", nil, "* og `kode`\n"], ["[", nil, "](", nil, " \"t\")"], ["**", nil, "**:"],
            [nil, "\\\n"], ["\n| a |\n|:--|\n| ", nil, " |\n"], ["\n- [x] ", nil, "\n"], ["<", nil, "@x.dk>"], ["<https://x.dk/", nil, ">"],
            ["\n  - ", nil, "\n    ", nil, "\n"], ["\n<b>", nil, "</b>\n"], ["\n## [", nil, "](", nil, ")\n"], ["[", nil, "][ref]"],
        ]
        let alphabet: [Character] = Array("abcxyzABCÆØÅæøå0123456789      .,;:!?*_~`<>&\"'()[]{}\\/|@#^=+-\n\t") + ["\u{A0}", "\u{301}", "–", "“", "🙂", "\u{1}", "w", "w"]
        let specials = ["www", "http", "1", "12", "mailto", "a@b.dk", "https://x.dk/a?b=c&d=e", "../praksisark/", "Anne *Hansen* <b>", "x y", "  ", "ø", "-", "1.", "[^1]"]
        func value(_ generator: inout SeededGenerator) -> String {
            if Int.random(in: 0..<4, using: &generator) == 0 { return specials.randomElement(using: &generator)! }
            let count = Int.random(in: 1...12, using: &generator)
            return String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
        }
        var round = 0, filledRandom = 0
        // Bodies without a value slot, and bodies or values BodyHTML refuses (cmark per meeting then), are not compared.
        let filled = Differential.check(tries: 10_000, input: { generator -> (body: Body, values: [String], filled: RenderedMarkdown, direct: RenderedMarkdown)? in
            defer { round += 1 }
            var body: Body = []
            for _ in 0..<Int.random(in: 1...6, using: &generator) { body += pieces.randomElement(using: &generator)! }
            let slots = body.filter { $0 == nil }.count
            guard slots > 0 else { return nil }
            let random = round % 3 != 0
            let values = (0..<Int.random(in: 1...max(1, slots), using: &generator)).map { _ in random ? value(&generator) : "Ord \(round)" }
            guard let result = Self.compare(Self.make(body, values: values), valueCount: values.count) else { return nil }
            if random { filledRandom += 1 }
            return (body, values, result.filled, result.direct)
        }, describe: { "body \($0.body) values \($0.values.map(\.debugDescription))" }, plain: { $0.direct }, fast: { $0.filled })
        // A run that filled almost nothing tested almost nothing.
        #expect(filled > 1000 && filledRandom > 400, "only \(filled) of 10,000 random bodies were filled, \(filledRandom) with random values \(SeededGenerator().replay)")
    }
}


import Testing
@testable import KlyngeKit

/// `PPTXWriter.runs` appends each run's elements to one string; on random runs it must
/// write what the plain version kept here writes (each line of each run made and
/// joined), with the same link table after it.
@Suite struct PPTXRunsTests {
    static let texts = ["", "tekst", "to\nlinjer", "\n", "a\r\nb", "slut\n", "Ærø & <b> \"citat\" 'x'", "\u{1}styretegn", "e\u{301}\nx"]
    static let links = [nil, "https://example.org/", "../praksisark/", "#anker", "mailto:a@b.dk"]

    static func writer() -> PPTXWriter {
        PPTXWriter(title: "T", author: "A", slides: [], figures: [:],
                   resolveLink: { DeckPage.absolute($0, page: "https://klynger.example/k/m/praesentation/") })
    }

    /// The runs' XML, by bytes, and the link table after it.
    struct Written: Equatable {
        var xml: [UInt8]
        var relationships: [OOXML.Relationship]
    }

    @Test func runsAreThoseJoinedLineByLine() {
        let writer = Self.writer()
        Differential.check(count: 2_000, input: { generator in
            let runs = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                SlideContent.Run(text: Self.texts.randomElement(using: &generator)!, bold: Bool.random(using: &generator),
                                 italic: Bool.random(using: &generator), link: Self.links.randomElement(using: &generator)!)
            }
            return (runs: runs, size: Bool.random(using: &generator) ? 1800 : nil)
        }, describe: { "\($0.runs) size \($0.size.map(String.init) ?? "-")" }, plain: { input in
            var links = PPTXWriter.LinkTable(firstID: 3)
            let xml = Self.plainRuns(writer, input.runs, size: input.size, links: &links)
            return Written(xml: Array(xml.utf8), relationships: links.relationships)
        }, fast: { input in
            var links = PPTXWriter.LinkTable(firstID: 3)
            let xml = writer.runs(input.runs, size: input.size, links: &links)
            return Written(xml: Array(xml.utf8), relationships: links.relationships)
        })
    }

    /// The runs as they were written before: every line of a run its own string, joined.
    static func plainRuns(_ writer: PPTXWriter, _ runs: [SlideContent.Run], size: Int?, links: inout PPTXWriter.LinkTable) -> String {
        runs.map { run in
            run.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, part in
                var attributes = #"lang="\#(OOXML.language)""#
                if let size { attributes += #" sz="\#(size)""# }
                if run.bold { attributes += #" b="1""# }
                if run.italic { attributes += #" i="1""# }
                var inner = ""
                if let link = run.link, let target = writer.resolveLink(link) { inner = #"<a:hlinkClick r:id="\#(links.id(for: target))"/>"# }
                let text = #"<a:r><a:rPr \#(attributes)>\#(inner)</a:rPr><a:t>\#(OOXML.escape(String(part)))</a:t></a:r>"#
                return (index > 0 ? #"<a:br><a:rPr lang="\#(OOXML.language)"/></a:br>"# : "") + text
            }.joined()
        }.joined()
    }
}

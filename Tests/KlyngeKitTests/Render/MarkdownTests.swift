import Testing
@testable import KlyngeKit

@Suite struct MarkdownTests {
    let markdown = MarkdownRenderer()

    @Test func rendersGitHubTablesAndTaskLists() {
        let html = markdown.render("| A | B |\n|---|---|\n| 1 | 2 |\n\n- [ ] lokale\n- [x] projektor\n").html
        #expect(html.contains("<table>"))
        #expect(html.contains("<td>2</td>"))
        #expect(html.contains(#"<li><span class="task-box" aria-hidden="true"></span>lokale</li>"#))
        #expect(html.contains(#"<li><span class="task-box done" aria-hidden="true"></span><span class="visually-hidden">Gjort: </span>projektor</li>"#))
        #expect(!html.contains("<input"))
    }

    @Test func wrapsTablesInANamedScrollBox() {
        let html = markdown.render("| Hvornår | \"Hvad\" & hvem |\n|---|---|\n| 1 | 2 |\n\n> | C |\n> |---|\n> | 3 |\n").html
        #expect(html.contains(#"<div class="table-scroll" role="region" tabindex="0" aria-label="Tabel: Hvornår, &quot;Hvad&quot; &amp; hvem">"# + "\n<table>"))
        #expect(html.contains(#"<blockquote>"# + "\n" + #"<div class="table-scroll" role="region" tabindex="0" aria-label="Tabel: C">"#))
        #expect(html.components(separatedBy: "</table>\n</div>").count == 3)
    }

    @Test func alignsTableColumnsWithClassesNotObsoleteAttributes() {
        let html = markdown.render("| Praksis | Rate |\n|:---|---:|\n| A | 12,5 |\n").html
        #expect(html.contains(#"<th class="align-left">Praksis</th>"#))
        #expect(html.contains(#"<td class="align-right">12,5</td>"#))
        #expect(!html.contains("align="))
    }

    /// The author's own HTML is the author's: only what cmark makes of Markdown changes.
    @Test func rawHTMLThatLooksLikeCmarksOwnPassesUntouched() {
        let table = #"<table><tr><td align="left">x</td></tr></table>"#
        let paragraph = ##"<p><input type="checkbox" disabled="" /> y <a aria-label="Back to content" href="#top">op</a></p>"##
        let html = markdown.render(table + "\n\n" + paragraph + "\n\n| A |\n|:--|\n| 1 |\n\n- [ ] z\n\nNote[^n].\n\n[^n]: Fodnoten.\n").html
        #expect(html.hasPrefix(table + "\n" + paragraph + "\n"), "\(html)")
        #expect(html.contains(#"aria-label="Tilbage til teksten">↩</a></p>"#), "\(html)")
        #expect(html.components(separatedBy: "Back to content").count == 2, "only the author's own label stays English")
        #expect(html.contains(#"<th class="align-left">A</th>"#))
        #expect(html.contains(#"<li><span class="task-box" aria-hidden="true"></span>z</li>"#))
    }

    /// A heading's raw HTML points into the heading's own text, which cmark frees with the
    /// heading: the heading is freed only after rendering, or its tags print as garbage.
    @Test func rawHTMLInAHeadingPrintsAsWritten() {
        for length in 1...40 {
            let word = String(repeating: "ø", count: length)
            let html = markdown.render("<b>\(word)</b>- [ ] \(word)\n\(word) <i>x</i>\n---\n\n## <span>\(word)</span> og <em>mere</em>\n").html
            #expect(html.contains("<b>\(word)</b>- [ ] \(word)\n\(word) <i>x</i>\n</h2>"), "\(length): \(html)")
            #expect(html.contains("<span>\(word)</span> og <em>mere</em>\n</h2>"), "\(length): \(html)")
        }
    }

    @Test func headingsInBlockQuotesAndListItemsGetIds() {
        let rendered = markdown.render("> ## I citat\n\n- ### I punkt\n\n## Øverst\n")
        #expect(rendered.headings.map(\.id) == ["i-citat", "i-punkt", "oeverst"])
        #expect(rendered.html.contains(#"<blockquote>"# + "\n" + #"<h2 id="i-citat">"#))
        #expect(rendered.html.contains(#"<li>"# + "\n" + #"<h3 id="i-punkt">"#))
    }

    @Test func bareAutolinksStandAloneAsOtherLinksDo() {
        let html = markdown.render("https://kiap.dk/x\n\nwww.kiap.dk\n\n<https://kiap.dk/y>\n\nse https://kiap.dk/z\n").html
        #expect(html.contains(#"<p><span class="tap"><a href="https://kiap.dk/x">https://kiap.dk/x</a></span></p>"#), "\(html)")
        #expect(html.contains(#"<p><span class="tap"><a href="http://www.kiap.dk">www.kiap.dk</a></span></p>"#), "\(html)")
        #expect(html.contains(#"<p><span class="tap"><a href="https://kiap.dk/y">https://kiap.dk/y</a></span></p>"#), "\(html)")
        #expect(html.contains(#"<p>se <a href="https://kiap.dk/z">https://kiap.dk/z</a></p>"#), "\(html)")
    }

    @Test func marksLinksThatStandAloneAsTapTargets() {
        let html = markdown.render("- [praksisarket](../praksisark/)\n- se [klyngepakken](../klyngepakke/) først\n\n[Alene](https://kiap.dk)\n").html
        #expect(html.contains(#"<li><span class="tap"><a href="../praksisark/">praksisarket</a></span></li>"#))
        #expect(html.contains(#"<li>se <a href="../klyngepakke/">klyngepakken</a> først</li>"#))
        #expect(html.contains(#"<p><span class="tap"><a href="https://kiap.dk">Alene</a></span></p>"#))
    }

    @Test func givesHeadingsDanishSlugsAndCollectsThem() {
        let rendered = markdown.render("## Før mødet\n\ntekst\n\n### Æbler på *øen*\n\n## Før mødet\n")
        #expect(rendered.headings.map(\.id) == ["foer-moedet", "aebler-paa-oeen", "foer-moedet-2"])
        #expect(rendered.headings.map(\.text) == ["Før mødet", "Æbler på øen", "Før mødet"])
        #expect(rendered.headings.map(\.level) == [2, 3, 2])
        #expect(rendered.html.contains(#"<h3 id="aebler-paa-oeen">"#))
        #expect(rendered.html.contains("<em>øen</em>"))
    }

    @Test func neutralisesScriptsEvenInRawHTML() {
        let html = markdown.render("<script>alert(1)</script>\n\n~~slut~~ www.kiap.dk\n").html
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script>"))
        #expect(html.contains("<del>slut</del>"))
        #expect(html.contains(#"<a href="http://www.kiap.dk">"#))
    }

    @Test func anAddressInAValueStaysTextWhileTheAuthorsOwnIsLinked() {
        let value = MarkdownText.escape("anne@kommune.dk")
        let rendered = markdown.render("## Skriv til \(value)\n\nSkriv til \(value) eller [hende](mailto:\(value)); bob@kiap.dk svarer også.\n")
        #expect(rendered.html.contains("Skriv til anne@kommune.dk eller"))
        #expect(rendered.html.contains(#"<a href="mailto:anne@kommune.dk">hende</a>"#))
        #expect(rendered.html.contains(#"<a href="mailto:bob@kiap.dk">bob@kiap.dk</a>"#))
        #expect(!rendered.html.contains(#"<a href="mailto:anne@kommune.dk">anne"#))
        #expect(rendered.headings.map(\.text) == ["Skriv til anne@kommune.dk"])
        #expect(!rendered.html.unicodeScalars.contains(MarkdownText.valueAt))
    }

    @Test func rendersFootnotes() {
        let html = markdown.render("Tal[^1].\n\n[^1]: Kilde.\n").html
        #expect(html.contains("footnote-ref"))
        #expect(html.contains("Kilde."))
    }

    /// Every back-link cmark writes is labelled in Danish: after a paragraph, after a
    /// list, and for a footnote referred to twice.
    @Test func footnoteBackLinksAreDanishWhereverCmarkWritesThem() {
        let html = markdown.render("A[^a] B[^b] C[^a].\n\n[^a]: Kilde.\n\n[^b]: Liste:\n\n    - en\n    - to\n").html
        #expect(!html.contains("Back to content"), "\(html)")
        #expect(html.components(separatedBy: #"aria-label="Tilbage til teksten""#).count == 4, "\(html)")
        #expect(html.contains(##"href="#fnref-a-2" class="footnote-backref" data-footnote-backref aria-label="Tilbage til teksten">↩<sup class="footnote-ref">2</sup></a></p>"##), "\(html)")
    }
}

@Suite struct SlugTests {
    /// One slug for a heading however its letters are encoded: an `å` or `ö` written as
    /// a letter and a combining mark (as macOS may save it) slugs as the one letter.
    @Test func decomposedLettersSlugAsComposedOnes() {
        #expect(Slug.make("Fo\u{308}r a\u{30A}ret") == Slug.make("För året"))
        #expect(Slug.make("Fo\u{308}r a\u{30A}ret") == "foer-aaret")
        #expect(Slug.make("Cafe\u{301} 👍🏽 og ñ") == "cafe-og")
    }

    @Test(arguments: [
        ("Før mødet", "foer-moedet"),
        ("Efter klyngemødet: opfølgning", "efter-klyngemoedet-opfoelgning"),
        ("Blok 1 – holdning & brug", "blok-1-holdning-brug"),
        ("Å", "aa"),
        ("!!!", "afsnit"),
    ])
    func readsWellInDanish(_ input: String, _ expected: String) {
        #expect(Slug.make(input) == expected)
    }

    @Test func validatesFolderNames() {
        #expect(Slug.isValid("fiktivby-nord"))
        #expect(Slug.isValid("klynge2"))
        #expect(!Slug.isValid("Fiktivby"))
        #expect(!Slug.isValid("fiktiv by"))
        #expect(!Slug.isValid("-nord"))
        #expect(!Slug.isValid("../x"))
    }

    /// The byte check gives what the Character check gives, for ASCII names and for
    /// names with letters, combining marks and line breaks.
    @Test func folderNamesAreCheckedByBytesAsByCharacters() {
        let pieces = ["a", "z", "0", "9", "-", "--", "k", "A", "æ", "\u{301}", "b\u{301}", " ", ".", "/", "\r\n", "_", "ø"]
        Differential.check(count: 3000, input: { random in
            (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }, describe: { "\($0.unicodeScalars.map { String($0.value, radix: 16) })" },
        plain: { Slug.isValidByCharacters($0) }, fast: { Slug.isValid($0) })
    }
}

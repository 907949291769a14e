import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation
@testable import KlyngeKit

/// The real package's deck, built end to end: the slide page and the .pptx beside it,
/// opened as a ZIP of parts and read the way PowerPoint is strict about.
@Suite struct DeckTests {
    /// The example clusters' meetings with a deck, as `<cluster>/<meeting>`.
    static let clusters = [TestTree.eksempelstrupMeeting, TestTree.fiktivbyMeeting]
    static let deck = "Content/packages/dosisdispensering/praesentation.md"

    /// The parts of a .pptx, by name.
    static func parts(_ data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return parts
    }

    static func pptx(_ tree: TestTree, _ cluster: String) throws -> [String: String] {
        try parts(Data(contentsOf: tree.url("_site/\(cluster)/praesentation/praesentation.pptx")))
    }

    static func attribute(_ name: String, in tag: Substring) -> String? {
        tag.firstMatch(of: try! Regex("\\s\(name)=\"([^\"]*)\"")).map { String($0.output[1].substring ?? "") }
    }

    @Test func everyPartNamedExistsEveryRelationshipResolvesAndIdsAreUnique() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        for cluster in Self.clusters {
            let parts = try Self.pptx(tree, cluster)
            let types = try #require(parts["[Content_Types].xml"])
            let overrides = types.matches(of: #/PartName="/([^"]+)"/#).map { String($0.1) }
            #expect(overrides.count > 10)
            for name in overrides { #expect(parts[name] != nil, "content type for a missing part \(name)") }
            // Every XML part has a content type: an override, or the xml/rels default.
            for name in parts.keys { #expect(overrides.contains(name) || name.hasSuffix(".rels") || name == "[Content_Types].xml", "\(name)") }
            for (name, xml) in parts where name.hasSuffix(".rels") {
                // `ppt/slides/_rels/slide1.xml.rels` speaks for `ppt/slides/slide1.xml`.
                let folder = URL(fileURLWithPath: "/" + name).deletingLastPathComponent().deletingLastPathComponent()
                var ids = Set<String>()
                for match in xml.matches(of: #/<Relationship [^>]*>/#) {
                    let tag = match.output
                    let id = try #require(Self.attribute("Id", in: tag))
                    #expect(ids.insert(id).inserted, "relationship id \(id) twice in \(name)")
                    let target = try #require(Self.attribute("Target", in: tag))
                    if Self.attribute("TargetMode", in: tag) == "External" { continue }
                    let resolved = String(folder.appendingPathComponent(target).standardizedFileURL.path.dropFirst())
                    #expect(parts[resolved] != nil, "\(name): \(target) → \(resolved) does not exist")
                }
            }
            for (name, xml) in parts {
                let parser = XMLParser(data: Data(xml.utf8))
                #expect(parser.parse(), "\(name) is not well-formed XML: \(String(describing: parser.parserError))")
            }
            let master = try #require(parts["ppt/slideMasters/slideMaster1.xml"])
            #expect(master.contains("<p:clrMap "))
            #expect(parts["ppt/notesMasters/notesMaster1.xml"]?.contains("<p:clrMap ") == true)
            #expect(parts["ppt/presentation.xml"]?.contains(#"<p:sldSz cx="12192000" cy="6858000"/>"#) == true)
            for layout in parts.keys where layout.hasPrefix("ppt/slideLayouts/slideLayout") && layout.hasSuffix(".xml") {
                #expect(parts[layout.replacingOccurrences(of: "slideLayouts/", with: "slideLayouts/_rels/") + ".rels"]?.contains("slideMaster1.xml") == true,
                        "\(layout) needs its rel back to the master")
            }
        }
    }

    @Test func theSameSlidesInThePageAndInThePptxWithNotesLanguageAndProperties() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        for cluster in Self.clusters {
            let parts = try Self.pptx(tree, cluster)
            let page = try tree.read("_site/\(cluster)/praesentation/index.html")
            let pageTitles = page.matches(of: #/<section class="slide[^"]*" id="dias-(\d+)" aria-label="Dias \d+ af \d+: ([^"]*)">/#)
                .map { KlyngeText.unescapeHTML(String($0.2)) }
            let slideCount = parts.keys.filter { $0.hasPrefix("ppt/slides/slide") && $0.hasSuffix(".xml") }.count
            #expect(pageTitles.count == slideCount)
            #expect(slideCount > 20)
            // A notes page for each slide the page shows notes for, and none for the others.
            let notedSlides = page.matches(of: #/<aside class="slide-notes" aria-label="Noter til dias (\d+)">/#).map { Int($0.1)! }
            #expect(notedSlides.count > 10 && notedSlides.count < slideCount)
            #expect(Set(parts.keys.filter { $0.hasPrefix("ppt/notesSlides/notesSlide") && $0.hasSuffix(".xml") })
                == Set(notedSlides.map { "ppt/notesSlides/notesSlide\($0).xml" }))
            for number in 1...slideCount {
                let slide = try #require(parts["ppt/slides/slide\(number).xml"])
                // The title is the layout's title placeholder, as ordinary text.
                let title = try #require(slide.firstMatch(of: #/<p:ph type="(?:ctr)?[tT]itle"/>.*?</p:sp>/#.dotMatchesNewlines()))
                let text = title.output.matches(of: #/<a:t>([^<]*)</a:t>/#).map { KlyngeText.unescapeHTML(String($0.1)) }.joined()
                #expect(text == pageTitles[number - 1], "slide \(number)")
                // Every run of text says it is Danish.
                for run in slide.matches(of: #/<a:rPr [^>]*>|<a:rPr>/#) { #expect(run.output.contains(#"lang="da-DK""#), "slide \(number): \(run.output)") }
            }
            let notes = try #require(parts["ppt/notesSlides/notesSlide1.xml"])
            #expect(notes.contains("Byd velkommen"))
            #expect(parts["docProps/core.xml"]?.contains("<dc:title>Dosisdispensering i almen praksis – ") == true)
            #expect(parts["docProps/core.xml"]?.contains("<dc:creator>Kvalitet i Almen Praksis (KiAP)</dc:creator>") == true)
        }
    }

    @Test func figuresAreNativeShapesFromTheTypedValuesWithAltText() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let parts = try Self.pptx(tree, TestTree.fiktivbyMeeting)
        let figure = try #require(parts.values.first { $0.contains(#"name="Figur 1" descr="#) })
        #expect(figure.contains(#"<p:grpSp>"#))
        #expect(figure.matches(of: #/name="Søjle: Praksis [A-Z]"/#).count >= 5, "bars as rectangles")
        #expect(figure.contains(#"<a:prstGeom prst="line">"#), "the cluster's level as a line")
        #expect(figure.contains("<a:t>Klyngen "), "the reference line is labelled")
        #expect(!figure.contains("<p:pic>") && !figure.contains("svg"), "drawn, not a picture")
        let survey = try #require(parts.values.first { $0.contains(#"name="Figur 2" descr="#) }, "the survey's first figure, after the dosis figure")
        #expect(survey.contains(#"name="Forklaring: Helt uenig""#), "stacked answers carry their legend")
    }

    /// Provider numbers nowhere; a practice with 1 to 4 patients gets no bar (its rate
    /// would give the count away), only `<5`, in the page and in every part of the .pptx.
    @Test func disclosureHoldsInThePageAndInEveryPartOfThePptx() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        for cluster in Self.clusters {
            let parts = try Self.pptx(tree, cluster)
            let page = try tree.read("_site/\(cluster)/praesentation/index.html")
            let numbers = try FigureTests.providerNumbers(tree, cluster)
            for number in numbers {
                #expect(!page.contains(number))
                for (name, xml) in parts { #expect(!xml.contains(number), "\(number) in \(name)") }
            }
            // The private key tells which letters have a small count.
            let key = try String(contentsOf: tree.url("_private/\(cluster)/noegle.csv"), encoding: .utf8)
            let rows = key.split(separator: "\r\n").dropFirst().map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
            let small = rows.filter { Int($0[3]).map { (1...4).contains($0) } ?? false }.map { $0[0] }
            #expect(!small.isEmpty, "the example data has small counts to hide")
            let figure = try #require(parts.values.first { $0.contains(#"name="Figur 1" descr="#) })
            for letter in small {
                #expect(!figure.contains(#"name="Søjle: \#(letter)""#), "\(letter) has a bar")
                #expect(figure.contains("\(letter): &lt;5"), "\(letter) is shown as <5")
            }
            // The cluster's exact total is recoverable only without small counts: never printed alone.
            let total = rows.compactMap { Int($0[3]) }.reduce(0, +)
            for (name, xml) in parts { #expect(!xml.contains("<a:t>\(total)</a:t>"), "exact total in \(name)") }
        }
    }

    /// The page's figures and the .pptx's are the same figures under the same numbers,
    /// numbered in the order the deck places its figure blocks (as on any page).
    @Test func thePageAndThePptxNumberTheSameFigures() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        for cluster in Self.clusters {
            let parts = try Self.pptx(tree, cluster)
            let page = try tree.read("_site/\(cluster)/praesentation/index.html")
            let onPage = FigureTests.figures(in: page).map { Int($0.id.dropFirst("figur-".count))! }
            #expect(onPage == Array(1...onPage.count), "\(cluster): figures numbered from 1 in order")
            let drawn = parts.values.flatMap { $0.matches(of: #/name="Figur (\d+)" descr="/#).map { Int($0.output.1)! } }
            #expect(Set(drawn) == Set(onPage), "\(cluster): the .pptx draws the page's figures")
            #expect(drawn.count == Set(drawn).count, "\(cluster): each figure once")
            // A slide holds one figure: the survey's figures follow its summary a slide each.
            for slide in page.matches(of: #/<section class="slide(?s:.*?)</section>/#) {
                #expect(slide.output.matches(of: #/<figure class="chart"/#).count <= 1, "\(cluster): two figures on one slide")
            }
            for (name, xml) in parts where name.hasPrefix("ppt/slides/slide") {
                #expect(xml.matches(of: #/name="Figur \d+" descr="/#).count <= 1, "\(cluster): \(name) has two figures")
            }
        }
    }

    /// Without a pharmacy the slides speak of the municipality alone.
    @Test func aMeetingWithoutAPharmacyHasNoSentenceAboutOne() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let without = try tree.read("_site/\(TestTree.eksempelstrupMeeting)/praesentation/index.html")
        #expect(without.contains("Dialog med kommunen"))
        #expect(!without.contains("Dialog med kommunen og apoteket"))
        #expect(!without.contains("kommunen og apoteket præsentere") && !without.contains("fortæller om det praktiske"))
        #expect(without.contains("Koordinatoren gennemgår det praktiske"))
        let with = try tree.read("_site/\(TestTree.fiktivbyMeeting)/praesentation/index.html")
        #expect(with.contains("Dialog med kommunen og apoteket"))
        #expect(with.contains("fortæller om det praktiske"))
    }

    @Test func thePptxIsTheSameBytesFromRunToRun() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let first = try tree.snapshot().filter { $0.key.hasSuffix(".pptx") }
        try tree.buildSucceeds()
        let second = try tree.snapshot().filter { $0.key.hasSuffix(".pptx") }
        #expect(first.count == 2)
        #expect(first == second)
    }

    @Test func onlyTheDeckPageHasAScriptAndItIsTheSitesOwn() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let page = try tree.read("_site/\(TestTree.fiktivbyMeeting)/praesentation/index.html")
        #expect(page.contains(#"content="default-src 'none'; script-src 'self'; style-src 'self';"#))
        let scripts = page.matches(of: #/<script[^>]*>/#).map { String($0.output) }
        #expect(scripts.count == 1)
        #expect(scripts.first?.contains(#"src="../../../assets/deck."#) == true && scripts.first?.hasSuffix(#".js" defer>"#) == true)
        #expect(page.contains("<script") && !page.contains(#"<script>"#) && !page.contains(" style=") && !page.contains("<iframe"))
        #expect(page.contains(#"<a href="praesentation.pptx" download>"#))
        #expect(try tree.read("_site/\(TestTree.fiktivbyMeeting)/index.html").contains(#"href="praesentation/""#), "the overview lists the deck")
    }

    @Test func valuesAreEscapedInThePptx() throws {
        let tree = try TestTree()
        try tree.replace(in: "Content/clusters/fiktivby-nord/cluster.yml", "name: Anne Hansen", with: #"name: "Anne *Hansen* <b> & 'Co'""#)
        try tree.buildSucceeds()
        let parts = try Self.pptx(tree, TestTree.fiktivbyMeeting)
        let last = try #require(parts.values.first { $0.contains("Tak for i dag") && $0.contains("<p:sld ") })
        #expect(last.contains("Anne *Hansen* &lt;b&gt; &amp; &apos;Co&apos;"))
        let page = try tree.read("_site/\(TestTree.fiktivbyMeeting)/praesentation/index.html")
        #expect(page.contains("Anne *Hansen* &lt;b&gt; &amp; "))
    }

    @Test func aVideoSlideIsALinkAndAMissingAddressIsWarnedAbout() throws {
        let tree = try TestTree()
        let report = try tree.buildSucceeds()
        #expect(report.warnings.contains { $0.location.path.hasSuffix("package.yml") && $0.message.contains("links.video_zimmer.url") })
        var page = try tree.read("_site/\(TestTree.fiktivbyMeeting)/praesentation/index.html")
        #expect(page.contains("Adressen på videoen er ikke kendt endnu."))
        let yaml = try tree.read("Content/packages/dosisdispensering/package.yml")
        let changed = yaml.replacingOccurrences(of: "    title: PLO's holdning til dosisdispensering\n    url: null",
                                                with: "    title: PLO's holdning til dosisdispensering\n    url: https://video.example.org/zimmer")
        #expect(changed != yaml)
        try tree.write("Content/packages/dosisdispensering/package.yml", changed)
        try tree.buildSucceeds()
        page = try tree.read("_site/\(TestTree.fiktivbyMeeting)/praesentation/index.html")
        #expect(page.contains(#"<a href="https://video.example.org/zimmer">"#))
        #expect(!page.contains(#"src="https://"#), "nothing loads from the video's host before a click")
        let parts = try Self.pptx(tree, TestTree.fiktivbyMeeting)
        let rels = try #require(parts.first { $0.key.hasPrefix("ppt/slides/_rels/") && $0.value.contains("video.example.org") }?.value)
        #expect(rels.contains(#"Target="https://video.example.org/zimmer" TargetMode="External""#))
    }

    @Test func checkWarnsAboutASlideThatDoesNotFitAtItsSourceLine() throws {
        let tree = try TestTree()
        let text = try tree.read(Self.deck)
        let added = "\n---\n## Alt for meget\n\n" + (1...16).map { "- Punkt nummer \($0) med lidt tekst" }.joined(separator: "\n") + "\n"
        try tree.write(Self.deck, text + added)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        let report = CheckReport.run(BuildOptions(root: tree.root, now: tree.now))
        #expect(report.passed)
        let warning = try #require(report.warnings.first { $0.message.contains("'Alt for meget'") })
        #expect(warning.location.path == Self.deck)
        #expect(warning.location.line == line)
        #expect(warning.message.contains("16:9"))
        #expect(!report.warnings.contains { $0.location.path == Self.deck && !$0.message.contains("Alt for meget") },
                "the package's own deck fits")
    }
}

enum KlyngeText {
    static func unescapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}

import Foundation
import Testing
@testable import KlyngeKit

/// The cluster's figures as readers meet them: on the built pages, in print, and
/// never with a provider number or a small count on them.
@Suite struct FigureTests {
    /// The example clusters' meetings, as `<cluster>/<meeting>`.
    static let clusters = [TestTree.fiktivbyMeeting, TestTree.eksempelstrupMeeting]

    struct Figure {
        var id: String
        var html: String
        var chartValues: [String]
        var rows: [(label: String, cells: [String])]
    }

    static func decode(_ text: String) -> String {
        var text = text
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    static func figures(in page: String) -> [Figure] {
        page.matches(of: #/<figure class="chart" id="(figur-\d+)">(?s:(.*?))</figure>/#).map { match in
            let html = String(match.2)
            let values = html.matches(of: #/<text [^>]*class="chart-value"[^>]*>([^<]*)</text>/#).map { decode(String($0.1)) }
            let rows = html.matches(of: #/<tr[^>]*><th scope="row">([^<]*)</th>(.*?)</tr>/#).map { row in
                (label: decode(String(row.1)), cells: String(row.2).matches(of: #/<td>([^<]*)</td>/#).map { decode(String($0.1)) })
            }
            return Figure(id: String(match.1), html: html, chartValues: values, rows: rows)
        }
    }

    static func providerNumbers(_ tree: TestTree, _ cluster: String) throws -> [String] {
        let path = "Content/clusters/\(cluster)/practices.csv"
        var text = try tree.read(path)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let table = try #require(CSVTable.parse(SourceFile(path: path, text: text), log: DiagnosticLog()))
        return table.rows.map { $0.fields[0].text }
    }

    @Test func providerNumbersNeverReachTheSiteOnlyThePrivateKey() throws {
        let tree = try TestTree()
        let report = try tree.buildSucceeds()
        let site = try tree.snapshot()
        #expect(site.count == report.files.count + 1, "the files and Klynge's marker")
        for cluster in Self.clusters {
            let numbers = try Self.providerNumbers(tree, cluster)
            #expect(numbers.count >= 5)
            for (path, data) in site {
                let text = String(decoding: data, as: UTF8.self)
                for number in numbers {
                    #expect(!text.contains(number), "\(number) in \(path)")
                }
            }
            // The key lies beside the site, not in it, and names every practice.
            let data = try Data(contentsOf: tree.url("_private/\(cluster)/noegle.csv"))
            #expect(data.starts(with: [0xEF, 0xBB, 0xBF]), "a byte-order mark, for Excel")
            let key = String(decoding: data.dropFirst(3), as: UTF8.self)
            #expect(key.hasPrefix("praksis;ydernummer;sikrede;dosis;medicinadministration\r\n"))
            for number in numbers {
                #expect(key.contains(";\(number);"))
            }
            #expect(key.contains("Praksis A;"))
        }
        #expect(!site.keys.contains { $0.contains("noegle") || $0.contains("_private") })
    }

    @Test func chartNumbersEqualTableNumbers() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        for cluster in Self.clusters {
            let figures = Self.figures(in: try tree.read("_site/\(cluster)/uddelingskopi/index.html"))
            #expect(figures.map(\.id) == (1...figures.count).map { "figur-\($0)" })
            #expect(figures.count == 9)
            for figure in figures.prefix(2) {
                // One bar label per practice: its rate, or <5 where the count is small.
                let practices = figure.rows.filter { $0.label.hasPrefix("Praksis ") }
                #expect(practices.count >= 5)
                #expect(figure.chartValues == practices.map { $0.cells[1] == "vises ikke" ? $0.cells[0] : $0.cells[1] })
                #expect(figure.chartValues.contains("<5"))
                let total = try #require(figure.rows.first { $0.label == "Klyngen i alt" })
                #expect(figure.html.contains(">Klyngen \(total.cells[1])</text>"))
            }
            for figure in figures.dropFirst(2) {
                let shares = figure.rows.flatMap(\.cells).filter { $0.hasSuffix("%") && $0 != "0\u{A0}%" }
                #expect(!shares.isEmpty)
                #expect(figure.chartValues.filter { $0 != "0\u{A0}%" }.sorted() == shares.sorted(), "\(cluster) \(figure.id)")
            }
        }
    }

    @Test func everyFigureHasNumberTitleSourceNameAndTable() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let page = try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/uddelingskopi/index.html")
        for (index, figure) in Self.figures(in: page).enumerated() {
            let number = index + 1
            #expect(figure.html.contains(#"<p class="figure-title" id="figur-\#(number)-titel"><span class="figure-number">Figur \#(number).</span> "#))
            #expect(figure.html.contains(#"role="img" aria-labelledby="figur-\#(number)-titel""#))
            #expect(figure.html.contains(#"<caption id="figur-\#(number)-tabel">Tallene i figur \#(number)"#), "the caption may go on with a legend of the column heads")
            let source = try #require(figure.html.firstMatch(of: #/<p class="figure-source">([^<]*)</p>/#)).1
            #expect(source.hasPrefix("Kilde: "))
            #expect(source.contains(number <= 2 ? "2026" : "30. marts 2027"), "figure \(number): \(source)")
            #expect(!figure.rows.isEmpty)
            #expect(!figure.html.contains("<script"))
        }
        // Placed by name in the package text as well.
        let package = try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/klyngepakke/index.html")
        #expect(package.contains(#"<figure class="chart" id="figur-1">"#))
    }

    /// A small count changed within 1…4 in the register extract: not one byte of the
    /// site changes. Only the coordinator's private key shows the new count.
    @Test func changingASmallCountChangesNothingPublished() throws {
        let tree = try TestTree()
        let path = "Content/clusters/fiktivby-nord/2027-03-dosisdispensering/practices.csv"
        try tree.buildSucceeds()
        let before = try tree.snapshot()
        let keyBefore = try tree.read("_private/fiktivby-nord/2027-03-dosisdispensering/noegle.csv")
        try tree.replace(in: path, "990102;2410;3;18", with: "990102;2410;1;18")
        try tree.replace(in: path, "990105;960;2;3", with: "990105;960;4;1")
        try tree.buildSucceeds()
        #expect(try tree.snapshot() == before)
        #expect(try tree.read("_private/fiktivby-nord/2027-03-dosisdispensering/noegle.csv") != keyBefore)
        // A count of 5 is published, so the same kind of change does show.
        try tree.replace(in: path, "990102;2410;1;18", with: "990102;2410;5;18")
        try tree.buildSucceeds()
        #expect(try tree.snapshot() != before)
    }

    @Test func reorderedRowsKeepTheirLetters() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let site = try tree.snapshot()
        let keys = try tree.snapshot("_private")
        let path = "Content/clusters/eksempelstrup-vest/2027-11-dosisdispensering/practices.csv"
        var lines = try tree.read(path).split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        try tree.write(path, ([header] + lines.reversed()).joined(separator: "\n") + "\n")
        try tree.buildSucceeds()
        #expect(try tree.snapshot() == site)
        #expect(try tree.snapshot("_private") == keys)
    }

    @Test func smallSurveyGroupsAndFreeTextAreNotShown() throws {
        let tree = try TestTree()
        let path = "Content/clusters/eksempelstrup-vest/2027-11-dosisdispensering/survey-responses.csv"
        let original = try tree.read(path)
        let freeText = "Klare aftaler med kommunen om opstart af nye patienter."
        #expect(original.contains(freeText))
        try tree.buildSucceeds()
        for (file, data) in try tree.snapshot() {
            #expect(!String(decoding: data, as: UTF8.self).contains(freeText), "free text in \(file)")
        }
        let lines = original.split(separator: "\n")
        try tree.write(path, lines.prefix(5).joined(separator: "\n") + "\n")
        try tree.buildSucceeds()
        let page = try tree.read("_site/eksempelstrup-vest/2027-11-dosisdispensering/uddelingskopi/index.html")
        let survey = Self.figures(in: page).dropFirst(2)
        #expect(!survey.isEmpty)
        for figure in survey {
            #expect(figure.chartValues.allSatisfy { $0.hasPrefix("For få svar (") })
            #expect(!figure.rows.flatMap(\.cells).contains { $0.hasSuffix("%") })
        }
        #expect(page.visibleText.contains("4 har svaret på spørgeskemaet"))
    }

    @Test func theKeyFolderMayNotTakeTheSitesPlace() throws {
        let tree = try TestTree()
        let options = BuildOptions(root: tree.root, output: tree.url("_private"))
        guard case .failure(let failure) = SiteBuilder.build(options) else {
            Issue.record("building into _private must fail")
            return
        }
        #expect(failure.diagnostics.contains { $0.message.contains("private key folder") })
    }

    /// Prints each cluster's handout with Chromium, as a coordinator would, and counts
    /// the pages. Runs where Chromium and poppler-utils are installed.
    @Test(.enabled(if: FigureTests.tool("chromium") != nil && FigureTests.tool("pdfinfo") != nil))
    func handoutPrintsOnAtMostTwoPages() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        for cluster in Self.clusters {
            let pdf = tree.url("\(cluster.replacingOccurrences(of: "/", with: "-")).pdf")
            try Self.run(Self.tool("chromium")!, ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                                 "--print-to-pdf=\(pdf.path)", tree.url("_site/\(cluster)/uddelingskopi/index.html").absoluteString])
            let info = try Self.run(Self.tool("pdfinfo")!, [pdf.path])
            let pages = try #require(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last.flatMap { Int($0) })
            #expect(pages <= 2, "\(cluster): \(pages) pages")
        }
    }

    static func tool(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

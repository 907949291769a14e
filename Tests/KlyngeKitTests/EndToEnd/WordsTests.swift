import Foundation
import Testing
@testable import KlyngeKit

/// The words on the built pages: nothing missing shows, numbers agree with each
/// other, periods read in Danish, and the accessibility statement's short address works.
@Suite struct WordsTests {
    static func pages(_ tree: TestTree) throws -> [String: String] {
        try tree.snapshot().filter { $0.key.hasSuffix(".html") }.mapValues { String(decoding: $0, as: UTF8.self) }
    }

    @Test func noPageShowsAMissingValue() throws {
        let tree = try TestTree()
        let report = try tree.buildSucceeds()
        #expect(report.warnings.contains { $0.message.hasPrefix("no value yet for ") }, "the real content still has null values")
        let pages = try Self.pages(tree)
        #expect(pages.count > 10)
        for (path, page) in pages {
            #expect(!page.contains("(mangler)"), "\(path)")
            #expect(!page.visibleText.contains("Tlf. ·") && !page.contains("Tlf. </li>") && !page.contains("E-mail: </li>"), "\(path)")
        }
        // The region's web address is null for Syddanmark: the practice sheet has no line for it.
        let sheet = try tree.read("_site/\(TestTree.fiktivbyMeeting)/praksisark/index.html").visibleText
        #expect(!sheet.contains("Hjemmeside:"))
        #expect(sheet.components(separatedBy: "E-mail:").count == 3, "the municipality's and the pharmacy's, not the region's")
        // … and given for Sjælland, where it is a link.
        try tree.replace(in: "Content/clusters/fiktivby-nord/cluster.yml", "region: syddanmark", with: "region: sjaelland")
        try tree.buildSucceeds()
        #expect(try tree.read("_site/\(TestTree.fiktivbyMeeting)/praksisark/index.html").contains(#"Hjemmeside: <a href="https://kap-s.dk">"#))
    }

    @Test func strictTurnsAMissingValueIntoAnErrorAtItsPlace() throws {
        let tree = try TestTree()
        let path = "Content/clusters/fiktivby-nord/cluster.yml"
        try tree.replace(in: path, #"phone: "11 22 33 44""#, with: "phone: null")
        let line = try #require(try tree.read(path).split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasSuffix("phone: null") }) + 1
        try tree.buildSucceeds()

        var options = BuildOptions(root: tree.root, now: tree.now)
        options.strict = true
        guard case .failure(let failure) = SiteBuilder.build(options) else {
            Issue.record("--strict built a site with missing values")
            return
        }
        let errors = failure.diagnostics.filter { $0.severity == .error }
        #expect(failure.diagnostics.allSatisfy { $0.severity == .error }, "under --strict every warning is an error")
        let phone = try #require(errors.first { $0.message.contains("'coordinator.phone'") })
        #expect(phone.description.hasPrefix("\(path):\(line):"), "\(phone)")
        #expect(phone.message.hasSuffix("(an error under --strict)"))
        #expect(errors.contains { $0.location.path == "Content/regions.yml" })
    }

    @Test func strictOnTheCommandLineWritesNothingAndExitsWithAnError() throws {
        let tree = try TestTree()
        for command in [["build", "--strict"], ["check", "--strict"]] {
            let output = try KlyngeProcess.run(command, in: tree.root)
            #expect(output.status != 0, "\(command)")
            #expect(output.stderr.contains("Content/regions.yml:") && output.stderr.contains("error: no value yet for"), "\(command): \(output.stderr)")
        }
        #expect(!tree.exists("_site"))
        #expect(try KlyngeProcess.run(["check"], in: tree.root).status == 0)
    }

    /// Every share on a page, read back as a fraction of its question's answers: the same
    /// fraction (8 of 18, 4 of 9) must read as the same percentage wherever it is shown.
    @Test func oneFractionIsOnePercentageOnEveryPage() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        var shares = 0
        for cluster in FigureTests.clusters {
            for document in ["uddelingskopi", "klyngepakke"] {
                let page = try tree.read("_site/\(cluster)/\(document)/index.html")
                var percentOf: [String: Set<Int>] = [:]
                for figure in FigureTests.figures(in: page) {
                    guard let total = figure.rows.last, total.label == "Antal svar" else { continue }
                    let answered = total.cells.compactMap { Int($0) }
                    for row in figure.rows.dropLast() {
                        for (column, cell) in row.cells.enumerated() {
                            guard let percent = Int(cell.replacingOccurrences(of: "\u{A0}%", with: "")), column < answered.count else { continue }
                            let n = answered[column]
                            let counts = (0...n).filter { SurveyResults.roundedPercent($0, of: n) == percent }
                            let count = try #require(counts.first, "\(percent) % is no share of \(n) answers")
                            let divisor = gcd(count, n)
                            percentOf["\(count / divisor)/\(n / divisor)", default: []].insert(percent)
                            shares += 1
                        }
                    }
                    // The SVG writes the same numbers as the table.
                    let written = Set(figure.chartValues.compactMap { Int($0.replacingOccurrences(of: "\u{A0}%", with: "")) })
                    let tabled = Set(figure.rows.dropLast().flatMap(\.cells).compactMap { Int($0.replacingOccurrences(of: "\u{A0}%", with: "")) })
                    #expect(written.subtracting([0]) == tabled.subtracting([0]), "\(cluster)/\(document) \(figure.id)")
                }
                for (fraction, percents) in percentOf {
                    #expect(percents.count == 1, "\(cluster)/\(document): \(fraction) shows as \(percents.sorted()) %")
                }
            }
        }
        #expect(shares > 50)
    }

    func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? max(a, 1) : gcd(b, a % b) }

    @Test func barsThatMissOneHundredSaySoOnce() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let note = "Hver andel er rundet af for sig, så summen kan afvige fra 100 %."
        for cluster in FigureTests.clusters {
            let page = try tree.read("_site/\(cluster)/uddelingskopi/index.html")
            for figure in FigureTests.figures(in: page) {
                guard let total = figure.rows.last, total.label == "Antal svar", !figure.html.contains("Flere svar var mulige") else { continue }
                let sums = total.cells.indices.map { column in
                    figure.rows.dropLast().compactMap { Int(($0.cells[column]).replacingOccurrences(of: "\u{A0}%", with: "")) }.reduce(0, +)
                }
                let off = sums.contains { $0 != 100 && $0 != 0 }
                #expect(figure.html.components(separatedBy: note).count - 1 == (off ? 1 : 0), "\(cluster) \(figure.id): sums \(sums)")
            }
        }
    }

    @Test func theStatementsOfAFigureAreInItsTable() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let page = try tree.read("_site/\(TestTree.fiktivbyMeeting)/uddelingskopi/index.html")
        let figure = try #require(FigureTests.figures(in: page).first { $0.html.contains("udsagn") })
        let head = figure.html.matches(of: #/<th scope="col">([^<]*)</th>/#).map { FigureTests.decode(String($0.1)) }
        #expect(head == ["Svar", "Udsagn 1", "Udsagn 2", "Udsagn 3"], "short heads, so the table fits a phone")
        let caption = try #require(figure.html.firstMatch(of: #/<caption [^>]*>(?s:(.*?))</caption>/#)).1
        #expect(caption.contains("<li>Udsagn 1: Dosisdispenseret medicin gavner de patienter i min praksis, som har stabil medicin.</li>"), "\(caption)")
        #expect(caption.contains("<li>Udsagn 3: Dosisdispensering koster min praksis mere tid, end den sparer.</li>"))
    }

    @Test func periodsAreWrittenInDanish() throws {
        #expect(DanishFormat.period("2026-01–2026-06") == "januar–juni 2026")
        #expect(DanishFormat.period("2025-07–2026-06") == "juli 2025–juni 2026")
        #expect(DanishFormat.period("2026-03") == "marts 2026")
        #expect(DanishFormat.period("2026") == "2026")
        #expect(DanishFormat.period("første halvår") == "første halvår")
        #expect(DanishFormat.monthYear(Day(year: 2028, month: 11, day: 4)) == "november 2028")

        let tree = try TestTree()
        try tree.buildSucceeds()
        for document in ["uddelingskopi", "klyngepakke"] {
            let page = try tree.read("_site/\(TestTree.eksempelstrupMeeting)/\(document)/index.html")
            #expect(page.contains("januar–juni 2026"), "the extract's periode is 2026-01–2026-06")
            #expect(!page.contains("2026-01"), "\(document)")
        }
    }

    @Test func theShortAddressWasLeadsToTheStatement() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let own = try tree.read("_site/was/index.html")
        #expect(own.contains(#"<meta http-equiv="refresh" content="0; url=../tilgaengelighed/">"#))
        #expect(own.contains(#"<a href="../tilgaengelighed/">"#))
        #expect(tree.exists("_site/tilgaengelighed/index.html"))

        let statement = "https://www.was.digst.dk/klynger-kiap-dk"
        try tree.replace(in: "Content/site.yml", "robots: noindex", with: "accessibility_url: \(statement)\nrobots: noindex")
        try tree.buildSucceeds()
        let redirect = try tree.read("_site/was/index.html")
        #expect(redirect.contains(#"<meta http-equiv="refresh" content="0; url=\#(statement)">"#))
        #expect(redirect.contains(#"<a href="\#(statement)">"#))
        #expect(!tree.exists("_site/tilgaengelighed"))
        let sheet = try tree.read("_site/\(TestTree.fiktivbyMeeting)/praksisark/index.html")
        #expect(sheet.contains(#"<a href="\#(statement)">Tilgængelighedserklæring</a>"#))
    }

    @Test func theSiteNamesCannotBeClusterNames() throws {
        let tree = try TestTree()
        let cluster = try tree.read("Content/clusters/fiktivby-nord/cluster.yml")
        try tree.write("Content/clusters/was/cluster.yml", cluster)
        let errors = try tree.buildFails()
        #expect(errors.contains { $0.location.path == "Content/clusters/was" && $0.message == "the cluster name 'was' is one the site uses for itself (assets, tilgaengelighed, was); choose another name" }, "\(errors)")
        let scaffolded = try KlyngeProcess.run(["new", "cluster", "tilgaengelighed"], in: tree.root)
        #expect(scaffolded.status != 0 && scaffolded.stderr.contains("the cluster name 'tilgaengelighed' is one the site uses for itself (assets, tilgaengelighed, was); choose another name"), "\(scaffolded.stderr)")
        #expect(!tree.exists("Content/clusters/tilgaengelighed"))
    }

    @Test func exampleClustersSayOnEveryPageThatTheyAreMadeUp() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        for (path, page) in try Self.pages(tree) where ["fiktivby-nord", "eksempelstrup-vest"].contains(where: { path.hasPrefix("\($0)/") }) {
            guard page.contains("<main") else { continue }
            #expect(page.contains(#"class="fictional-notice""#), "\(path)")
        }
        #expect(try tree.read("_site/index.html").components(separatedBy: "Opdigtet eksempel").count == 3, "the index marks both")
        try tree.replace(in: "Content/clusters/fiktivby-nord/cluster.yml", "fictional: true", with: "fictional: false")
        try tree.buildSucceeds()
        #expect(!(try tree.read("_site/fiktivby-nord/index.html")).contains("fictional-notice"))
    }

    @Test func theRunSheetHoldsThePreMeetingAfterTheMaterialArrives() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let text = try tree.read("_site/\(TestTree.fiktivbyMeeting)/drejebog/index.html").visibleText
        let material = try #require(text.range(of: "Det færdige materiale – senest 2 uger før mødet"))
        let preMeeting = try #require(text.range(of: "5. Formøde med kommunen"))
        let invitation = try #require(text.range(of: "6. Invitation til deltagerne"))
        #expect(material.lowerBound < preMeeting.lowerBound && preMeeting.lowerBound < invitation.lowerBound)
        #expect(text.contains("Følg op i marts 2028, 12 måneder efter mødet"))
        #expect(!text.contains("Omkring "))
    }

    @Test func theCalendarNamesThePackageWithASmallLetter() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let calendar = try tree.read("_site/fiktivby-nord/klyngemoede.ics").replacingOccurrences(of: "\r\n ", with: "")
        #expect(calendar.contains("holder klyngemøde om dosisdispensering i almen praksis."))
    }
}

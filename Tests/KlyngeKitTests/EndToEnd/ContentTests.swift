import Foundation
import Testing
@testable import KlyngeKit

/// The default package, built: every document carries its key facts, the
/// programme comes from one source, and each cluster's pages hold its own values.
@Suite struct ContentTests {
    static let facts: [(document: String, fact: String)] = [
        ("klyngepakke", "63.000"),
        ("klyngepakke", "35.000"),
        ("klyngepakke", "0,6 time"),
        ("klyngepakke", "14 dage"),
        ("klyngepakke", "19 anbefalinger"),
        ("klyngepakke", "3–6 måneder"),
        ("klyngepakke", "12 måneder"),
        ("klyngepakke", "2,5 time"),
        ("drejebog", "8 uger"),
        ("drejebog", "2 uger"),
        ("drejebog", "12 måneder"),
        ("praksisark", "14 dage"),
        ("kommune", "12 måneder"),
    ]

    @Test func everyDocumentCarriesItsKeyFacts() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        for (document, fact) in Self.facts {
            let page = try tree.read("_site/\(TestTree.fiktivbyMeeting)/\(document)/index.html").visibleText
            #expect(page.contains(fact), "\(document) must say \(fact)")
        }
    }

    @Test func theProgrammeTotals150MinutesAndAppearsWhereverItIsPlaced() throws {
        let tree = try TestTree()
        let report = try tree.buildSucceeds()
        #expect(report.clusters >= 2)
        let log = DiagnosticLog()
        let content = try #require(ModelBuilder(log: log).build(ContentTree.read(root: TestTree.repository, only: nil, log: log)), "\(log.all)")
        let package = try #require(content.packages["dosisdispensering"])
        #expect(package.programme.totalMinutes == 150)
        #expect(package.durationMinutes.value == 150)
        #expect(package.programme.blocks.map(\.minutes) == [15, 45, 15, 45, 30])
        for document in ["klyngepakke", "drejebog", "kommune", ""] {
            let page = try tree.read("_site/\(TestTree.fiktivbyMeeting)/\(document)\(document.isEmpty ? "" : "/")index.html")
            #expect(page.contains("16.00–16.15"), "\(document) shows the programme with clock times")
            #expect(page.contains("18.00–18.30"))
        }
    }

    @Test func eachClusterSeesItsOwnValuesOnly() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let clusters = ["fiktivby-nord", "eksempelstrup-vest"]
        let names = try clusters.map { slug in
            try tree.read("Content/clusters/\(slug)/cluster.yml").components(separatedBy: "\n")
                .first { $0.hasPrefix("name: ") }.map { String($0.dropFirst(6)) } ?? ""
        }
        let meetings = [TestTree.fiktivbyMeeting, TestTree.eksempelstrupMeeting]
        for (index, slug) in clusters.enumerated() {
            let meeting = String(meetings[index].dropFirst(slug.count + 1))
            for document in ["", meeting] + BuildTests.documents.map({ "\(meeting)/\($0)" }) {
                let page = try tree.read("_site/\(slug)/\(document)\(document.isEmpty ? "" : "/")index.html")
                #expect(page.contains(names[index]))
                #expect(!page.contains(names[1 - index]), "\(slug)/\(document) must not name the other cluster")
                #expect(!page.contains("{{") && !page.contains("}}"), "no template tag is left on \(slug)/\(document)")
            }
        }
    }

    @Test func contactAddressesAreTappableLinksAndMissingOnesAreLeftOut() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let sheet = try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/praksisark/index.html")
        #expect(sheet.contains(#"E-mail: <a href="mailto:birgitte.soerensen@example.dk">birgitte.soerensen@example.dk</a>"#))
        #expect(sheet.contains(#"E-mail: <a href="mailto:jonas.oelgaard@example.dk">jonas.oelgaard@example.dk</a>"#))
        #expect(!sheet.contains("(mangler)") && sheet.visibleText.components(separatedBy: "E-mail:").count == 3,
                "the region's address is null in regions.yml: its line is left out")
        let guide = try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/kommune/index.html")
        #expect(guide.contains(#"Anne Hansen, <a href="mailto:anne.hansen@example.dk">anne.hansen@example.dk</a>"#))
    }

    @Test func noPharmacyMeansNoPharmacyOnThePages() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let guide = try tree.read("_site/eksempelstrup-vest/2027-11-dosisdispensering/kommune/index.html").visibleText
        // The pharmacy's section, its column and its share of the dialogue are left out;
        // the text about pharmacies in general stays.
        #expect(guide.contains("Kommunen kan med fordel tænke apotekerne i området med"))
        #expect(!guide.contains("Apoteket: praktisk viden"))
        #expect(!guide.contains("Hvem kontaktes på apoteket?"))
        #expect(!guide.contains("Fælles dialog med kommunen og apoteket"))
        let withPharmacy = try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/kommune/index.html").visibleText
        #expect(!withPharmacy.contains("Kommunen kan med fordel tænke apotekerne i området med"))
        #expect(withPharmacy.contains("Apoteket: praktisk viden"))
        #expect(withPharmacy.contains("Hvem kontaktes på apoteket?"))
        #expect(withPharmacy.contains("Fiktivby Løve Apotek"))
    }
}

import Foundation
import Testing
@testable import KlyngeKit

/// A package of another shape than the dose package, in Tests/Fixtures/other-package:
/// a share and a rate over other columns, partner roles that are neither municipality
/// nor pharmacy, no survey and three documents. Built end to end with the real Theme;
/// nothing in Swift knows its words.
@Suite struct OtherPackageTests {
    static let fixture = TestTree.repository.appendingPathComponent("Tests/Fixtures/other-package/Content")

    static func tree() throws -> TestTree {
        let tree = try TestTree(copyingRealContent: false)
        try FileManager.default.copyItem(at: fixture, to: tree.url("Content"))
        try FileManager.default.copyItem(at: TestTree.repository.appendingPathComponent("Theme"), to: tree.url("Theme"))
        tree.now = DanishCalendar.date(Day(year: 2027, month: 1, day: 10))!
        return tree
    }

    static func text(_ tree: TestTree, _ page: String) throws -> String {
        try tree.read("_site/\(page)/index.html").visibleText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func buildsEveryPageOfBothMeetings() throws {
        let tree = try Self.tree()
        let report = try tree.buildSucceeds()
        for page in ["nordby/", "nordby/2027-09-antibiotika/", "sydby/2027-10-antibiotika/"] + ["oversigt", "tal", "parter"].map({ "nordby/2027-09-antibiotika/\($0)/" }) {
            #expect(report.files.contains { $0.path == "\(page)index.html" }, "\(page)")
        }
        #expect(!report.files.contains { $0.path.contains("survey") || $0.path.contains("spoergeskema") }, "no survey, no survey page")
    }

    @Test func figuresAreNumberedInTheOrderEachDocumentShowsThem() throws {
        let tree = try Self.tree()
        try tree.buildSucceeds()
        let overview = try Self.text(tree, "nordby/2027-09-antibiotika/oversigt")
        #expect(overview.contains("Figur 1. Recepter pr. 1.000 listede"))
        #expect(overview.contains("Figur 2. Andel penicillin af alle recepter"))
        let numbers = try Self.text(tree, "nordby/2027-09-antibiotika/tal")
        #expect(numbers.contains("Figur 1. Andel penicillin af alle recepter"), "the share is this document's first figure")
        #expect(!numbers.contains("Figur 2"))
    }

    @Test func theRateAndTheShareFollowTheDeclaredColumnsWithSuppression() throws {
        let tree = try Self.tree()
        try tree.buildSucceeds()
        let overview = try Self.text(tree, "nordby/2027-09-antibiotika/oversigt")
        // 400 of 2000 listed: 200.0 per 1,000; the practice with 3 prescriptions is <5.
        #expect(overview.contains("Praksis Recepter Pr. 1.000 listede"), "the table's heads are the declared labels")
        #expect(overview.contains("400 200,0"))
        #expect(overview.contains("<5 vises ikke"))
        #expect(overview.contains("Klyngen i alt 701–704"))
        #expect(overview.contains("Hele regionen – 250,5"), "the reference value")
        #expect(overview.contains("Prikket linje: hele regionen."))
        // 200 of 400 prescriptions are penicillin: 50 %.
        #expect(overview.contains("Praksis Recepter på penicillin Andel"))
        #expect(overview.contains("200 50 %"))
        #expect(overview.contains("Så små tal og deres andel vises ikke"))
        let south = try Self.text(tree, "sydby/2027-10-antibiotika/tal")
        #expect(south.contains("Klyngen i alt 100 33 %"), "no suppressed cell: the share is exact")
    }

    @Test func partnerWordingFitsEachMeetingsPartners() throws {
        let tree = try Self.tree()
        try tree.buildSucceeds()
        let north = try Self.text(tree, "nordby/2027-09-antibiotika/parter")
        #expect(north.contains("Til Nordby Sygehus og Regionens konsulent: Hospitalet og lægemiddelkonsulenten er inviteret."))
        #expect(north.contains("Dialog med hospitalet og lægemiddelkonsulenten"))
        #expect(north.contains("Ansvarlig: Lægemiddelkonsulenten"))
        #expect(north.contains("Konsulenten viser sine tal"))
        #expect(north.contains("Opfølgning: Opfølgning med hospitalet og lægemiddelkonsulenten, marts 2028."))
        let south = try Self.text(tree, "sydby/2027-10-antibiotika/parter")
        #expect(south.contains("Til Sydby Sygehus: Hospitalet er inviteret."))
        #expect(south.contains("Dialog med hospitalet (60 min.)"))
        #expect(south.contains("Oplæg (20 min.) Ansvarlig: Mødelederen"), "the stand-in leads the absent consultant's item")
        #expect(!south.lowercased().contains("konsulent"), "no word of a consultant where none takes part")
        #expect(try Self.text(tree, "sydby/2027-10-antibiotika/tal").contains("Uden konsulent."))
    }

    @Test func theCalendarCarriesTheDeclaredReminder() throws {
        let tree = try Self.tree()
        try tree.buildSucceeds()
        let calendar = try tree.read("_site/nordby/klyngemoede.ics")
        #expect(calendar.contains("UID:2027-09-antibiotika.nordby@klynger.example.org"))
        #expect(calendar.contains("UID:follow_up.2027-09-antibiotika.nordby@klynger.example.org"))
        // 14 September 2027 + 6 months is Tuesday 14 March 2028.
        #expect(calendar.contains("DTSTART;VALUE=DATE:20280314"))
        #expect(calendar.contains("DTSTAMP:20270105T100000Z"), "DTSTAMP is when the meeting was booked")
    }

    @Test func theKeyFileHasTheDeclaredColumns() throws {
        let tree = try Self.tree()
        try tree.buildSucceeds()
        let key = try tree.read("_private/nordby/2027-09-antibiotika/noegle.csv")
        #expect(key.contains("praksis;yder;listede;recepter;penicillin\r\n"))
        #expect(key.contains(";880001;2000;400;200\r\n"))
        for file in try tree.snapshot().values {
            let text = String(decoding: file, as: UTF8.self)
            #expect(!text.contains("880001") && !text.contains("770002"), "no provider number in the site")
        }
    }
}

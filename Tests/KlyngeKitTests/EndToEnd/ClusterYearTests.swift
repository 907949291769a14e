import Foundation
import Testing
@testable import KlyngeKit

/// A cluster's year on the real content: Fiktivby Nord's dose meeting (30 March 2027)
/// and its follow-up (18 April 2028), with both periods' extracts and the agreements.
@Suite struct ClusterYearTests {
    static let first = "fiktivby-nord/2027-03-dosisdispensering"
    static let followUp = "fiktivby-nord/2028-04-opfoelgning-dosisdispensering"

    static func text(_ tree: TestTree, _ page: String) throws -> String {
        try tree.read("_site/\(page)/index.html").visibleText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Printed QR codes point at a meeting's addresses: adding a meeting and removing
    /// another changes neither the practice sheet's address nor its code.
    @Test func aMeetingsAddressesStayWhenOtherMeetingsComeAndGo() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let sheet = "_site/\(Self.first)/praksisark/index.html"
        let handout = try tree.read("_site/\(Self.first)/uddelingskopi/index.html")
        let code = try #require(handout.range(of: "<svg class=\"qr-code\"").map { String(handout[$0.lowerBound...].prefix(while: { $0 != "\n" })) })
        #expect(code.contains("https://klynger.kiap.dk/\(Self.first)/praksisark/"))
        try ClusterScaffold.createMeeting(cluster: "fiktivby-nord", package: "dosisdispensering", date: "2029-02-06", root: tree.root)
        try tree.replace(in: "Content/clusters/fiktivby-nord/2029-02-dosisdispensering/meeting.yml", "start: null", with: "start: \"16.00\"")
        try tree.replace(in: "Content/clusters/fiktivby-nord/2029-02-dosisdispensering/meeting.yml", "venue: null", with: "venue: Huset")
        try tree.replace(in: "Content/clusters/fiktivby-nord/2029-02-dosisdispensering/meeting.yml", "    name: null\n    contact:", with: "    name: Fiktivby Kommune\n    contact:")
        try tree.remove("Content/clusters/\(Self.followUp)")
        try tree.buildSucceeds()
        #expect(tree.exists(sheet))
        #expect(tree.exists("_site/fiktivby-nord/2029-02-dosisdispensering/praksisark/index.html"))
        #expect(!tree.exists("_site/\(Self.followUp)/opfoelgning/index.html"), "the removed meeting's pages are gone")
        let after = try tree.read("_site/\(Self.first)/uddelingskopi/index.html")
        #expect(after.contains(code), "the handout's QR code is the same to the byte")
    }

    @Test func theFollowUpShowsBothPeriodsAndTheChangeUnderSuppression() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let page = try Self.text(tree, "\(Self.followUp)/opfoelgning")
        #expect(page.contains("Figur 1. Patienter på dosisdispenseret medicin pr. 1.000 sikrede"))
        #expect(page.contains("Praksis Patienter, 2026 Pr. 1.000 sikrede, 2026 Patienter, 2027 Pr. 1.000 sikrede, 2027 Ændring"))
        // A practice that was <5 and is now shown: its change is not, since it would tell the old count.
        #expect(page.contains("<5 <5 9 3,3 vises ikke"))
        #expect(page.contains("Figur 2. Patienter med medicinadministration"))
        // The first meeting's handout and the follow-up give a practice one letter:
        // provider 990109 (27 then, 31 now) is the same letter in both.
        let handout = try Self.text(tree, "\(Self.first)/uddelingskopi")
        let letter = try #require(handout.firstMatch(of: /Praksis ([A-J]) 27 8,7/)?.1)
        #expect(page.contains("Praksis \(letter) 27 8,7 31 9,8 +1,2"))
    }

    @Test func theFollowUpListsTheAgreementsWithTheirStatus() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let page = try Self.text(tree, "\(Self.followUp)/opfoelgning")
        #expect(page.contains("Skrive en fælles arbejdsgang for ændringer i dosisdispenseret medicin ved udskrivelse – klyngens bestyrelse, senest 1. september 2027, sammen med kommunen og apoteket. Gennemført."))
        #expect(page.contains("Tage emnet op i det kommunalt-lægelige udvalg – klyngens repræsentant i udvalget, sammen med kommunen. Opgivet."))
        #expect(try tree.read("_site/\(Self.followUp)/opfoelgning/index.html").contains("task-box"), "a list to check off")
    }

    /// The cluster's page: the next meeting first, then the later ones, then the held
    /// ones with their agreements; the front page names each cluster's next meeting.
    @Test func theClusterPageOrdersItsMeetingsFromTheBuildsDay() throws {
        let tree = try TestTree()
        tree.now = DanishCalendar.date(Day(year: 2027, month: 6, day: 1))!
        try tree.buildSucceeds()
        let cluster = try Self.text(tree, "fiktivby-nord")
        let next = try #require(cluster.range(of: "Næste møde"))
        let held = try #require(cluster.range(of: "Holdte møder"))
        #expect(cluster[next.upperBound...].hasPrefix(" Opfølgning på dosisdispensering tirsdag den 18. april 2028"))
        #expect(cluster[held.upperBound...].contains("Dosisdispensering i almen praksis"))
        #expect(cluster[held.upperBound...].contains("Aftale faste kontaktpersoner for akutte ændringer"))
        #expect(try Self.text(tree, "").contains("Klynge Fiktivby Nord Næste møde: Opfølgning på dosisdispensering tirsdag den 18. april 2028"))
    }

    /// One calendar per cluster with every meeting and every reminder; importing it
    /// again updates the events, so UIDs name the meeting and DTSTAMP is its booking.
    @Test func theCalendarHoldsEveryMeetingAndReminder() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let calendar = try tree.read("_site/fiktivby-nord/klyngemoede.ics")
        for uid in ["2027-03-dosisdispensering.fiktivby-nord@klynger.kiap.dk", "follow_up.2027-03-dosisdispensering.fiktivby-nord@klynger.kiap.dk",
                    "2028-04-opfoelgning-dosisdispensering.fiktivby-nord@klynger.kiap.dk"] {
            #expect(calendar.contains("UID:\(uid)\r\n"), "\(uid)")
        }
        #expect(calendar.contains("DTSTAMP:20261120T090000Z"))
        #expect(calendar.contains("DTSTAMP:20271202T083000Z"))
        #expect(!calendar.contains("DTSTAMP:20270330T140000Z"), "never the meeting's own start")
        // Eksempelstrup Vest's follow-up day, 4 November 2028, is a Saturday: the reminder moves to Monday 6 November.
        let other = try tree.read("_site/eksempelstrup-vest/klyngemoede.ics")
        #expect(other.contains("DTSTART;VALUE=DATE:20281106"))
        #expect(other.replacingOccurrences(of: "\r\n ", with: "").contains("Dagen er flyttet til mandag\\, fordi 4. november 2028 er en lørdag."))
    }

    @Test func aFollowUpOfAMeetingThatDoesNotExist() throws {
        let tree = try TestTree()
        try tree.replace(in: "Content/clusters/\(Self.followUp)/meeting.yml", "follows_up: 2027-03-dosisdispensering", with: "follows_up: 2027-04-dosisdispensering")
        let errors = try tree.buildFails()
        #expect(errors.count == 1)
        #expect(errors[0].location == SourceLocation(path: "Content/clusters/\(Self.followUp)/meeting.yml", line: 4, column: 13))
        #expect(errors[0].message.contains("no meeting '2027-04-dosisdispensering' in this cluster to follow up on; did you mean '2027-03-dosisdispensering'?"))
    }

    @Test func anAgreementDatedBeforeItsMeeting() throws {
        let tree = try TestTree()
        let path = "Content/clusters/\(Self.first)/agreements.yml"
        try tree.replace(in: path, "due: 2027-05-15", with: "due: 2027-03-15")
        let line = try #require(try tree.read(path).components(separatedBy: "\n").firstIndex { $0.hasSuffix("due: 2027-03-15") }) + 1
        let errors = try tree.buildFails()
        #expect(errors.count == 1)
        #expect(errors[0].location.path == path)
        #expect(errors[0].location.line == line, "the line of the due date")
        #expect(errors[0].message.contains("due on 2027-03-15, before its meeting (2027-03-30)"))
    }

    @Test func aPeriodInTheDataThatNoMeetingUses() throws {
        let tree = try TestTree()
        try tree.replace(in: "Content/clusters/\(Self.followUp)/meeting.yml", "date: 2028-04-18", with: "date: 2028-04-18\nperiod: \"2028\"")
        let errors = try tree.buildFails()
        #expect(errors.count == 1)
        #expect(errors[0].location.path == "Content/clusters/\(Self.followUp)/practices.csv")
        #expect(errors[0].message.contains("the period '2027' is used by no meeting"))
    }

    @Test func twoMeetingsCannotShareAnAddress() throws {
        let tree = try TestTree()
        #expect(throws: ClusterScaffold.Failure.self) {
            try ClusterScaffold.createMeeting(cluster: "fiktivby-nord", package: "dosisdispensering", date: "2027-03-02", root: tree.root)
        }
    }

    @Test func aHeldMeetingWithoutAgreementsIsAWarning() throws {
        let tree = try TestTree()
        try tree.remove("Content/clusters/\(Self.first)/agreements.yml")
        let report = try tree.buildSucceeds()
        #expect(report.warnings.contains { $0.location.path == "Content/clusters/\(Self.first)/agreements.yml" } == false,
                "not yet held on the tree's day (1 November 2026)")
        tree.now = DanishCalendar.date(Day(year: 2027, month: 4, day: 2))!
        let later = try tree.buildSucceeds()
        #expect(later.warnings.filter { $0.location.path == "Content/clusters/\(Self.first)/agreements.yml" && $0.message.contains("not written down") }.count == 1)
        let errorsFromFollowUp = try Self.text(tree, "\(Self.followUp)/opfoelgning")
        #expect(errorsFromFollowUp.contains("Aftalerne fra sidste møde er ikke skrevet ind endnu."))
    }
}

import Foundation
import Testing
@testable import KlyngeKit

/// The programme in clock time wherever it appears, the partners' own slots, the run
/// sheet's timeline and the warnings about passed deadlines.
@Suite struct TimelineTests {
    let cluster = "Content/clusters/fiktivby-nord/cluster.yml"

    /// The rows of the programme table: (title cell text, lead) for each item.
    func itemRows(_ html: String) -> [(text: String, lead: String)] {
        html.matches(of: #/<tr class="item-row[^"]*"><td class="time">[^<]*</td><td>(.*?)<span class="lead-inline">.*?</td><td class="lead">([^<]*)</td></tr>/#)
            .map { (String($0.1).visibleText.trimmingCharacters(in: .whitespaces), String($0.2)) }
    }

    @Test func theProgrammeHasClockTimesWhereverItAppears() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        for page in ["index.html", "klyngepakke/index.html", "drejebog/index.html", "kommune/index.html"] {
            let html = try tree.read("_site/fiktivby-nord/\(page)")
            let text = html.visibleText
            #expect(text.contains("Program for klyngemødet tirsdag den 30. marts 2027, kl. 16.00–18.30"), "\(page)")
            #expect(text.contains("16.00–16.15 Velkommen"), "\(page)")
            #expect(text.contains(page.hasPrefix("kommune") ? "17.15–17.25 Jeres indslag Oplæg fra kommunen" : "17.15–17.25 Oplæg fra kommunen"), "\(page)")
            #expect(text.contains("18.15–18.30 Fælles dialog i klyngen og med kommunen og apoteket"), "\(page)")
        }
        // Another start time moves every row.
        #expect(try tree.read("_site/eksempelstrup-vest/index.html").visibleText.contains("15.30–15.45 Velkommen"))
    }

    @Test func theMunicipalityGuideMarksThePartnersOwnSlotsInText() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let guide = itemRows(try tree.read("_site/fiktivby-nord/kommune/index.html"))
        let marked = guide.filter { $0.text.hasPrefix("Jeres indslag ") }.map(\.text)
        #expect(marked.count == 2)
        #expect(marked.contains { $0.hasPrefix("Jeres indslag Praktisk viden om dosisdispensering") })
        #expect(marked.contains { $0.hasPrefix("Jeres indslag Oplæg fra kommunen") })
        #expect(guide.contains { $0.text.hasPrefix("Jeres indslag Praktisk viden") && $0.lead == "Mødelederen (video) og apoteket" })
        #expect(try tree.read("_site/fiktivby-nord/kommune/index.html").visibleText
            .contains("Jeres indslag står ved de punkter, hvor Fiktivby Kommune eller Fiktivby Løve Apotek har sin egen del."))

        // Without a pharmacy, only the municipality's slot is theirs.
        let withoutPharmacy = itemRows(try tree.read("_site/eksempelstrup-vest/kommune/index.html"))
        #expect(withoutPharmacy.filter { $0.text.hasPrefix("Jeres indslag ") }.map { $0.text.prefix(32) } == ["Jeres indslag Oplæg fra kommunen"])
        #expect(withoutPharmacy.contains { $0.text.hasPrefix("Praktisk viden") && $0.lead == "Mødelederen (video)" })

        // The coordinator's documents name who leads, without addressing anyone as "Jeres".
        let runSheet = try tree.read("_site/fiktivby-nord/drejebog/index.html")
        #expect(!runSheet.contains("Jeres indslag"))
        #expect(itemRows(runSheet).contains { $0.text.hasPrefix("Oplæg fra kommunen") && $0.lead == "Kommunen" })
    }

    @Test func anUnknownProgrammeViewIsAnError() throws {
        let tree = try TestTree()
        let path = "Content/packages/dosisdispensering/kommune.md"
        try tree.replace(in: path, "programme: partners", with: "programme: partner")
        let errors = try tree.buildFails()
        #expect(errors.map(\.description) == ["\(path):5:12: error: unknown programme view 'partner'; the only one is 'partners'"])
    }

    @Test func theRunSheetShowsTheTimelineInOrder() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let html = try tree.read("_site/fiktivby-nord/drejebog/index.html")
        let list = try #require(html.firstMatch(of: #/<ol class="timeline">(.*?)</ol>/#.dotMatchesNewlines()))
        let entries = String(list.1).matches(of: #/<li>(.*?)</li>/#.dotMatchesNewlines()).map { String($0.1).visibleText }
        #expect(entries.count == 5)
        let expected = [
            "Senest tirsdag den 2. februar 2027 Bestil klyngepakken (8 uger før mødet).",
            "Senest tirsdag den 16. marts 2027 Det færdige materiale kommer fra KiAP: slides, uddelingskopi og praksisark",
            "Mellem tirsdag den 16. marts 2027 og mandag den 29. marts 2027 Formøde med kommunen og apoteket",
            "tirsdag den 30. marts 2027 , kl. 16.00–18.30 Klyngemødet",
            "I marts 2028 (12 måneder efter mødet) Opfølgning på aftalerne",

        ]
        for (entry, start) in zip(entries, expected) {
            #expect(entry.trimmingCharacters(in: .whitespaces).hasPrefix(start), "\(entry)")
        }
        #expect(html.contains(#"<time datetime="2027-02-02">"#))
        #expect(html.contains(#"<time datetime="2028-03">"#))
        // Without a pharmacy the pre-meeting is with the municipality alone.
        #expect(try tree.read("_site/eksempelstrup-vest/drejebog/index.html").visibleText.contains("Formøde med kommunen , når"))
    }

    @Test func deadlinesAreTemplateValuesInAnyDocument() throws {
        let tree = try TestTree()
        let path = "Content/packages/dosisdispensering/praksisark.md"
        try tree.write(path, try tree.read(path) + "\nFrister: {{deadlines.order}} / {{deadlines.material}} / {{deadlines.pre_meeting_from}} / {{deadlines.pre_meeting_until}} / {{deadlines.follow_up}} / {{deadlines.iso.meeting}}\n")
        try tree.buildSucceeds()
        #expect(try tree.read("_site/fiktivby-nord/praksisark/index.html").visibleText.contains(
            "Frister: tirsdag den 2. februar 2027 / tirsdag den 16. marts 2027 / tirsdag den 16. marts 2027 / mandag den 29. marts 2027 / torsdag den 30. marts 2028 / 2027-03-30"))
    }

    func passedWarnings(asOf day: Day) throws -> [String] {
        let tree = try TestTree()
        tree.now = DanishCalendar.date(day, at: ClockTime(hour: 8, minute: 0))!
        return try tree.buildSucceeds().warnings.filter { $0.message.hasSuffix("has passed") }.map(\.description)
    }

    @Test func aBuildAfterADeadlineWarnsPerClusterAndDeadline() throws {
        let text = try String(contentsOf: TestTree.repository.appendingPathComponent(cluster), encoding: .utf8)
        let dateLine = (text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("  date: ") } ?? -1) + 1
        #expect(try passedWarnings(asOf: Day(year: 2027, month: 3, day: 20)) == [
            "\(cluster):\(dateLine):9: warning: the deadline 'Bestil klyngepakken' (tirsdag den 2. februar 2027) for cluster 'Klynge Fiktivby Nord' has passed",
            "\(cluster):\(dateLine):9: warning: the deadline 'Færdige slides, uddelingskopi og praksisark' (tirsdag den 16. marts 2027) for cluster 'Klynge Fiktivby Nord' has passed",
        ])
    }

    @Test func aDeadlinesOwnDayHasNotPassed() throws {
        #expect(try passedWarnings(asOf: Day(year: 2026, month: 11, day: 1)).isEmpty)
        #expect(try passedWarnings(asOf: Day(year: 2027, month: 2, day: 2)).isEmpty)
        #expect(try passedWarnings(asOf: Day(year: 2027, month: 2, day: 3)).count == 1)
    }

    @Test func theFollowUpWarnsOnlyOnceItHasPassedToo() throws {
        let warnings = try passedWarnings(asOf: Day(year: 2028, month: 3, day: 31))
        #expect(warnings.filter { $0.contains("'Klynge Fiktivby Nord'") }.count == 3)
        #expect(warnings.contains { $0.contains("'Opfølgning på aftalerne' (torsdag den 30. marts 2028) for cluster 'Klynge Fiktivby Nord'") })
        // Eksempelstrup Vest met on 4 November 2027: its follow-up is still ahead.
        #expect(warnings.filter { $0.contains("'Klynge Eksempelstrup Vest'") }.count == 2)
        #expect(!warnings.contains { $0.contains("Opfølgning") && $0.contains("Eksempelstrup") })
    }

    @Test func theBuiltSiteDoesNotDependOnTheClock() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let before = try tree.snapshot()
        tree.now = DanishCalendar.date(Day(year: 2029, month: 1, day: 1))!
        try tree.buildSucceeds()
        #expect(try tree.snapshot() == before)
    }
}

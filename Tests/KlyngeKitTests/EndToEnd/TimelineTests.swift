import Foundation
import Testing
@testable import KlyngeKit

/// The programme in clock time wherever it appears, the partners' own slots, the run
/// sheet's timeline and the warnings about passed deadlines.
@Suite struct TimelineTests {
    let meeting = "Content/clusters/\(TestTree.fiktivbyMeeting)/meeting.yml"

    /// The rows of the programme table: (title cell text, lead) for each item.
    func itemRows(_ html: String) -> [(text: String, lead: String)] {
        html.matches(of: #/<tr class="item-row[^"]*"><td class="time">[^<]*</td><td>(.*?)<span class="lead-inline">.*?</td><td class="lead">([^<]*)</td></tr>/#)
            .map { (String($0.1).visibleText.trimmingCharacters(in: .whitespaces), String($0.2)) }
    }

    @Test func theProgrammeHasClockTimesWhereverItAppears() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        for page in ["index.html", "klyngepakke/index.html", "drejebog/index.html", "kommune/index.html"] {
            let html = try tree.read("_site/\(TestTree.fiktivbyMeeting)/\(page)")
            let text = html.visibleText
            #expect(text.contains("Program for klyngemødet tirsdag den 30. marts 2027, kl. 16.00–18.30"), "\(page)")
            #expect(text.contains("16.00–16.15 Velkommen"), "\(page)")
            #expect(text.contains(page.hasPrefix("kommune") ? "17.15–17.25 Jeres indslag Oplæg fra kommunen" : "17.15–17.25 Oplæg fra kommunen"), "\(page)")
            #expect(text.contains("18.15–18.30 Fælles dialog i klyngen og med kommunen og apoteket"), "\(page)")
        }
        // Another start time moves every row.
        #expect(try tree.read("_site/\(TestTree.eksempelstrupMeeting)/index.html").visibleText.contains("15.30–15.45 Velkommen"))
    }

    @Test func theMunicipalityGuideMarksThePartnersOwnSlotsInText() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let guide = itemRows(try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/kommune/index.html"))
        let marked = guide.filter { $0.text.hasPrefix("Jeres indslag ") }.map(\.text)
        #expect(marked.count == 2)
        #expect(marked.contains { $0.hasPrefix("Jeres indslag Praktisk viden om dosisdispensering") })
        #expect(marked.contains { $0.hasPrefix("Jeres indslag Oplæg fra kommunen") })
        #expect(guide.contains { $0.text.hasPrefix("Jeres indslag Praktisk viden") && $0.lead == "Mødelederen (video) og apoteket" })
        #expect(try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/kommune/index.html").visibleText
            .contains("Jeres indslag står ved de punkter, hvor Fiktivby Kommune eller Fiktivby Løve Apotek har sin egen del."))

        // Without a pharmacy, only the municipality's slot is theirs.
        let withoutPharmacy = itemRows(try tree.read("_site/eksempelstrup-vest/2027-11-dosisdispensering/kommune/index.html"))
        #expect(withoutPharmacy.filter { $0.text.hasPrefix("Jeres indslag ") }.map { $0.text.prefix(32) } == ["Jeres indslag Oplæg fra kommunen"])
        #expect(withoutPharmacy.contains { $0.text.hasPrefix("Praktisk viden") && $0.lead == "Mødelederen (video)" })

        // The coordinator's documents name who leads, without addressing anyone as "Jeres".
        let runSheet = try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/drejebog/index.html")
        #expect(!runSheet.contains("Jeres indslag"))
        #expect(itemRows(runSheet).contains { $0.text.hasPrefix("Oplæg fra kommunen") && $0.lead == "Kommunen" })
    }

    /// The view of a document (its programme for the partners) is declared in package.yml.
    @Test func anUnknownDocumentViewIsAnError() throws {
        let tree = try TestTree()
        let path = "Content/packages/dosisdispensering/package.yml"
        try tree.replace(in: path, "{ slug: kommune, view: partners }", with: "{ slug: kommune, view: partner }")
        let lines = try tree.read(path).components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.contains("view: partner }") }) + 1
        let column = try #require(lines[line - 1].range(of: "partner }")).lowerBound.utf16Offset(in: lines[line - 1]) + 1
        let errors = try tree.buildFails()
        let error = try #require(errors.first { $0.location.path == path })
        #expect(error.location == SourceLocation(path: path, line: line, column: column))
        #expect(error.message.hasPrefix("unknown view 'partner'"))
        #expect(error.message.contains("did you mean 'partners'?"))
    }

    @Test func theRunSheetShowsTheTimelineInOrder() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let html = try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/drejebog/index.html")
        let list = try #require(html.firstMatch(of: #/<ol class="timeline">(.*?)</ol>/#.dotMatchesNewlines()))
        let entries = String(list.1).matches(of: #/<li>(.*?)</li>/#.dotMatchesNewlines()).map { String($0.1).visibleText }
        #expect(entries.count == 6)
        let expected = [
            "Senest tirsdag den 2. februar 2027 Bestil klyngepakken (8 uger før mødet).",
            "Senest tirsdag den 9. marts 2027 Svarene på spørgeskemaet er kommet ind (3 uger før mødet).",
            "Senest tirsdag den 16. marts 2027 Det færdige materiale (2 uger før mødet). KiAP sender slides, uddelingskopi og praksisark.",
            "Senest mandag den 29. marts 2027 Formøde med kommunen og apoteket (1 dag før mødet).",
            "tirsdag den 30. marts 2027 , kl. 16.00–18.30 Klyngemødet",
            "I marts 2028 Opfølgning på aftalerne (12 måneder efter mødet).",
        ]
        for (entry, start) in zip(entries, expected) {
            #expect(entry.trimmingCharacters(in: .whitespaces).hasPrefix(start), "\(entry)")
        }
        #expect(html.contains(#"<time datetime="2027-02-02">"#))
        // Without a pharmacy the pre-meeting is with the municipality alone.
        #expect(try tree.read("_site/eksempelstrup-vest/2027-11-dosisdispensering/drejebog/index.html").visibleText.contains("Formøde med kommunen (1 dag før mødet)"))
    }

    /// A deadline shown as a month ("I marts 2028") carries a month, not a day, in its `<time>`.
    @Test
    func aDeadlineShownAsAMonthHasAMonthDatetime() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let html = try tree.read("_site/\(TestTree.fiktivbyMeeting)/drejebog/index.html")
        #expect(html.contains(#"I <time datetime="2028-03">marts 2028</time>"#))
    }

    @Test func deadlinesAreTemplateValuesInAnyDocument() throws {
        let tree = try TestTree()
        let path = "Content/packages/dosisdispensering/praksisark.md"
        try tree.write(path, try tree.read(path) + "\nFrister: {{deadlines.order.date}} / {{deadlines.material.date}} / {{deadlines.pre_meeting_until.date}} / {{deadlines.follow_up.date}} / {{deadlines.follow_up.month}} / {{deadlines.order.iso}} / {{meeting.iso_date}}\n")
        try tree.buildSucceeds()
        #expect(try tree.read("_site/fiktivby-nord/2027-03-dosisdispensering/praksisark/index.html").visibleText.contains(
            "Frister: tirsdag den 2. februar 2027 / tirsdag den 16. marts 2027 / mandag den 29. marts 2027 / torsdag den 30. marts 2028 / marts 2028 / 2027-02-02 / 2027-03-30"))
    }

    func passedWarnings(asOf day: Day) throws -> [String] {
        let tree = try TestTree()
        tree.now = DanishCalendar.date(day, at: ClockTime(hour: 8, minute: 0))!
        return try tree.buildSucceeds().warnings.filter { $0.message.hasSuffix("has passed") }.map(\.description)
    }

    @Test func aBuildAfterADeadlineWarnsPerClusterAndDeadline() throws {
        let text = try String(contentsOf: TestTree.repository.appendingPathComponent(meeting), encoding: .utf8)
        let dateLine = (text.components(separatedBy: "\n").firstIndex { $0.hasPrefix("date: ") } ?? -1) + 1
        // The build's warnings come sorted by place and text, not by day.
        #expect(try passedWarnings(asOf: Day(year: 2027, month: 3, day: 20)).sorted() == [
            "\(meeting):\(dateLine):7: warning: the deadline 'Bestil klyngepakken' (tirsdag den 2. februar 2027) for cluster 'Klynge Fiktivby Nord' has passed",
            "\(meeting):\(dateLine):7: warning: the deadline 'Svarene på spørgeskemaet er kommet ind' (tirsdag den 9. marts 2027) for cluster 'Klynge Fiktivby Nord' has passed",
            "\(meeting):\(dateLine):7: warning: the deadline 'Det færdige materiale' (tirsdag den 16. marts 2027) for cluster 'Klynge Fiktivby Nord' has passed",
        ].sorted())
    }

    @Test func aDeadlinesOwnDayHasNotPassed() throws {
        #expect(try passedWarnings(asOf: Day(year: 2026, month: 11, day: 1)).isEmpty)
        #expect(try passedWarnings(asOf: Day(year: 2027, month: 2, day: 2)).isEmpty)
        #expect(try passedWarnings(asOf: Day(year: 2027, month: 2, day: 3)).count == 1)
    }

    /// Deadlines are warned about only for a meeting still to come; a meeting that has
    /// been held warns once that its agreements are not written down, not about deadlines.
    @Test func aHeldMeetingWarnsAboutItsAgreementsNotItsDeadlines() throws {
        // Fiktivby Nord met on 30 March 2027; Eksempelstrup Vest meets on 4 November 2027.
        let tree = try TestTree()
        // The example's agreements are written down: taken away, the held meeting lacks them.
        try tree.remove("Content/clusters/\(TestTree.fiktivbyMeeting)/agreements.yml")
        tree.now = DanishCalendar.date(Day(year: 2027, month: 10, day: 31), at: ClockTime(hour: 8, minute: 0))!
        let warnings = try tree.buildSucceeds().warnings.map(\.description)
        let passed = warnings.filter { $0.hasSuffix("has passed") }
        #expect(!passed.contains { $0.contains("'Klynge Fiktivby Nord'") })
        // Ordering (9 September), the survey's answers (14 October) and the material (21 October).
        #expect(passed.filter { $0.contains("'Klynge Eksempelstrup Vest'") }.count == 3)
        let agreements = warnings.filter { $0.contains("agreements are not written down") }
        #expect(agreements == [
            "Content/clusters/\(TestTree.fiktivbyMeeting)/agreements.yml:1:1: warning: the meeting on 30. marts 2027 has been held, but its agreements are not written down yet",
        ])
        // Once the agreements are written down, the held meeting warns about nothing.
        try tree.write("Content/clusters/\(TestTree.fiktivbyMeeting)/agreements.yml", "agreements: []\n")
        let after = try tree.buildSucceeds().warnings.map(\.description)
        #expect(!after.contains { $0.contains("agreements are not written down") || ($0.contains("Fiktivby Nord") && $0.hasSuffix("has passed")) })
        // Long after both meetings, not even the follow-ups warn.
        #expect(try passedWarnings(asOf: Day(year: 2029, month: 1, day: 1)).isEmpty)
    }

    @Test func theBuiltSiteDoesNotDependOnTheClock() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let before = try tree.snapshot()
        tree.now = DanishCalendar.date(Day(year: 2029, month: 1, day: 1))!
        try tree.buildSucceeds()
        let after = try tree.snapshot()
        // The front page and each cluster's page list the meetings as coming or held,
        // so they (and only they) follow the day of the build.
        let listings: Set<String> = ["index.html", "fiktivby-nord/index.html", "eksempelstrup-vest/index.html"]
        #expect(Set(after.keys) == Set(before.keys))
        #expect(after.filter { !listings.contains($0.key) } == before.filter { !listings.contains($0.key) },
                "meeting pages, documents, calendars and assets do not depend on the clock")
        let clusterBefore = String(decoding: before["fiktivby-nord/index.html"] ?? Data(), as: UTF8.self)
        let clusterAfter = String(decoding: after["fiktivby-nord/index.html"] ?? Data(), as: UTF8.self)
        #expect(clusterBefore.contains(#"<h2 id="naeste">Næste møde</h2>"#) && !clusterBefore.contains(#"id="holdte""#))
        #expect(clusterAfter.contains(#"<h2 id="holdte">Holdte møder</h2>"#) && !clusterAfter.contains(#"id="naeste""#))
    }
}

import Foundation
import Testing
@testable import KlyngeKit

/// The calendar file: RFC 5545 text, stable identifiers, and links to it.
@Suite struct CalendarTests {
    /// Joins folded lines again (RFC 5545 §3.1).
    func unfold(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n ", with: "")
    }

    func octetLines(_ text: String) -> [[UInt8]] {
        Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    @Test func escapesTextValues() {
        #expect(ICalendarText.escape(#"Sal 2; bygning B, 1. sal \ bagindgang"#) == #"Sal 2\; bygning B\, 1. sal \\ bagindgang"#)
        #expect(ICalendarText.escape("første linje\nanden\r\ntredje") == #"første linje\nanden\ntredje"#)
    }

    @Test func foldsLongLinesAt75OctetsWithCRLF() {
        let line = "DESCRIPTION:" + String(repeating: "abcdefghij", count: 20)
        let folded = ICalendarText.fold(line)
        let lines = octetLines(folded)
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.last == 0x0D && $0.count - 1 <= 75 })
        #expect(lines[0].count - 1 == 75)
        #expect(lines.dropFirst().allSatisfy { $0.first == 0x20 })
        #expect(unfold(folded) == line + "\r\n")
        #expect(ICalendarText.fold("VERSION:2.0") == "VERSION:2.0\r\n")
    }

    @Test func neverSplitsAUTF8Sequence() {
        // ø is two octets and 🗓 four: an odd offset puts a character across the 75th octet.
        for line in ["SUMMARY:" + String(repeating: "ø", count: 120), "SUMMARY:x" + String(repeating: "ø", count: 120),
                     "SUMMARY:" + String(repeating: "🗓", count: 60), "SUMMARY:ab" + String(repeating: "🗓", count: 60)] {
            let folded = ICalendarText.fold(line)
            for bytes in octetLines(folded) {
                #expect(bytes.count - 1 <= 75)
                #expect(String(validating: bytes.dropLast(), as: UTF8.self) != nil, "a line split inside a character")
            }
            #expect(unfold(folded) == line + "\r\n")
        }
    }

    @Test func theMeetingIsAnEventInCopenhagenTimeWithAFollowUp() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let ics = try tree.read("_site/fiktivby-nord/klyngemoede.ics")
        #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(ics.hasSuffix("END:VCALENDAR\r\n"))
        for bytes in octetLines(ics) {
            #expect(bytes.last == 0x0D && bytes.count - 1 <= 75)
        }
        let lines = unfold(ics).components(separatedBy: "\r\n")
        for expected in [
            "TZID:Europe/Copenhagen",
            "UID:2027-03-dosisdispensering.fiktivby-nord@klynger.kiap.dk",
            // The moment the meeting was booked (meeting.yml `booked:`), not the build's.
            "DTSTAMP:20261120T090000Z",
            "DTSTART;TZID=Europe/Copenhagen:20270330T160000",
            "DTEND;TZID=Europe/Copenhagen:20270330T183000",
            #"LOCATION:Fiktivby Sundhedshus\, mødesal 2\, Eksempelvej 12\, 9999 Fiktivby"#,
            "URL:https://klynger.kiap.dk/fiktivby-nord/2027-03-dosisdispensering/",
            "UID:follow_up.2027-03-dosisdispensering.fiktivby-nord@klynger.kiap.dk",
            "DTSTART;VALUE=DATE:20280330",
            "DTEND;VALUE=DATE:20280331",
        ] {
            #expect(lines.contains(expected), "\(expected)")
        }
        #expect(lines.contains { $0.hasPrefix("DESCRIPTION:") && $0.hasSuffix(#"\nProgram\, dokumenter og kontakter: https://klynger.kiap.dk/fiktivby-nord/2027-03-dosisdispensering/"#) })
        // Two meetings (the follow-up in April 2028 too), each with its follow-up reminder.
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 4)

        // Winter time: the same local clock, another UTC offset.
        let winter = unfold(try tree.read("_site/eksempelstrup-vest/klyngemoede.ics"))
        #expect(winter.contains("DTSTART;TZID=Europe/Copenhagen:20271104T153000\r\n"))
        #expect(winter.contains("DTEND;TZID=Europe/Copenhagen:20271104T180000\r\n"))
        #expect(winter.contains("DTSTAMP:20270112T133000Z\r\n"), "booked: 2027-01-12T13:30:00Z")
        // Its follow-up falls on Saturday 4 November 2028: the reminder moves to the Monday.
        #expect(winter.contains("DTSTART;VALUE=DATE:20281106\r\n"))
    }

    @Test func identifiersStayWhenTheMeetingChangesAndDifferBetweenClusters() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        func uids(_ slug: String) throws -> [String] {
            try tree.read("_site/\(slug)/klyngemoede.ics").components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
        }
        let before = try uids("fiktivby-nord")
        #expect(before.count == 4, "two meetings and their reminders")
        let meeting = "Content/clusters/\(TestTree.fiktivbyMeeting)/meeting.yml"
        try tree.replace(in: meeting, "venue: Fiktivby Sundhedshus, mødesal 2", with: "venue: Rådhuset")
        try tree.replace(in: meeting, "date: 2027-03-30", with: "date: 2027-04-06")
        try tree.buildSucceeds()
        #expect(try uids("fiktivby-nord") == before)
        #expect(Set(try uids("eksempelstrup-vest")).isDisjoint(with: before))
        #expect(try tree.read("_site/fiktivby-nord/klyngemoede.ics").contains("DTSTART;TZID=Europe/Copenhagen:20270406T160000\r\n"))
    }

    @Test func clusterTextIsEscapedAndFolded() throws {
        let tree = try TestTree()
        let venue = "Sal 2; bygning B, 1. sal \\\\ bagindgang – følg skiltene til mødelokalet på førstesalen"
        try tree.replace(in: "Content/clusters/\(TestTree.fiktivbyMeeting)/meeting.yml", "venue: Fiktivby Sundhedshus, mødesal 2", with: "venue: \"\(venue)\"")
        try tree.buildSucceeds()
        let ics = try tree.read("_site/fiktivby-nord/klyngemoede.ics")
        let location = try #require(unfold(ics).components(separatedBy: "\r\n").first { $0.hasPrefix("LOCATION:") })
        #expect(location == #"LOCATION:Sal 2\; bygning B\, 1. sal \\ bagindgang – følg skiltene til mødelokalet på førstesalen\, Eksempelvej 12\, 9999 Fiktivby"#)
        for bytes in octetLines(ics) {
            #expect(bytes.count - 1 <= 75)
            #expect(String(validating: bytes, as: UTF8.self) != nil)
        }
    }

    @Test func theOverviewAndThePracticeSheetLinkTheCalendar() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let clusterPage = try tree.read("_site/fiktivby-nord/index.html")
        #expect(clusterPage.contains(#"<a href="klyngemoede.ics" type="text/calendar" download>Føj alle møder til kalenderen</a>"#))
        let overview = try tree.read("_site/\(TestTree.fiktivbyMeeting)/index.html")
        #expect(overview.contains(#"<a href="../klyngemoede.ics" type="text/calendar" download>Føj til kalender</a>"#))
        let sheet = try tree.read("_site/\(TestTree.fiktivbyMeeting)/praksisark/index.html")
        #expect(sheet.contains(#"<a href="../../klyngemoede.ics" type="text/calendar" download>Føj til kalender</a>"#))
        #expect(tree.exists("_site/\(TestTree.fiktivbyMeeting)/praksisark/../../klyngemoede.ics"))
    }
}

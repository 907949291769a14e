import Foundation
import Testing
@testable import KlyngeKit

/// A programme that does not add up stops the build with file, line, column and both numbers.
@Suite struct ProgrammeCheckTests {
    let programme = "Content/packages/dosisdispensering/programme.yml"
    let package = "Content/packages/dosisdispensering/package.yml"
    let meeting = "Content/clusters/\(TestTree.fiktivbyMeeting)/meeting.yml"

    @Test func theOlderRunSheetsBlockThreeIsCaught() throws {
        let tree = try TestTree()
        let fixture = TestTree.repository.appendingPathComponent("Tests/Fixtures/older-run-sheet-programme.yml")
        try tree.write(programme, try String(contentsOf: fixture, encoding: .utf8))
        let errors = try tree.buildFails()
        #expect(errors.map(\.description) == [
            "\(package):3:19: error: the package states 150 minutes but its programme (\(programme)) adds up to 149",
            "\(programme):43:14: error: block 'Blok 3: Opsamling og opfølgning' states 30 minutes but its items add up to 29",
        ])
    }

    @Test func theRealProgrammeAddsUpToTheStatedDuration() throws {
        let tree = try TestTree()
        try tree.buildSucceeds()
        let overview = try tree.read("_site/\(TestTree.fiktivbyMeeting)/index.html").visibleText
        #expect(overview.contains("kl. 16.00–18.30"))
        #expect(overview.contains("18.00–18.30 Blok 3: Opsamling og opfølgning (30 min.)"))
    }

    @Test func aChangedItemIsReportedAtItsBlockAndAtTheDuration() throws {
        let tree = try TestTree()
        try tree.replace(in: programme, "        minutes: 35\n", with: "        minutes: 40\n")
        let errors = try tree.buildFails()
        let lines = try tree.read(programme).components(separatedBy: "\n")
        let blockLine = try #require(lines.firstIndex { $0.contains("Blok 2: Samarbejdet") }) + 2
        #expect(lines[blockLine - 1] == "    minutes: 45")
        #expect(errors.contains { $0.location == SourceLocation(path: programme, line: blockLine, column: 14)
                && $0.message == "block 'Blok 2: Samarbejdet med {partners}' states 45 minutes but its items add up to 50" })
        #expect(errors.contains { $0.location == SourceLocation(path: package, line: 3, column: 19)
                && $0.message.hasSuffix("adds up to 155") })
    }

    @Test func itemsOfZeroOrNegativeMinutesAreErrors() throws {
        let tree = try TestTree()
        try tree.replace(in: programme, "        minutes: 10\n        lead: all\n", with: "        minutes: 0\n        lead: all\n")
        try tree.replace(in: programme, "        minutes: 5\n        lead: video\n", with: "        minutes: -5\n        lead: video\n")
        let lines = try tree.read(programme).components(separatedBy: "\n")
        let errors = try tree.buildFails()
        let zero = try #require(errors.first { $0.message.hasPrefix("'Sidemandssamtale i klyngen' lasts 0 minutes") })
        #expect(zero.location.path == programme)
        #expect(lines[zero.location.line - 1] == "        minutes: 0")
        #expect(zero.location.column == 18)
        let negative = try #require(errors.first { $0.message.hasPrefix("'Video med gode råd om dosisdispensering i praksis' lasts -5 minutes") })
        #expect(lines[negative.location.line - 1] == "        minutes: -5")
        #expect(negative.message.hasSuffix("an item must last at least 1 minute"))
    }

    @Test func aPauseOfNoMinutesIsAnError() throws {
        let tree = try TestTree()
        try tree.replace(in: programme, "    pause: true\n    minutes: 15", with: "    pause: true\n    minutes: 0")
        let errors = try tree.buildFails()
        #expect(errors.contains { $0.location.path == programme && $0.message == "the pause 'Pause' must last at least 1 minute" })
    }

    @Test func aMeetingThatWouldEndAfterMidnightIsAnError() throws {
        let tree = try TestTree()
        try tree.replace(in: meeting, "start: \"16.00\"", with: "start: \"22.15\"")
        let errors = try tree.buildFails()
        let lines = try tree.read(meeting).components(separatedBy: "\n")
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.location.path == meeting)
        #expect(lines[error.location.line - 1] == "start: \"22.15\"")
        #expect(error.location.column == 8)
        #expect(error.message == "the meeting starts at 22.15 and its 150 minutes would end after midnight")
    }

    @Test func aMeetingEndingAtMidnightBuildsAndEndsTheNextDayInTheCalendar() throws {
        let tree = try TestTree()
        try tree.replace(in: meeting, "start: \"16.00\"", with: "start: \"21.30\"")
        try tree.buildSucceeds()
        #expect(try tree.read("_site/\(TestTree.fiktivbyMeeting)/index.html").contains("kl. 21.30–24.00"))
        let ics = try tree.read("_site/fiktivby-nord/klyngemoede.ics")
        #expect(ics.contains("DTSTART;TZID=Europe/Copenhagen:20270330T213000\r\n"))
        #expect(ics.contains("DTEND;TZID=Europe/Copenhagen:20270331T000000\r\n"))
    }
}

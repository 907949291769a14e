import Foundation
import Testing
@testable import KlyngeKit

/// The `klynge` binary in a temporary tree, as a user runs it.
@Suite struct CommandTests {
    struct CheckJSON: Decodable {
        struct Problem: Decodable {
            var path: String, line: Int, column: Int, severity: String, message: String
        }
        var ok: Bool, clusters: Int, pages: Int, errors: [Problem], warnings: [Problem]
    }

    func check(_ tree: TestTree, _ arguments: [String] = []) throws -> (KlyngeProcess.Output, CheckJSON) {
        let output = try KlyngeProcess.run(["check", "--format", "json"] + arguments, in: tree.root)
        let json = try JSONDecoder().decode(CheckJSON.self, from: Data(output.stdout.utf8))
        return (output, json)
    }

    /// The 1-based line of the first line of a file that starts with `prefix`.
    func line(_ tree: TestTree, _ path: String, startingWith prefix: String) throws -> Int {
        let lines = try tree.read(path).components(separatedBy: "\n")
        return try #require(lines.firstIndex { $0.hasPrefix(prefix) }) + 1
    }

    @Test func newClusterIsReadyToFillInAndBuildsOnceFilledIn() throws {
        let tree = try TestTree()
        // Two packages now: the first meeting's package is named.
        let created = try KlyngeProcess.run(["new", "cluster", "odense-nord", "--package", "dosisdispensering"], in: tree.root)
        #expect(created.status == 0, "\(created.stderr)")
        let folder = "Content/clusters/odense-nord"
        let meetingFolder = "\(folder)/dosisdispensering"
        #expect(try tree.read("\(meetingFolder)/practices.csv") == "ydernummer,sikrede,dosis,medicinadministration,periode\n")
        let survey = try tree.read("Content/packages/dosisdispensering/survey.yml")
        let ids = survey.matches(of: #/(?m)^  - id: ([a-z0-9-]+)/#).map { String($0.1) }
        #expect(ids.count >= 5)
        #expect(try tree.read("\(meetingFolder)/survey-responses.csv") == ids.joined(separator: ",") + "\n")
        let yaml = "\(folder)/cluster.yml"
        let meeting = "\(meetingFolder)/meeting.yml"
        #expect(try tree.read(yaml).contains("name: Klynge Odense Nord"))
        #expect(try tree.read(meeting).contains("package: dosisdispensering"))
        #expect(try tree.read(meeting).contains(#/booked: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/#))
        // A secret of its own decides the practices' letters, so none is left to a default.
        #expect(try tree.read(yaml).contains(#/pseudonym_key: "[0-9a-f]{32}"/#))

        // `check` names every value still to fill in, at its line, and writes nothing.
        let (unfilled, report) = try check(tree)
        #expect(unfilled.status != 0)
        #expect(!report.ok)
        let dateError = try #require(report.errors.first { $0.message.contains("'date'") })
        #expect(dateError.path == meeting)
        #expect(dateError.line == (try line(tree, meeting, startingWith: "date: null")))
        #expect(report.errors.contains { $0.path == yaml && $0.message.contains("'region'") })
        #expect(report.errors.allSatisfy { $0.path == yaml || $0.path == meeting })
        #expect(Set(report.errors.map(\.message)).count >= 5)
        #expect(!tree.exists("_site"))

        try tree.replace(in: yaml, "region: null", with: "region: syddanmark")
        try tree.replace(in: meeting, "date: null", with: "date: 2027-05-06")
        try tree.replace(in: meeting, "start: null", with: "start: \"15.00\"")
        try tree.replace(in: meeting, "venue: null", with: "venue: Odense Lægehus")
        try tree.replace(in: meeting, "    name: null", with: "    name: Odense Kommune")
        let text = try tree.read(meeting)
        try tree.write(meeting, String(text[..<text.range(of: "  pharmacy:")!.lowerBound]))
        let (filled, passed) = try check(tree, ["--today", "2026-01-01"])
        #expect(filled.status == 0, "\(passed.errors)")
        #expect(passed.ok)
        #expect(passed.clusters == 3)
        #expect(passed.warnings.contains { $0.path == yaml && $0.message.contains("'coordinator.name'") })

        let built = try KlyngeProcess.run(["build"], in: tree.root)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(try tree.read("_site/odense-nord/dosisdispensering/index.html").contains("<h1>Klynge Odense Nord</h1>"))
        #expect(try tree.read("_site/odense-nord/index.html").contains("<h1>Klynge Odense Nord</h1>"))
    }

    @Test func newClusterRefusesAnExistingFolderAndABadName() throws {
        let tree = try TestTree()
        let before = try tree.snapshot("Content")
        let existing = try KlyngeProcess.run(["new", "cluster", "fiktivby-nord"], in: tree.root)
        #expect(existing.status != 0)
        #expect(existing.stderr.contains("Content/clusters/fiktivby-nord already exists"))
        for bad in ["Odense-Nord", "odense_nord", "odense nord", "-odense", "odense--nord", "ødense"] {
            let output = try KlyngeProcess.run(["new", "cluster", "--", bad], in: tree.root)
            #expect(output.status != 0, "\(bad)")
            #expect(output.stderr.contains("lower-case letters, digits and single hyphens"), "\(bad)")
        }
        #expect(try tree.snapshot("Content") == before)
    }

    @Test func checkFailsOnABrokenLinkNamingFileAndLine() throws {
        let tree = try TestTree()
        let path = "Content/packages/dosisdispensering/klyngepakke.md"
        try tree.write(path, try tree.read(path) + "\nSe [drejebogen](../drejebog/#nope).\n")
        let brokenLine = try tree.read(path).components(separatedBy: "\n").count - 1

        let (output, report) = try check(tree)
        #expect(output.status == 1)
        #expect(report.errors.count == 1)
        let error = try #require(report.errors.first)
        #expect(error.path == path)
        #expect(error.line == brokenLine)
        #expect(error.message.contains("#nope"))

        let text = try KlyngeProcess.run(["check"], in: tree.root)
        #expect(text.status == 1)
        #expect(text.stderr.contains("\(path):\(brokenLine):17: error: broken link '../drejebog/#nope'"))
        #expect(!tree.exists("_site"))
    }

    @Test func checkWarnsAboutPassedDeadlines() throws {
        let tree = try TestTree()
        let yaml = "Content/clusters/\(TestTree.fiktivbyMeeting)/meeting.yml"
        let dateLine = try line(tree, yaml, startingWith: "date: ")
        let (early, before) = try check(tree, ["--today", "2026-06-01"])
        #expect(early.status == 0)
        #expect(!before.warnings.contains { $0.message.contains("has passed") })

        let (late, after) = try check(tree, ["--today", "2027-03-01"])
        #expect(late.status == 0, "warnings do not fail the check")
        let passed = after.warnings.filter { $0.message.contains("has passed") }
        #expect(passed.map(\.path) == [yaml])
        #expect(passed.first?.line == dateLine)
        #expect(passed.first?.message.contains("Bestil klyngepakken") == true)
        #expect(passed.first?.message.contains("tirsdag den 2. februar 2027") == true)

        // Once the meeting is held its deadlines are no longer news; its agreements are.
        let (_, over) = try check(tree, ["--today", "2028-01-01"])
        #expect(!over.warnings.contains { $0.path == yaml && $0.message.contains("has passed") })
        // Fiktivby Nord's first meeting has its agreements.yml; Eksempelstrup Vest's (held 4 November 2027) has none yet.
        #expect(!over.warnings.contains { $0.path.hasPrefix("Content/clusters/\(TestTree.fiktivbyMeeting)/") && $0.message.contains("agreements are not written down yet") })
        #expect(over.warnings.contains { $0.path == "Content/clusters/\(TestTree.eksempelstrupMeeting)/agreements.yml"
                && $0.message.contains("agreements are not written down yet") })
    }

    /// `build --today` and `check --today` read a day as `cluster.yml` does: exactly YYYY-MM-DD, a real day.
    @Test(arguments: [["build"], ["check"]])
    func todayMustBeARealDateWrittenAsCalendarFilesDo(_ command: [String]) throws {
        let tree = try TestTree()
        for bad in ["2027-03-xx-04", "2027-3-4", "2027-02-30", "+2027-03-04", "27-03-04", "2027-03-04 "] {
            let output = try KlyngeProcess.run(command + ["--today", bad], in: tree.root)
            #expect(output.status != 0, "\(command) --today \(bad)")
            #expect(output.stderr.contains("--today must be a real date written YYYY-MM-DD, not '\(bad)'"), "\(output.stderr)")
        }
        #expect(!tree.exists("_site"))
        let good = try KlyngeProcess.run(command + ["--today", "2027-03-04", "--quiet"], in: tree.root)
        #expect(good.status == 0, "\(good.stderr)")
    }

    @Test func buildPrintsASummaryAndNoColourWhenPiped() throws {
        let tree = try TestTree()
        let output = try KlyngeProcess.run(["build"], in: tree.root)
        #expect(output.status == 0)
        #expect(output.stdout.wholeMatch(of: #/2 clusters, \d+ pages in \d+\.\d\d s → .*_site\n/#) != nil, "\(output.stdout)")
        #expect(!output.stderr.contains("\u{1B}"))
        #expect(output.stderr.contains("warning:"))

        let quiet = try KlyngeProcess.run(["build", "--quiet"], in: tree.root)
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty && quiet.stderr.isEmpty)
    }

    @Test(.enabled(if: KlyngeProcess.hasTerminalRunner, "needs util-linux `script` at /usr/bin/script to run klynge on a pseudo-terminal"))
    func onATerminalTheProgressLineAndColourShowUnlessNoColourIsSet() throws {
        let tree = try TestTree()
        let coloured = try #require(try KlyngeProcess.runOnTerminal(["build"], in: tree.root))
        #expect(coloured.status == 0)
        #expect(coloured.stdout.contains("\u{1B}[1;33mwarning:"))
        // The progress counts meetings (three: Fiktivby Nord has two), whatever its label says.
        #expect(coloured.stdout.contains(#/\r\x{1B}\[KBuilding [a-z]+: 3/3/#))

        let plain = try #require(try KlyngeProcess.runOnTerminal(["build"], in: tree.root, environment: ["NO_COLOR": "1"]))
        #expect(plain.status == 0)
        #expect(!plain.stdout.contains("\u{1B}[1;33m"))
        #expect(plain.stdout.contains("warning:"))
    }

    @Test func versionAndHelpWithExamplesForEveryCommand() throws {
        let tree = try TestTree(copyingRealContent: false)
        let version = try KlyngeProcess.run(["--version"], in: tree.root)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == KlyngeVersion.current)
        for command in [[], ["build"], ["serve"], ["check"], ["new"], ["new", "cluster"]] {
            let help = try KlyngeProcess.run(command + ["--help"], in: tree.root)
            #expect(help.status == 0)
            #expect(help.stdout.contains("Examples:"), "klynge \(command.joined(separator: " ")) --help")
            #expect(help.stdout.contains("  klynge \(command.joined(separator: " "))"))
        }
    }
}

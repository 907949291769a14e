import Testing
@testable import KlyngeKit

/// Errors in YAML reach the user with file, line and column.
@Suite struct ModelTests {
    let cluster = "Content/clusters/fiktivby-nord/cluster.yml"
    let meeting = "Content/clusters/\(TestTree.fiktivbyMeeting)/meeting.yml"

    @Test func unknownKeyIsAnErrorWithASuggestion() throws {
        let tree = try TestTree()
        try tree.replace(in: meeting, "\nvenue:", with: "\nvenu:")
        let errors = try tree.buildFails()
        let error = try #require(errors.first { $0.message.contains("unknown key 'venu'") })
        #expect(error.location.path == meeting)
        #expect(error.location.line == lineNumber(of: "venu:", in: try tree.read(meeting)))
        #expect(error.location.column == 1)
        #expect(error.message.contains("did you mean 'venue'?"))
    }

    @Test func yamlSyntaxErrorNamesFileAndLine() throws {
        let tree = try TestTree()
        try tree.replace(in: meeting, "start: \"16.00\"", with: "start: [16.00")
        let errors = try tree.buildFails()
        let error = try #require(errors.first)
        #expect(error.location.path == meeting)
        #expect(error.message.hasPrefix("YAML syntax error"))
        #expect(error.location.line >= lineNumber(of: "start: [16.00", in: try tree.read(meeting)))
    }

    @Test func frontMatterErrorsCountLinesOfTheWholeFile() throws {
        let tree = try TestTree()
        let path = "Content/packages/dosisdispensering/praksisark.md"
        try tree.replace(in: path, "audience:", with: "audiense:")
        let errors = try tree.buildFails()
        let error = try #require(errors.first { $0.message.contains("unknown key 'audiense'") })
        #expect(error.location.path == path)
        #expect(error.location.line == lineNumber(of: "audiense:", in: try tree.read(path)))
    }

    @Test func invalidDatesTimesAndReferencesAreReported() throws {
        let tree = try TestTree()
        try tree.replace(in: meeting, "date: 2027-03-30", with: "date: 2027-02-30")
        try tree.replace(in: cluster, "region: syddanmark", with: "region: syddanmak")
        let errors = try tree.buildFails().map(\.message)
        #expect(errors.contains { $0.contains("must be a real date") && $0.contains("2027-02-30") })
        #expect(errors.contains { $0.contains("unknown region 'syddanmak'; did you mean 'syddanmark'?") })
    }

    /// A first meeting with a mistake is still a meeting of the cluster: its follow-up
    /// has nothing wrong and must not say that the meeting it follows up on is missing.
    @Test
    func aBrokenMeetingLeavesItsFollowUpAlone() throws {
        let tree = try TestTree()
        try tree.replace(in: meeting, "\nvenue:", with: "\nvenu:")
        let errors = try tree.buildFails()
        #expect(Set(errors.map(\.location.path)) == [meeting], "\(errors.map(\.description))")
        #expect(!errors.contains { $0.message.contains("to follow up on") })
    }

    @Test func everyProblemOfARunIsReportedTogether() throws {
        let tree = try TestTree()
        try tree.replace(in: meeting, "\nvenue:", with: "\nvenu:")
        try tree.replace(in: cluster, "region: syddanmark", with: "region: syddanmak")
        try tree.replace(in: "Content/site.yml", "title:", with: "titel:")
        let errors = try tree.buildFails()
        #expect(Set(errors.map(\.location.path)) == [meeting, cluster, "Content/site.yml"])
    }

    @Test func nullValuesAreWarnedAboutOncePerValue() throws {
        let tree = try TestTree()
        try tree.replace(in: cluster, "phone: \"11 22 33 44\"", with: "phone: null")
        let report = try tree.buildSucceeds()
        let warning = try #require(report.warnings.first { $0.location.path == cluster })
        #expect(warning.message.contains("'coordinator.phone'"))
        #expect(warning.severity == .warning)
    }

    func lineNumber(of needle: String, in text: String) -> Int {
        (text.components(separatedBy: "\n").firstIndex { $0.contains(needle) } ?? -1) + 1
    }
}

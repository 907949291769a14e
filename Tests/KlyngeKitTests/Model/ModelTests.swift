import Testing
@testable import KlyngeKit

/// Errors in YAML reach the user with file, line and column.
@Suite struct ModelTests {
    let cluster = "Content/clusters/fiktivby-nord/cluster.yml"

    @Test func unknownKeyIsAnErrorWithASuggestion() throws {
        let tree = try TestTree()
        try tree.add {
            Folder("Content/clusters/testby") {
                File("cluster.yml", TestTree.clusterYAML(meeting: ["  date: 2027-05-06", "  start: \"16.00\"", "  venu: Testby Lægehus"]))
            }
        }
        let errors = try tree.buildFails()
        let error = try #require(errors.first { $0.message.contains("unknown key 'meeting.venu'") })
        #expect(error.location == SourceLocation(path: "Content/clusters/testby/cluster.yml", line: 12, column: 3))
        #expect(error.message.contains("did you mean 'venue'?"))
    }

    @Test func yamlSyntaxErrorNamesFileAndLine() throws {
        let tree = try TestTree()
        try tree.replace(in: cluster, "  start: \"16.00\"", with: "  start: [16.00")
        let errors = try tree.buildFails()
        let error = try #require(errors.first)
        #expect(error.location.path == cluster)
        #expect(error.message.hasPrefix("YAML syntax error"))
        #expect(error.location.line >= lineNumber(of: "  start: [16.00", in: try tree.read(cluster)))
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
        try tree.add {
            Folder("Content/clusters/testby") {
                File("cluster.yml", TestTree.clusterYAML(region: "syddanmak", meeting: ["  date: 2027-02-30", "  start: \"16.00\"", "  venue: Testby Lægehus"]))
            }
            Folder("Content/clusters/testby-2") {
                File("cluster.yml", TestTree.clusterYAML(meeting: ["  date: 2027-5-6", "  start: \"16.00\"", "  venue: Testby Lægehus"]))
            }
        }
        let errors = try tree.buildFails()
        let date = try #require(errors.first { $0.message.contains("must be a real date") && $0.message.contains("2027-02-30") })
        #expect(date.location == SourceLocation(path: "Content/clusters/testby/cluster.yml", line: 10, column: 9))
        let unpadded = try #require(errors.first { $0.message.contains("must be a real date") && $0.message.contains("2027-5-6") })
        #expect(unpadded.location.path == "Content/clusters/testby-2/cluster.yml")
        let region = try #require(errors.first { $0.message.contains("unknown region 'syddanmak'; did you mean 'syddanmark'?") })
        #expect(region.location == SourceLocation(path: "Content/clusters/testby/cluster.yml", line: 2, column: 9))
    }

    @Test func everyProblemOfARunIsReportedTogether() throws {
        let tree = try TestTree()
        try tree.replace(in: cluster, "  venue:", with: "  venu:")
        try tree.replace(in: "Content/site.yml", "title:", with: "titel:")
        let errors = try tree.buildFails()
        #expect(Set(errors.map(\.location.path)) == [cluster, "Content/site.yml"])
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

import Testing
@testable import KlyngeKit

/// Problems in the two data files reach the user at file, line and column, all in one run.
@Suite struct ClusterDataTests {
    let practices = "Content/clusters/eksempelstrup-vest/2027-11-dosisdispensering/practices.csv"
    let responses = "Content/clusters/eksempelstrup-vest/2027-11-dosisdispensering/survey-responses.csv"

    func error(_ errors: [Diagnostic], containing text: String) throws -> Diagnostic {
        try #require(errors.first { $0.message.contains(text) }, "no error containing '\(text)' in \(errors)")
    }

    @Test func everyRegisterProblemIsReportedAtItsLineAndColumn() throws {
        let tree = try TestTree()
        try tree.write(practices, """
        ydernummer,sikrede,dosis,medicinadministration,periode
        019901,2240,8,30,2026
        019902,1460,1;5,9,2026
        019903,3050,-17,44,2026
        019904,905,0,906,2026
        019901,2690,12,35,2026
        019906,1780,,19,2026
        019907,2105,7,26,2027

        """)
        let errors = try tree.buildFails()
        func at(_ text: String) throws -> (Int, Int) {
            let error = try error(errors, containing: text)
            #expect(error.location.path == practices)
            return (error.location.line, error.location.column)
        }
        #expect(try at("'dosis' must be a whole number of 0 or more, written with digits only, not '1;5'") == (3, 13))
        #expect(try at("not '-17'") == (4, 13))
        #expect(try at("'medicinadministration' (906) is more than the practice's 'sikrede' (905)") == (5, 14))
        #expect(try at("this provider number is already on line 2") == (6, 1))
        #expect(try at("missing 'dosis'") == (7, 13))
        #expect(try at("the period '2027' differs from '2026' on line 2") == (8, 18))
        #expect(errors.count == 6)
    }

    @Test func wrongOrMissingHeaderIsReported() throws {
        let tree = try TestTree()
        try tree.write(practices, "ydernummer;sikrede;dosiss;periode\r\n019901;2240;8;2026\r\n")
        let errors = try tree.buildFails()
        let unknown = try error(errors, containing: "unknown column 'dosiss'; did you mean 'dosis'?")
        #expect((unknown.location.line, unknown.location.column) == (1, 20))
        let missing = try error(errors, containing: "missing column 'medicinadministration'")
        #expect(missing.location.line == 1)
        #expect(errors.contains { $0.message.contains("missing column 'dosis'") })
    }

    @Test func rowsOfTheWrongWidthAndOpenQuotesAreReported() throws {
        let tree = try TestTree()
        try tree.write(practices, """
        ydernummer,sikrede,dosis,medicinadministration
        019901,2240,8,30,9
        019902,1460,1
        "019903,3050,17,44

        """)
        let errors = try tree.buildFails()
        let wide = try error(errors, containing: "this row has 5 fields but the header has 4; a value that holds a comma must be in double quotes")
        #expect((wide.location.line, wide.location.column) == (2, 18))
        let narrow = try error(errors, containing: "this row has 3 fields but the header has 4")
        #expect((narrow.location.line, narrow.location.column) == (3, 14))
        let open = try error(errors, containing: "this quoted field is never closed")
        #expect((open.location.line, open.location.column) == (4, 1))
    }

    @Test func everySurveyProblemIsReportedAtItsLineAndColumn() throws {
        let tree = try TestTree()
        let header = "holdning-nytte,holdning-sikkerhed,barierer,gevinster"
        try tree.write(responses, """
        \(header)
        Enig,Helt enig,,Bedre komplians
        Enig,helt enig.,,Bedre komplians|Mindre spild
        Enig,Helt enigt,,Ingen
        "Enig","Uenig",,"Ingen"

        """)
        let errors = try tree.buildFails()
        let unknown = try error(errors, containing: "unknown question 'barierer'; did you mean 'barrierer'?")
        #expect(unknown.location.path == responses)
        #expect((unknown.location.line, unknown.location.column) == (1, 35))
        // Case and a final full stop do not count ('helt enig.' is 'Helt enig'); another word does.
        let option = try error(errors, containing: "'Helt enigt' is not an option of question 'holdning-sikkerhed'; did you mean 'Helt enig'?")
        #expect((option.location.line, option.location.column) == (4, 6))
        #expect(option.message.hasSuffix("the options are 'Helt uenig', 'Uenig', 'Hverken enig eller uenig', 'Enig', 'Helt enig'"))
        let part = try error(errors, containing: "'Mindre spild' is not an option of question 'gevinster'")
        #expect((part.location.line, part.location.column) == (3, 34))
        #expect(errors.count == 3)
    }

    @Test func problemsInBothFilesAndTheYAMLComeTogether() throws {
        let tree = try TestTree()
        try tree.replace(in: practices, "019902,1460,1,9", with: "019902,1460,x,9")
        try tree.replace(in: "Content/clusters/fiktivby-nord/2027-03-dosisdispensering/survey-responses.csv", "Enig;Uenig;Uenig;Ugentligt", with: "Enig;Uenig;Uenig;Hver dag")
        try tree.replace(in: "Content/clusters/fiktivby-nord/2027-03-dosisdispensering/meeting.yml", "\nvenue:", with: "\nvenu:")
        let paths = Set(try tree.buildFails().map(\.location.path))
        #expect(paths == [practices, "Content/clusters/fiktivby-nord/2027-03-dosisdispensering/survey-responses.csv", "Content/clusters/fiktivby-nord/2027-03-dosisdispensering/meeting.yml"])
    }

    @Test func nothingIsWrittenWhenTheDataIsWrong() throws {
        let tree = try TestTree()
        try tree.add {
            Folder("Content/clusters/testby") {
                File("cluster.yml", TestTree.clusterYAML())
                Folder("2027-05-dosisdispensering") {
                    File("meeting.yml", TestTree.meetingYAML())
                    File("practices.csv", "ydernummer,sikrede,dosis,medicinadministration,periode\n019902,1460,1461,9,2026\n")
                }
            }
        }
        let errors = try tree.buildFails()
        #expect(errors.map(\.location) == [SourceLocation(path: "Content/clusters/testby/2027-05-dosisdispensering/practices.csv", line: 2, column: 13)])
        _ = try tree.buildFails()
        #expect(!tree.exists("_site"))
        #expect(!tree.exists("_private"))
    }

    @Test func missingFilesAreWarningsAndThePagesSaySo() throws {
        let tree = try TestTree()
        try tree.remove(practices)
        try tree.remove(responses)
        let report = try tree.buildSucceeds()
        #expect(report.warnings.contains { $0.location.path == practices && $0.message.contains("no register extract yet") })
        #expect(report.warnings.contains { $0.location.path == responses })
        let page = try tree.read("_site/eksempelstrup-vest/2027-11-dosisdispensering/uddelingskopi/index.html").visibleText
        #expect(page.contains("Figur 1. Patienter på dosisdispenseret medicin pr. 1.000 sikrede: klyngens tal er ikke kommet endnu."))
        #expect(page.contains("Figur 2. Patienter med medicinadministration fra kommunen pr. 1.000 sikrede: klyngens tal er ikke kommet endnu."))
        #expect(page.contains("Spørgeskemaets svar er ikke kommet endnu."))
        #expect(!tree.exists("_private/eksempelstrup-vest/2027-11-dosisdispensering/noegle.csv"))
        #expect(tree.exists("_private/fiktivby-nord/2027-03-dosisdispensering/noegle.csv"))
    }
}

import Foundation
import Testing
@testable import KlyngeKit

/// What spreadsheets really write reads the same as plain comma-separated text.
@Suite struct CSVTableTests {
    func table(_ text: String) throws -> (CSVTable?, [Diagnostic]) {
        let log = DiagnosticLog()
        return (CSVTable.parse(SourceFile(path: "x.csv", text: text), log: log), log.all)
    }

    @Test func quotedFieldsKeepSeparatorsQuotesAndLineBreaks() throws {
        let (parsed, problems) = try table("a;b;c\r\n\"x;1\";\"say \"\"hi\"\"\";\"two\r\nlines\"\r\n  7 ;;\r\n")
        let table = try #require(parsed)
        #expect(problems.isEmpty)
        #expect(table.separator == ";")
        #expect(table.rows.map { $0.fields.map(\.text) } == [["x;1", "say \"hi\"", "two\nlines"], ["7", "", ""]])
        // The row after a field with a line break starts on line 4, not 3.
        #expect(table.rows.map(\.line) == [2, 4])
        #expect(table.rows[1].fields.map(\.column) == [1, 6, 7])
    }

    @Test func theHeaderLineChoosesTheSeparator() throws {
        #expect(CSVTable.detectSeparator("a,b,c\n1;2;3;4;5\n") == ",")
        #expect(CSVTable.detectSeparator("a;\"b,c\";d\n") == ";")
        #expect(CSVTable.detectSeparator("only\n") == ",")
        #expect(CSVTable.detectSeparator("\r\n\r\na;b\n1,5;2\n") == ";")
    }

    @Test func blankAndEmptyRowsAreSkipped() throws {
        let table = try #require(try table("\n\na,b\n1,2\n\n,\n3,4").0)
        #expect(table.header.line == 3)
        #expect(table.rows.map { $0.fields.map(\.text) } == [["1", "2"], ["3", "4"]])
    }

    @Test func textAfterAClosingQuoteIsReported() throws {
        let (_, problems) = try table("a,b\n\"x\"y,2\n")
        let problem = try #require(problems.first)
        #expect(problem.location == SourceLocation(path: "x.csv", line: 2, column: 4))
        #expect(problem.message.contains("written twice"))
    }

    @Test func controlCharactersInValuesAreRefusedWhereTheyAre() throws {
        let (parsed, problems) = try table("a,b\nx\u{0}y,2\n\"q\u{7}\u{7}\",\tz\u{1B}\n")
        #expect(parsed != nil)
        #expect(problems.map(\.location) == [SourceLocation(path: "x.csv", line: 2, column: 2), SourceLocation(path: "x.csv", line: 3, column: 3),
                                             SourceLocation(path: "x.csv", line: 3, column: 9)])
        #expect(problems[0].message.contains("NUL character (U+0000)"))
        #expect(problems[1].message.contains("control character (U+0007)"))
        #expect(problems[2].message.contains("control character (U+001B)"))
    }

    @Test func aFileOfMoreRowsThanAClusterHasIsRefusedAtTheFile() throws {
        let rows = (0...CSVTable.rowLimit).map { "\($0),1" }.joined(separator: "\n")
        let (parsed, problems) = try table("a,b\n" + rows + "\n")
        #expect(parsed == nil)
        #expect(problems.map(\.location) == [SourceLocation(path: "x.csv", line: CSVTable.rowLimit + 2)])
        #expect(problems.first?.message.contains("more than 10000 rows") == true)
        let (fits, none) = try table("a,b\n" + rows.split(separator: "\n").dropLast().joined(separator: "\n") + "\n\n\n")
        #expect(fits?.rows.count == CSVTable.rowLimit && none.isEmpty)
    }

    /// The real example files rewritten in the other dialect: with `;`, a byte-order
    /// mark, CRLF and every field quoted, or with `,` and LF. The built site, and the
    /// coordinators' keys, must not change by a byte.
    @Test func semicolonBOMAndCRLFFilesBuildTheSameSiteAsPlainOnes() throws {
        let plain = try TestTree()
        try plain.buildSucceeds()
        let expected = try plain.snapshot()
        let expectedKeys = try plain.snapshot("_private")

        let rewritten = try TestTree()
        for cluster in [TestTree.fiktivbyMeeting, TestTree.eksempelstrupMeeting] {
            for name in ["practices.csv", "survey-responses.csv"] {
                let path = "Content/clusters/\(cluster)/\(name)"
                let data = try Data(contentsOf: rewritten.url(path))
                let text = try #require(String(data: data, encoding: .utf8))
                let table = try #require(CSVTable.parse(SourceFile(path: path, text: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text), log: DiagnosticLog()))
                let rows = [table.header] + table.rows
                let excel = table.separator == ","
                func quoted(_ text: String) -> String { "\"\(text.replacingOccurrences(of: "\"", with: "\"\""))\"" }
                let lines = rows.map { row in
                    row.fields.map { excel || $0.text.contains(",") || $0.text.contains("\"") ? quoted($0.text) : $0.text }
                        .joined(separator: excel ? ";" : ",")
                }
                let output = excel ? "\u{FEFF}" + lines.map { $0 + "\r\n" }.joined() : lines.map { $0 + "\n" }.joined()
                try rewritten.write(path, output)
                #expect(try rewritten.read(path) != text, "\(path) was rewritten")
            }
        }
        try rewritten.buildSucceeds()
        #expect(try rewritten.snapshot() == expected)
        #expect(try rewritten.snapshot("_private") == expectedKeys)
    }
}

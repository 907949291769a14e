import Foundation
import Testing
@testable import KlyngeKit

/// The questionnaire tool's export, taken as it comes: its columns named by the
/// questions' full text, its answers written as people and tools write them.
@Suite struct SurveyExportTests {
    static let responses = "Content/clusters/\(TestTree.fiktivbyMeeting)/survey-responses.csv"
    static let package = "Content/packages/dosisdispensering/survey.yml"

    /// The real survey of the package, read as a build reads it.
    static func survey(_ tree: TestTree) throws -> Survey {
        let log = DiagnosticLog()
        let content = try #require(ModelBuilder(log: log).build(ContentTree.read(root: tree.root, only: nil, log: log)))
        let package = try #require(content.packages["dosisdispensering"])
        return try #require(package.survey)
    }

    /// The example cluster's export (written with ids) rewritten as the tool writes it:
    /// a header of question texts, answers in other case, with spaces and full stops.
    static func asTheToolWritesIt(_ csv: String, survey: Survey, seed: UInt64) -> String {
        var random = SeededGenerator(test: "survey export spellings", seed: seed)
        let bom = "\u{FEFF}"
        let text = csv.hasPrefix(bom) ? String(csv.dropFirst()) : csv
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        let texts = Dictionary(uniqueKeysWithValues: survey.questions.map { ($0.id, $0.text) })
        lines[0] = lines[0].split(separator: ";", omittingEmptySubsequences: false)
            .map { "\"\(texts[String($0)]!.replacingOccurrences(of: "\"", with: "\"\""))\"" }.joined(separator: ";")
        for index in lines.indices.dropFirst() where !lines[index].isEmpty {
            lines[index] = lines[index].split(separator: ";", omittingEmptySubsequences: false).enumerated().map { column, cell in
                // The free-text column (the last) stays as written: it is counted, not matched.
                guard column < survey.questions.count - 1, !cell.isEmpty else { return String(cell) }
                return cell.split(separator: "|").map { answer in
                    var answer = String(answer)
                    switch random.next() % 4 {
                    case 0: answer = answer.lowercased()
                    case 1: answer = answer.uppercased()
                    case 2: answer = " \(answer) "
                    default: answer += "."
                    }
                    return answer
                }.joined(separator: "|")
            }.joined(separator: ";")
        }
        return lines.joined(separator: "\n")
    }

    @Test(arguments: [UInt64(1), 2, 3, 0x5eed])
    func anExportWithQuestionTextsReadsAsOneWithIds(seed: UInt64) throws {
        let tree = try TestTree()
        let survey = try Self.survey(tree)
        let ids = try tree.read(Self.responses)
        let texts = Self.asTheToolWritesIt(ids, survey: survey, seed: seed)
        #expect(texts != ids, "seed \(seed)")

        let log = DiagnosticLog()
        let reader = ClusterDataReader(log: log)
        let byIds = reader.responses(SourceFile(path: "ids.csv", text: ids), survey: survey)
        let byTexts = reader.responses(SourceFile(path: "texts.csv", text: texts), survey: survey)
        #expect(log.all.isEmpty, "seed \(seed): \(log.all.map(\.description))")
        #expect(byIds != nil)
        #expect(byIds == byTexts, "seed \(seed)\n\(texts)")
        #expect(byIds?.columns == Set(survey.questions.map(\.id)))
    }

    /// End to end: the built site is the same, byte for byte, whichever form came in.
    @Test func theSiteIsTheSameWhicheverFormCameIn() throws {
        let seed = UInt64(0x5eed)
        let ids = try TestTree()
        let texts = try TestTree()
        let survey = try Self.survey(texts)
        try texts.write(Self.responses, Self.asTheToolWritesIt(try texts.read(Self.responses), survey: survey, seed: seed))
        let a = try ids.buildSucceeds().files
        let b = try texts.buildSucceeds().files
        #expect(a.map(\.path) == b.map(\.path))
        for (x, y) in zip(a, b) { #expect(x.data == y.data, "seed \(seed): \(x.path) differs") }
    }

    @Test func anAnswerThatMatchesNoOptionIsReportedAtItsCellWithTheOptions() throws {
        let survey = Survey(questions: [
            .init(id: "valg", theme: "t", text: "Hvor ofte?", kind: .single, options: ["Dagligt", "Aldrig"]),
            .init(id: "flere", theme: "t", text: "Hvad ser du?", kind: .multiple, options: ["Færre fejl", "Ingen."]),
        ])
        let log = DiagnosticLog()
        let read = ClusterDataReader(log: log).responses(SourceFile(path: "x.csv", text: """
        " hvor ofte? ";HVAD SER DU?
        dagligt.;ingen|FÆRRE FEJL.
        Ugentligt;Færre fejl| Bedre fejl
        
        """), survey: survey)
        #expect(read == nil)
        #expect(log.errors.map(\.description) == [
            "x.csv:3:1: error: 'Ugentligt' is not an option of question 'valg'; the options are 'Dagligt', 'Aldrig'",
            "x.csv:3:23: error: 'Bedre fejl' is not an option of question 'flere'; did you mean 'Færre fejl'?; the options are 'Færre fejl', 'Ingen.'",
        ])
        // Without the bad row, the spellings name the options as survey.yml writes them.
        let good = ClusterDataReader(log: DiagnosticLog()).responses(SourceFile(path: "x.csv", text: """
        " hvor ofte? ";HVAD SER DU?
        dagligt.;ingen|FÆRRE FEJL.|Ingen.

        """), survey: survey)
        #expect(good?.respondents == [["valg": ["Dagligt"], "flere": ["Ingen.", "Færre fejl"]]])
    }

    @Test func anUnknownColumnSuggestsTheQuestion() throws {
        let survey = Survey(questions: [
            .init(id: "valg", theme: "t", text: "Hvor ofte arbejder du med det?", kind: .single, options: ["Dagligt"]),
        ])
        let log = DiagnosticLog()
        _ = ClusterDataReader(log: log).responses(SourceFile(path: "x.csv", text: "Hvor ofte arbejder du med dat?;valg;VALG\nDagligt;;\n"), survey: survey)
        #expect(log.errors.map(\.description) == [
            "x.csv:1:1: error: unknown question 'Hvor ofte arbejder du med dat?'; did you mean 'Hvor ofte arbejder du med det?'?",
            "x.csv:1:37: error: question 'valg' has two columns in the header (first as column 2)",
        ])
    }
}

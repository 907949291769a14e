import Foundation
import Testing
@testable import KlyngeKit

/// The survey export is read without a `String` per answer and with positions worked
/// out only for messages; answers, counts and messages must be what the plain reading
/// (kept here as it was) gives.
@Suite struct SurveyResponsesReadTests {
    static let survey = Survey(questions: [
        .init(id: "enighed", theme: "t", text: "?", kind: .likert, options: ["Helt enig", "Enig", "Uenig"]),
        .init(id: "valg", theme: "t", text: "?", kind: .single, options: ["Ja", "Nej"]),
        .init(id: "flere", theme: "t", text: "?", kind: .multiple, options: ["A b", "Cæ", "D", "e\u{301}"]),
        .init(id: "fri", theme: "t", text: "?", kind: .text, options: []),
    ])
    static let headers = ["enighed", "valg", "flere", "fri", "Flere", "ukendt", "valg"]
    static let cells = ["", " ", "Enig", " Enig ", "enig", "ENIG.", "Enig .", "Enig..", "Ja.", "d.|D", "\"Helt enig\"", "\"Uenig\t\"", "Ja", "Nej", "Måske",
                        "A b", "A b|Cæ", " A b | D |A b", "x|", "|", "\"Cæ|Ø\"", "Cæ||D", "\u{e9}", "e\u{301}|\u{e9}", "tekst", "\u{a0}D|\tCæ ", "\"A b\u{a0}|D\""]

    /// The answers read, the messages logged, and the results counted from the answers.
    struct Reading: Equatable {
        var responses: SurveyResponses?
        var messages: [String]
        var results: SurveyResults?
    }

    @Test func readingAgreesWithThePlainReading() {
        Differential.check(count: 1_500, input: { generator in
            let header = Self.headers.shuffled(using: &generator).prefix(Int.random(in: 1...5, using: &generator))
            let rows = (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                header.map { _ in Self.cells.randomElement(using: &generator)! }.joined(separator: ";")
            }
            return ([header.joined(separator: ";")] + rows).joined(separator: "\n") + "\n"
        }, plain: { text in
            let log = DiagnosticLog()
            let plain = Self.plainResponses(SourceFile(path: "x.csv", text: text), survey: Self.survey, log: log)
            return Reading(responses: plain, messages: log.all.map(\.description), results: plain.map { Self.plainResults($0, survey: Self.survey) })
        }, fast: { text in
            let log = DiagnosticLog()
            let read = ClusterDataReader(log: log).responses(SourceFile(path: "x.csv", text: text), survey: Self.survey)
            return Reading(responses: read, messages: log.all.map(\.description), results: read.map { SurveyResults($0, survey: Self.survey) })
        })
    }

    @Test func answerPartsSplitAsScalarsDo() {
        let pieces = ["A b", "|", " ", "\t", "æ", "Ø", "–", "e\u{301}", "\u{a0}", "|\u{301}", "x", "\n"]
        Differential.check(count: 3_000, input: { generator in
            (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }, plain: { text in
            // `|` is a scalar of its own even where a combining mark follows it.
            text.unicodeScalars.split(separator: "|", omittingEmptySubsequences: false).map { scalars in
                let part = Substring(scalars)
                let answer = String(String.UnicodeScalarView(scalars.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()))
                return "\(text.unicodeScalars.distance(from: text.startIndex, to: part.startIndex)):\(part)|\(answer)"
            }
        }, fast: { text in
            ClusterDataReader.answerParts(text).map { "\(text.unicodeScalars.distance(from: text.startIndex, to: $0.part.startIndex)):\($0.part)|\($0.answer)" }
        })
    }

    /// `ClusterDataReader.responses` as it was before it read answers as slices
    /// (but for the order of a row's columns).
    static func plainResponses(_ file: SourceFile, survey: Survey, log: DiagnosticLog) -> SurveyResponses? {
        let reader = ClusterDataReader(log: log)
        let errorsBefore = log.errors.count
        guard let table = CSVTable.parse(file, log: log) else { return nil }
        let questions = Dictionary(survey.questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let ids = survey.questions.map(\.id)
        let columns = reader.questionColumns(table, matching: SurveyAnswer.Matching(survey))
        for id in ids where columns[id] == nil {
            log.warning(table.location(line: table.header.line), "no column for question '\(id)' of survey.yml; its results are left out")
        }
        /// The option by the plain rule: equal once both are trimmed of white space and a
        /// final full stop and lower-cased.
        func check(_ answer: String, _ question: Survey.Question, _ location: KlyngeKit.SourceLocation) -> String? {
            func plainKey(_ text: String) -> String {
                var text = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if text.hasSuffix(".") { text = String(text.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
                return text.lowercased()
            }
            guard let option = question.options.first(where: { plainKey($0) == plainKey(answer) }) else {
                let options = question.options.map { "'\($0)'" }.joined(separator: ", ")
                log.error(location, "'\(answer)' is not an option of question '\(question.id)'\(Suggestion.didYouMean(answer, question.options)); the options are \(options)")
                return nil
            }
            return option
        }
        var respondents: [[String: [String]]] = []
        var freeText: [String: Int] = [:]
        for row in table.rows {
            var answers: [String: [String]] = [:]
            // Left to right; it was the dictionary's order, which differs from run to run.
            for (id, index) in columns.sorted(by: { $0.value < $1.value }) {
                guard let question = questions[id] else { continue }
                let field = row.fields[index]
                if field.text.isEmpty { continue }
                switch question.kind {
                case .text:
                    freeText[id, default: 0] += 1
                case .likert, .single:
                    let answer = field.text.trimmingSpaces
                    if let option = check(answer, question, table.location(field)) { answers[id] = [option] }
                case .multiple:
                    var chosen: [String] = []
                    var written: [String] = []
                    var offset = 0
                    for scalars in field.text.unicodeScalars.split(separator: "|", omittingEmptySubsequences: false) {
                        defer { offset += scalars.count + 1 }
                        let answer = Substring(scalars).trimmingSpaces
                        guard !answer.isEmpty, !written.contains(answer) else { continue }
                        written.append(answer)
                        let leading = scalars.prefix { $0 == " " || $0 == "\t" }.count
                        let at = table.location(line: field.line, column: field.column(ofOffset: offset + leading))
                        if let option = check(answer, question, at), !chosen.contains(option) { chosen.append(option) }
                    }
                    if !chosen.isEmpty { answers[id] = chosen }
                }
            }
            respondents.append(answers)
        }
        guard log.errors.count == errorsBefore else { return nil }
        return SurveyResponses(respondents: respondents, freeTextAnswers: freeText, columns: Set(columns.keys))
    }

    /// `SurveyResults` counted as it was, option by option over all answers.
    static func plainResults(_ responses: SurveyResponses, survey: Survey) -> SurveyResults {
        var results = SurveyResults(responses, survey: survey)
        results.questions = results.questions.map { result in
            let answers = responses.respondents.compactMap { $0[result.question.id] }
            let counts = result.question.options.map { option in answers.filter { $0.contains(option) }.count }
            var plain = result
            plain.answered = answers.count
            if answers.count >= SurveyResults.smallestGroup {
                let percents = counts.map { SurveyResults.roundedPercent($0, of: answers.count) }
                plain.shares = zip(result.question.options, percents).map { SurveyResults.Share(option: $0, percent: $1) }
            } else {
                plain.shares = nil
            }
            return plain
        }
        return results
    }
}

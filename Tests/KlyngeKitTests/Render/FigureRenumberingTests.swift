import Testing
@testable import KlyngeKit

/// A meeting's figures are made once and renumbered where a page or the deck places
/// them at another number (`MeetingFigures`): the renumbered figures must be those
/// made at the new numbers, value and chart, to the byte.
@Suite struct FigureRenumberingTests {
    static let options = [["Uenig", "Neutral", "Enig"], ["Ja", "Nej"], ["Aldrig", "Sjældent", "Ofte", "Altid & <mere>"], ["A", "B", "C", "D", "E"]]
    static let words = ["Hvor", "ofte", "gennemgår", "I", "medicinen", "sammen", "med", "kommunen", "»dosisdispensering«", "og", "apoteket", "x"]

    static func text(_ generator: inout SeededGenerator) -> String {
        (0..<Int.random(in: 1...14, using: &generator)).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ") + "?"
    }

    static func survey(_ generator: inout SeededGenerator) -> SurveyResults {
        let questions = (0..<Int.random(in: 0...9, using: &generator)).map { index in
            let kind = Survey.Kind.allCases.randomElement(using: &generator)!
            return Survey.Question(id: "q\(index)", theme: ["a", "b"].randomElement(using: &generator)!, text: text(&generator),
                                   kind: kind, options: kind == .text ? [] : options.randomElement(using: &generator)!)
        }
        let respondents: [[String: [String]]] = (0..<Int.random(in: 0...30, using: &generator)).map { _ in
            var answers: [String: [String]] = [:]
            for question in questions where !question.options.isEmpty && Bool.random(using: &generator) {
                answers[question.id] = question.kind == .multiple
                    ? question.options.filter { _ in Bool.random(using: &generator) }
                    : [question.options.randomElement(using: &generator)!]
            }
            return answers
        }
        let columns = Set(questions.map(\.id).filter { _ in Int.random(in: 0..<10, using: &generator) > 0 })
        return SurveyResults(SurveyResponses(respondents: respondents, freeTextAnswers: [:], columns: columns),
                             survey: Survey(questions: questions))
    }

    static func rows(_ generator: inout SeededGenerator) -> [(listed: Int, first: Int, second: Int)] {
        (0..<Int.random(in: 1...12, using: &generator)).map { _ in
            let listed = Int.random(in: 1...3000, using: &generator)
            func count() -> Int { min(listed, Bool.random(using: &generator) ? Int.random(in: 0...6, using: &generator) : Int.random(in: 0...90, using: &generator)) }
            return (listed, count(), count())
        }
    }

    /// A drawn figure, chart and value, to compare.
    struct Figure: Equatable {
        var chart: FigureChart?
        var value: TemplateValue
    }

    static func figures(_ drawn: [FigureValues.Drawn]) -> [Figure] {
        drawn.map { Figure(chart: $0.chart, value: $0.value) }
    }

    @Test func renumberedSurveyFiguresAreThoseMadeAtTheirNumbers() {
        let day = Day(year: 2027, month: 3, day: 4)
        Differential.check(count: 150, input: { generator in
            let results = Self.survey(&generator)
            let a = Int.random(in: 1...12, using: &generator), b = Int.random(in: 1...120, using: &generator)
            return (results: results, a: a, b: b)
        }, describe: { "survey \($0.a) → \($0.b)" },
        plain: { Self.figures(FigureValues.surveyFigures($0.results, firstNumber: $0.b, meeting: day)) },
        fast: { Self.figures(FigureValues.renumbered(FigureValues.surveyFigures($0.results, firstNumber: $0.a, meeting: day), first: $0.b)) })
    }

    @Test func renumberedRegisterFiguresAreThoseMadeAtTheirNumbers() {
        /// Each measure's figure, change figure and missing figure, made at `number`, by name.
        func drawn(_ then: RegisterFigures, _ now: RegisterFigures, number: Int) -> [String: [FigureValues.Drawn]] {
            var drawn: [String: [FigureValues.Drawn]] = [:]
            for measure in TestPackage.measures {
                let figures = now.figures(for: measure.id)!
                drawn["measure \(measure.id)"] = [FigureValues.drawnMeasure(figures, countLabel: "n", number: number, period: "2027")]
                let change = MeasureChange(then: then.figures(for: measure.id)!, now: figures)
                drawn["change \(measure.id)"] = [FigureValues.drawnChange(change, countLabel: "n", number: number, then: "2026", now: "2027")]
                drawn["missing \(measure.id)"] = [FigureValues.Drawn(chart: nil, value: FigureValues.missing(number: number, title: measure.title))]
            }
            return drawn
        }
        Differential.check(count: 150, input: { generator in
            let a = Int.random(in: 1...12, using: &generator), b = Int.random(in: 1...120, using: &generator)
            let before = TestPackage.extract(Self.rows(&generator), period: "2026")
            let after = TestPackage.extract(Self.rows(&generator), period: "2027")
            let letters = TestPackage.letters(before, after)
            return (a: a, b: b, then: RegisterFigures(before, measures: TestPackage.measures, letters: letters),
                    now: RegisterFigures(after, measures: TestPackage.measures, letters: letters))
        }, describe: { "register figures \($0.a) → \($0.b)" },
        plain: { input in drawn(input.then, input.now, number: input.b).mapValues(Self.figures) },
        fast: { input in drawn(input.then, input.now, number: input.a).mapValues { Self.figures(FigureValues.renumbered($0, first: input.b)) } })
    }

    /// The survey block's counts are text, so that meetings with different counts share
    /// its render (`FigureValues.survey`): it must print what it printed with numbers.
    @Test func surveyCountsAsTextPrintAsNumbers() throws {
        let tree = try TestTree()
        var theme = try #require(Theme.load(root: tree.root, log: DiagnosticLog()))
        theme.shapesAllowed = false
        func asNumbers(_ value: TemplateValue) -> TemplateValue {
            guard case .record(var entries) = value else { return value }
            if case .text(let text)? = entries["respondents"] { entries["respondents"] = .number(Int(text)!) }
            if case .list(let list)? = entries["free_text"] {
                entries["free_text"] = .list(list.map { item in
                    guard case .record(var fields) = item, case .text(let text)? = fields["answers"] else { return item }
                    fields["answers"] = .number(Int(text)!)
                    return .record(fields)
                })
            }
            return .record(entries)
        }
        try Differential.check(count: 40, input: { generator in
            var results = Self.survey(&generator)
            results.freeText = [.init(question: .init(id: "f", theme: "t", text: Self.text(&generator), kind: .text, options: []),
                                      answers: Int.random(in: 0...40, using: &generator))]
            return FigureValues.survey(results, firstNumber: Int.random(in: 1...9, using: &generator), meeting: Day(year: 2027, month: 3, day: 4))
        }, plain: { value in
            Array(try theme.render(partial: SurveyBlock.name, context: ["survey_results": asNumbers(value)]).get().utf8)
        }, fast: { value in
            Array(try theme.render(partial: SurveyBlock.name, context: ["survey_results": value]).get().utf8)
        })
    }

    @Test func aRelabelledChartIsTheChartLabelledSo() {
        let chart = BarChart(bars: [.init(label: "aria-labelledby=\"x\"", value: 3, text: "3")], maximum: nil)
        #expect(SVG.relabelled(chart.svg(labelledBy: "figur-1-titel"), by: "figur-22-titel") == chart.svg(labelledBy: "figur-22-titel"))
        #expect(SVG.relabelled("", by: "x") == "")
    }
}

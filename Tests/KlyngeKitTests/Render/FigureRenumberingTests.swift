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

    static func expectEqual(_ renumbered: [FigureValues.Drawn], _ made: [FigureValues.Drawn], _ what: String, _ generator: SeededGenerator) {
        #expect(renumbered.count == made.count, "\(what) \(generator.replay)")
        for (a, b) in zip(renumbered, made) {
            #expect(a.chart == b.chart, "\(what) \(generator.replay)")
            #expect(a.value == b.value, "\(what) \(generator.replay)")
        }
    }

    @Test func renumberedSurveyFiguresAreThoseMadeAtTheirNumbers() {
        var generator = SeededGenerator()
        let day = Day(year: 2027, month: 3, day: 4)
        for _ in 0..<150 {
            let results = Self.survey(&generator)
            let a = Int.random(in: 1...12, using: &generator), b = Int.random(in: 1...120, using: &generator)
            let made = FigureValues.surveyFigures(results, firstNumber: a, meeting: day)
            Self.expectEqual(FigureValues.renumbered(made, first: b), FigureValues.surveyFigures(results, firstNumber: b, meeting: day),
                             "survey \(a) → \(b)", generator)
        }
    }

    @Test func renumberedRegisterFiguresAreThoseMadeAtTheirNumbers() {
        var generator = SeededGenerator()
        for _ in 0..<150 {
            let a = Int.random(in: 1...12, using: &generator), b = Int.random(in: 1...120, using: &generator)
            let before = TestPackage.extract(Self.rows(&generator), period: "2026")
            let after = TestPackage.extract(Self.rows(&generator), period: "2027")
            let letters = TestPackage.letters(before, after)
            let then = RegisterFigures(before, measures: TestPackage.measures, letters: letters)
            let now = RegisterFigures(after, measures: TestPackage.measures, letters: letters)
            for measure in TestPackage.measures {
                let figures = now.figures(for: measure.id)!
                func measureFigure(_ number: Int) -> [FigureValues.Drawn] {
                    [FigureValues.drawnMeasure(figures, countLabel: "n", number: number, period: "2027")]
                }
                Self.expectEqual(FigureValues.renumbered(measureFigure(a), first: b), measureFigure(b), "measure \(measure.id) \(a) → \(b)", generator)
                let change = MeasureChange(then: then.figures(for: measure.id)!, now: figures)
                func changeFigure(_ number: Int) -> [FigureValues.Drawn] {
                    [FigureValues.drawnChange(change, countLabel: "n", number: number, then: "2026", now: "2027")]
                }
                Self.expectEqual(FigureValues.renumbered(changeFigure(a), first: b), changeFigure(b), "change \(measure.id) \(a) → \(b)", generator)
                func missing(_ number: Int) -> [FigureValues.Drawn] { [FigureValues.Drawn(chart: nil, value: FigureValues.missing(number: number, title: measure.title))] }
                Self.expectEqual(FigureValues.renumbered(missing(a), first: b), missing(b), "missing \(a) → \(b)", generator)
            }
        }
    }

    /// The survey block's counts are text, so that meetings with different counts share
    /// its render (`FigureValues.survey`): it must print what it printed with numbers.
    @Test func surveyCountsAsTextPrintAsNumbers() throws {
        let tree = try TestTree()
        var theme = try #require(Theme.load(root: tree.root, log: DiagnosticLog()))
        theme.shapesAllowed = false
        var generator = SeededGenerator()
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
        for _ in 0..<40 {
            var results = Self.survey(&generator)
            results.freeText = [.init(question: .init(id: "f", theme: "t", text: Self.text(&generator), kind: .text, options: []),
                                      answers: Int.random(in: 0...40, using: &generator))]
            let value = FigureValues.survey(results, firstNumber: Int.random(in: 1...9, using: &generator), meeting: Day(year: 2027, month: 3, day: 4))
            let text = try theme.render(partial: SurveyBlock.name, context: ["survey_results": value]).get()
            let number = try theme.render(partial: SurveyBlock.name, context: ["survey_results": asNumbers(value)]).get()
            #expect(Array(text.utf8) == Array(number.utf8), "\(generator.replay)")
        }
    }

    @Test func aRelabelledChartIsTheChartLabelledSo() {
        let chart = BarChart(bars: [.init(label: "aria-labelledby=\"x\"", value: 3, text: "3")], maximum: nil)
        #expect(SVG.relabelled(chart.svg(labelledBy: "figur-1-titel"), by: "figur-22-titel") == chart.svg(labelledBy: "figur-22-titel"))
        #expect(SVG.relabelled("", by: "x") == "")
    }
}

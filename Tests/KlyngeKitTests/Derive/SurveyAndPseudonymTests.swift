import Testing
@testable import KlyngeKit

@Suite struct SurveyResultsTests {
    let scale = Survey.Question(id: "q", theme: "t", text: "Q?", kind: .likert, options: ["Uenig", "Neutral", "Enig"])
    let choices = Survey.Question(id: "m", theme: "t", text: "M?", kind: .multiple, options: ["A", "B", "C"])
    let free = Survey.Question(id: "f", theme: "t", text: "F?", kind: .text, options: [])

    func results(_ answers: [[String: [String]]], freeText: Int = 0) -> SurveyResults {
        SurveyResults(SurveyResponses(respondents: answers, freeTextAnswers: ["f": freeText], columns: ["q", "m", "f"]),
                      survey: Survey(questions: [scale, choices, free]))
    }

    @Test func eachShareOfOneAnswerIsRoundedOnItsOwn() throws {
        // 1/3 each rounds to 33 + 33 + 33 = 99: the same fraction reads the same in every bar.
        let answers = ["Uenig", "Neutral", "Enig", "Uenig", "Neutral", "Enig"].map { ["q": [$0]] }
        let shares = try #require(results(answers).questions[0].shares)
        #expect(shares.map(\.percent) == [33, 33, 33])
        #expect(SurveyResults.roundedPercent(8, of: 18) == 44)
        #expect(SurveyResults.roundedPercent(10, of: 18) == 56)
        #expect(SurveyResults.roundedPercent(1, of: 8) == 13, "half up: 12,5 % is 13 %")
    }

    @Test func severalAnswersAreSharesOfTheRespondents() throws {
        let answers: [[String: [String]]] = [["m": ["A", "B"]], ["m": ["A"]], ["m": ["A", "C"]], ["m": ["B"]], ["m": ["A"]], [:]]
        let question = results(answers).questions[1]
        #expect(question.answered == 5)
        #expect(try #require(question.shares).map(\.percent) == [80, 40, 20])
    }

    @Test func fewerThanFiveAnswersAreNotBrokenDown() {
        let answers = (0..<4).map { _ in ["q": ["Enig"]] } + [["m": ["A"]]]
        let result = results(answers)
        #expect(result.respondents == 5)
        #expect(result.questions[0].answered == 4)
        #expect(result.questions[0].shares == nil)
        #expect(Published.text(FigureValues.survey(result, firstNumber: 3, meeting: Day(year: 2027, month: 3, day: 4)))
            .contains("For få svar (4); vises ikke"))
    }

    @Test func freeTextIsCountedNotKept() {
        let result = results([["q": ["Enig"]]], freeText: 1)
        #expect(result.freeText.map(\.answers) == [1])
        #expect(!result.questions.contains { $0.question.id == "f" })
    }
}

@Suite struct PseudonymTests {
    let numbers = (1...12).map { "9901\($0 < 10 ? "0" : "")\($0)" }

    @Test func lettersDoNotDependOnTheOrderOfTheRows() {
        let letters = Pseudonyms.letters(for: numbers, key: "gul cykel")
        #expect(Pseudonyms.letters(for: numbers.reversed(), key: "gul cykel") == letters)
        #expect(Pseudonyms.letters(for: numbers.shuffled(), key: "gul cykel") == letters)
        #expect(Set(letters.values) == Set("ABCDEFGHIJKL".map(String.init)))
    }

    @Test func theKeyDecidesTheLettersNotTheProviderNumbers() {
        let sorted = Dictionary(uniqueKeysWithValues: numbers.enumerated().map { ($0.element, Pseudonyms.letter($0.offset)) })
        #expect(Pseudonyms.letters(for: numbers, key: "gul cykel") != sorted)
        #expect(Pseudonyms.letters(for: numbers, key: "gul cykel") != Pseudonyms.letters(for: numbers, key: "blå hest"))
    }

    @Test func lettersGoOnAfterZ() {
        #expect((0..<3).map(Pseudonyms.letter) == ["A", "B", "C"])
        #expect(Pseudonyms.letter(25) == "Z")
        #expect(Pseudonyms.letter(26) == "AA")
        #expect(Pseudonyms.letter(27) == "AB")
        #expect(Pseudonyms.letter(26 + 26 * 26) == "AAA")
    }
}

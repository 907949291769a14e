/// The questionnaire's published results: for each choice question, the share of its
/// respondents per option. Free text is counted, never shown.
public struct SurveyResults: Sendable, Hashable {
    /// Below this many answers a question's breakdown is not shown ("for få svar"):
    /// a percentage of a group that small points at single persons.
    public static let smallestGroup = 5

    public struct Share: Sendable, Hashable {
        public var option: String
        /// Whole per cent of the question's respondents.
        public var percent: Int
    }

    public struct Question: Sendable, Hashable {
        public var question: Survey.Question
        /// Respondents who answered this question.
        public var answered: Int
        /// In the order of the options; nil when fewer than `smallestGroup` answered.
        public var shares: [Share]?
    }

    /// Everyone who sent the questionnaire back.
    public var respondents: Int
    /// The choice questions that have a column in the export, in survey.yml's order.
    public var questions: [Question]
    public struct FreeText: Sendable, Hashable {
        public var question: Survey.Question
        public var answers: Int
    }

    /// Free-text questions with the number of answers (not the answers).
    public var freeText: [FreeText]

    public init(_ responses: SurveyResponses, survey: Survey) {
        respondents = responses.respondents.count
        let present = survey.questions.filter { responses.columns.contains($0.id) }
        freeText = present.filter { $0.kind == .text }.map { FreeText(question: $0, answers: responses.freeTextAnswers[$0.id] ?? 0) }
        questions = present.filter { $0.kind != .text }.map { question in
            // One pass: who answered, and how many of them chose each option.
            var counts = [Int](repeating: 0, count: question.options.count)
            var n = 0
            for respondent in responses.respondents {
                guard let answer = respondent[question.id] else { continue }
                n += 1
                for (index, option) in question.options.enumerated() where answer.contains(option) { counts[index] += 1 }
            }
            guard n >= Self.smallestGroup else { return Question(question: question, answered: n, shares: nil) }
            // Each share rounded on its own, so that one fraction is one percentage on every
            // page; a single-answer question's shares may then sum to 99 or 101.
            let percents = counts.map { Self.roundedPercent($0, of: n) }
            return Question(question: question, answered: n,
                            shares: zip(question.options, percents).map { Share(option: $0, percent: $1) })
        }
    }

    /// Half up: 12.5 % → 13 %.
    static func roundedPercent(_ count: Int, of total: Int) -> Int {
        (count * 200 + total) / (total * 2)
    }
}

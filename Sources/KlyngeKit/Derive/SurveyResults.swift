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
            let answers = responses.respondents.compactMap { $0[question.id] }
            let counts = question.options.map { option in answers.filter { $0.contains(option) }.count }
            let n = answers.count
            guard n >= Self.smallestGroup else { return Question(question: question, answered: n, shares: nil) }
            // One answer per respondent: shares that add up to 100. Several: each share alone.
            let percents = question.kind == .multiple
                ? counts.map { Self.roundedPercent($0, of: n) }
                : Self.largestRemainder(counts, total: n)
            return Question(question: question, answered: n,
                            shares: zip(question.options, percents).map { Share(option: $0, percent: $1) })
        }
    }

    /// Half up: 12.5 % → 13 %.
    static func roundedPercent(_ count: Int, of total: Int) -> Int {
        (count * 200 + total) / (total * 2)
    }

    /// Whole per cents that add up to exactly 100, each within 1 of its exact share
    /// (largest remainder; ties go to the earlier option, so the result is stable).
    static func largestRemainder(_ counts: [Int], total: Int) -> [Int] {
        guard total > 0 else { return counts.map { _ in 0 } }
        var percents = counts.map { $0 * 100 / total }
        let remainders = counts.map { $0 * 100 % total }
        let missing = 100 - percents.reduce(0, +)
        let order = remainders.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        for index in order.prefix(missing) { percents[index] += 1 }
        return percents
    }
}

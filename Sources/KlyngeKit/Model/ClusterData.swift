/// A meeting's register extract, read against its package's declaration: one row per provider number.
public struct RegisterExtract: Sendable, Hashable {
    public struct Practice: Sendable, Hashable {
        /// The ydernummer: private, never published.
        public var providerNumber: String
        /// The denominator (listed patients).
        public var listed: Int
        /// The declared counts, in the declaration's order.
        public var counts: [Int]

        public init(providerNumber: String, listed: Int, counts: [Int]) {
            self.providerNumber = providerNumber
            self.listed = listed
            self.counts = counts
        }
    }

    public var practices: [Practice]
    /// The extract's period as written (`2026`, `2026-01–2026-06`), when given.
    public var period: String?
    /// Where the period is written, for messages about a period no meeting uses.
    public var periodLocation: SourceLocation?

    public init(practices: [Practice], period: String?, periodLocation: SourceLocation? = nil) {
        self.practices = practices
        self.period = period
        self.periodLocation = periodLocation
    }
}

/// `survey-responses.csv`: one entry per respondent.
public struct SurveyResponses: Sendable, Hashable {
    /// Question id → the options a respondent chose (one for likert and single choice).
    /// Free-text answers are counted, not kept: they are never published.
    public var respondents: [[String: [String]]]
    /// Question id → how many respondents wrote a free-text answer.
    public var freeTextAnswers: [String: Int]
    /// The question ids that have a column in the file.
    public var columns: Set<String>

    public init(respondents: [[String: [String]]], freeTextAnswers: [String: Int], columns: Set<String>) {
        self.respondents = respondents
        self.freeTextAnswers = freeTextAnswers
        self.columns = columns
    }
}

/// A cluster's own data: the register extract and the questionnaire export, both
/// optional until the cluster has them.
public struct ClusterData: Sendable, Hashable {
    public var register: RegisterExtract?
    public var responses: SurveyResponses?
    /// Secret that orders the pseudonyms (see `Pseudonyms`); the cluster's slug when
    /// cluster.yml gives none.
    public var pseudonymKey: String

    public init(register: RegisterExtract?, responses: SurveyResponses?, pseudonymKey: String) {
        self.register = register
        self.responses = responses
        self.pseudonymKey = pseudonymKey
    }
}

/// `practices.csv`: one row per provider number.
public struct RegisterExtract: Sendable, Hashable {
    public struct Practice: Sendable, Hashable {
        /// The ydernummer: private, never published.
        public var providerNumber: String
        /// Listed patients (sikrede).
        public var listed: Int
        /// Patients on dose-dispensed medicine.
        public var doseDispensed: Int
        /// Patients receiving the municipality's medicine-administration service.
        public var medicineAdministration: Int

        public init(providerNumber: String, listed: Int, doseDispensed: Int, medicineAdministration: Int) {
            self.providerNumber = providerNumber
            self.listed = listed
            self.doseDispensed = doseDispensed
            self.medicineAdministration = medicineAdministration
        }
    }

    public var practices: [Practice]
    /// The extract's period as written (`2026`, `2026-01–2026-06`), when given.
    public var period: String?

    public init(practices: [Practice], period: String?) {
        self.practices = practices
        self.period = period
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

/// The published figures of a register extract: per pseudonymised practice and for
/// the cluster, under the disclosure rule. Everything here may be shown on the site;
/// the key from pseudonym to provider number is kept apart in `key`.
public struct RegisterFigures: Sendable, Hashable {
    /// One measure (dose-dispensed medicine, or medicine administration).
    public struct Measure: Sendable, Hashable {
        public struct Practice: Sendable, Hashable {
            /// "A", "B", …
            public var letter: String
            public var count: Disclosure.Count
            /// Per 1,000 listed patients; nil when the count is `<5`.
            public var rate: Double?
        }

        /// In letter order: an order that says nothing about the numbers.
        public var practices: [Practice]
        /// Exact when no practice is `<5`.
        public var total: ClosedRange<Int>
        /// The cluster's rate per 1,000 listed patients, as a range like `total`.
        public var rate: ClosedRange<Double>
    }

    /// A line of the coordinator's private key file.
    public struct KeyEntry: Sendable, Hashable {
        public var letter: String
        public var practice: RegisterExtract.Practice
    }

    public var doseDispensed: Measure
    public var medicineAdministration: Measure
    public var period: String?
    /// Private: never part of the site.
    public var key: [KeyEntry]

    public init(_ extract: RegisterExtract, pseudonymKey: String) {
        let letters = Pseudonyms.letters(for: extract.practices.map(\.providerNumber), key: pseudonymKey)
        let practices = extract.practices
            .map { (letter: letters[$0.providerNumber]!, practice: $0) }
            .sorted { ($0.letter.count, $0.letter) < ($1.letter.count, $1.letter) }
        let listed = practices.reduce(0) { $0 + $1.practice.listed }

        func measure(_ count: (RegisterExtract.Practice) -> Int) -> Measure {
            let cells = practices.map { entry -> Measure.Practice in
                let published = Disclosure.Count(count(entry.practice))
                return Measure.Practice(letter: entry.letter, count: published,
                                        rate: published.value.map { Self.rate($0, listed: entry.practice.listed) })
            }
            let total = Disclosure.total(of: cells.map(\.count))
            return Measure(practices: cells, total: total,
                           rate: Self.rate(total.lowerBound, listed: listed)...Self.rate(total.upperBound, listed: listed))
        }

        doseDispensed = measure(\.doseDispensed)
        medicineAdministration = measure(\.medicineAdministration)
        period = extract.period
        key = practices.map { KeyEntry(letter: $0.letter, practice: $0.practice) }
    }

    static func rate(_ count: Int, listed: Int) -> Double {
        listed > 0 ? Double(count) * 1000 / Double(listed) : 0
    }
}

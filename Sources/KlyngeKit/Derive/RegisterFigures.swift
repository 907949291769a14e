/// The published figures of a register extract: per pseudonymised practice and for
/// the cluster, for every measure of the package, under the disclosure rule.
/// Everything here may be shown on the site; the key from pseudonym to provider
/// number is kept apart in `key`.
public struct RegisterFigures: Sendable, Hashable {
    /// One measure's numbers.
    public struct MeasureFigures: Sendable, Hashable {
        public struct Practice: Sendable, Hashable {
            /// "A", "B", …
            public var letter: String
            public var count: Disclosure.Count
            /// Per 1,000 of the denominator, or per cent of the other count; nil when
            /// the count is `<5` (or, for a share, when there is nothing to share of).
            public var value: Double?
        }

        public var measure: Measure
        /// In letter order: an order that says nothing about the numbers.
        public var practices: [Practice]
        /// Exact when no practice is `<5`.
        public var total: ClosedRange<Int>
        /// The cluster's value, as a range like `total`.
        public var value: ClosedRange<Double>
    }

    /// A line of the coordinator's private key file.
    public struct KeyEntry: Sendable, Hashable {
        public var letter: String
        public var practice: RegisterExtract.Practice
    }

    public var measures: [MeasureFigures]
    public var period: String?
    /// Private: never part of the site.
    public var key: [KeyEntry]

    /// - Parameter letters: provider number → letter, from `Pseudonyms.letters`; a
    ///   follow-up passes the letters of both its extracts, so a practice keeps its letter.
    public init(_ extract: RegisterExtract, measures: [Measure], letters: [String: String]) {
        let practices = extract.practices
            .map { (letter: letters[$0.providerNumber]!, practice: $0) }
            .sorted { ($0.letter.count, $0.letter) < ($1.letter.count, $1.letter) }
        let listed = practices.reduce(0) { $0 + $1.practice.listed }

        self.measures = measures.map { measure in
            let count = measure.kind.count
            let cells = practices.map { entry -> MeasureFigures.Practice in
                let published = Disclosure.Count(entry.practice.counts[count])
                let value = published.value.flatMap { shown -> Double? in
                    switch measure.kind {
                    case .ratePer1000: Self.rate(shown, of: entry.practice.listed)
                    case .share(_, let of):
                        // A share of a count from 1 to 4 would tell that count: not shown.
                        Disclosure.small.contains(entry.practice.counts[of]) ? nil : Self.share(shown, of: entry.practice.counts[of])
                    }
                }
                return MeasureFigures.Practice(letter: entry.letter, count: published, value: value)
            }
            let total = Disclosure.total(of: cells.map(\.count))
            let value: ClosedRange<Double>
            switch measure.kind {
            case .ratePer1000:
                value = (Self.rate(total.lowerBound, of: listed) ?? 0)...(Self.rate(total.upperBound, of: listed) ?? 0)
            case .share(_, let of):
                // The other count is published nowhere, but its total would be the share's
                // denominator: it counts as the range its cells allow, as `total` does.
                let whole = Disclosure.total(of: practices.map { Disclosure.Count($0.practice.counts[of]) })
                let low = Self.share(total.lowerBound, of: whole.upperBound) ?? 0
                let high = Self.share(total.upperBound, of: whole.lowerBound) ?? 0
                value = min(low, high)...max(low, high)
            }
            return MeasureFigures(measure: measure, practices: cells, total: total, value: value)
        }
        period = extract.period
        key = practices.map { KeyEntry(letter: $0.letter, practice: $0.practice) }
    }

    public func figures(for id: String) -> MeasureFigures? { measures.first { $0.measure.id == id } }

    static func rate(_ count: Int, of listed: Int) -> Double? {
        listed > 0 ? Double(count) * 1000 / Double(listed) : nil
    }

    static func share(_ count: Int, of whole: Int) -> Double? {
        whole > 0 ? Double(count) * 100 / Double(whole) : nil
    }
}

/// A follow-up's view of one measure: each practice then and now, and the change.
/// A change is published only where both counts are: a difference with a `<5` on
/// either side would narrow the suppressed count down.
public struct MeasureChange: Sendable, Hashable {
    public struct Practice: Sendable, Hashable {
        public var letter: String
        public var then: RegisterFigures.MeasureFigures.Practice?
        public var now: RegisterFigures.MeasureFigures.Practice?
        /// Now minus then, in the measure's value; nil unless both are shown.
        public var change: Double?
    }

    public var measure: Measure
    public var practices: [Practice]
    public var then: RegisterFigures.MeasureFigures
    public var now: RegisterFigures.MeasureFigures
    /// The cluster's change, as the range the published cells allow.
    public var change: ClosedRange<Double>

    public init(then: RegisterFigures.MeasureFigures, now: RegisterFigures.MeasureFigures) {
        measure = now.measure
        self.then = then
        self.now = now
        let letters = Set(then.practices.map(\.letter)).union(now.practices.map(\.letter))
            .sorted { ($0.count, $0) < ($1.count, $1) }
        practices = letters.map { letter in
            let before = then.practices.first { $0.letter == letter }
            let after = now.practices.first { $0.letter == letter }
            var change: Double?
            if let a = before?.value, let b = after?.value, before?.count.value != nil, after?.count.value != nil { change = b - a }
            return Practice(letter: letter, then: before, now: after, change: change)
        }
        change = (now.value.lowerBound - then.value.upperBound)...(now.value.upperBound - then.value.lowerBound)
    }
}

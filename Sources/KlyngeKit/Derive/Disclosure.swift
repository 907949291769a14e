/// The register's disclosure rule, and how Klynge keeps it for every derived number.
///
/// Primary suppression: a count from 1 to 4 is never published; it shows as `<5`
/// and its rate is hidden. 0 and 5 or more are shown.
///
/// Secondary protection: instead of hiding more practices, every number derived
/// from several counts is published only as what the published cells already tell.
/// The cluster's total is the sum of the shown counts plus, for each `<5`, anything
/// from 1 to 4: an exact number when no practice is `<5`, else a range (`95–104`), and
/// the cluster's rate is that range per 1,000 listed patients. So no published number
/// depends on the value of a suppressed count: changing a `<5` practice's count
/// within 1…4 leaves every published byte the same (the property the tests check),
/// and no reader — not even a practice of the cluster that knows its own numbers, or
/// one that knows every practice's listed patients — can work a suppressed count out
/// by subtracting, multiplying a rate, or combining figures. Listed patients per
/// practice are not published; they would only help to identify the practices.
public enum Disclosure {
    /// The counts that are never published.
    public static let small = 1...4

    /// A count as it may be published.
    public enum Count: Sendable, Hashable {
        case shown(Int)
        /// 1 to 4: shown as `<5`.
        case small

        public init(_ count: Int) {
            self = Disclosure.small.contains(count) ? .small : .shown(count)
        }

        public var value: Int? {
            if case .shown(let value) = self { return value }
            return nil
        }
    }

    /// The totals consistent with the published cells: each `<5` may be 1 to 4.
    public static func total(of counts: [Count]) -> ClosedRange<Int> {
        let shown = counts.compactMap(\.value).reduce(0, +)
        let hidden = counts.count - counts.compactMap(\.value).count
        return (shown + hidden * small.lowerBound)...(shown + hidden * small.upperBound)
    }
}

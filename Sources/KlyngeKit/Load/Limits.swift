/// Every range a number or a file from the input must lie in, in one place. Each fits
/// what the number means, with room to spare, and keeps all arithmetic on it far
/// from overflow: sums over a cluster's practices, rates per 1,000, minutes of a day,
/// a year's follow-up meeting. A value outside is a located error where it is read.
import Foundation

public enum Limits {
    /// A closed range with what it means, for the message that names it.
    public struct Range<Bound: Comparable & Sendable>: Sendable {
        public let bounds: ClosedRange<Bound>
        public let meaning: String

        public init(_ bounds: ClosedRange<Bound>, _ meaning: String) {
            self.bounds = bounds
            self.meaning = meaning
        }

        /// False for NaN too: every comparison with it is false.
        public func contains(_ value: Bound) -> Bool { bounds.contains(value) }
    }

    // MARK: numbers

    /// Patients listed with one practice; the largest Danish practices list some tens of thousands.
    public static let listedPatients = Range(0...200_000, "patients listed with one practice")
    /// Patients of one practice counted in a register column: never more than it lists.
    public static let patientCount = Range(0...200_000, "patients of one practice")
    /// Minutes of a programme block or item: one day at most, either way. This range only
    /// keeps the sums safe; `ProgrammeCheck` says why an item of 0 or -5 minutes is wrong.
    public static let minutes = Range(-(24 * 60)...(24 * 60), "minutes in a day")
    /// A meeting's length in minutes: at least one, one day at most.
    public static let meetingMinutes = Range(1...(24 * 60), "minutes in a day")
    /// A rate per 1,000 patients, as the package's reference values give it.
    public static let ratePer1000 = Range(0.0...1000.0, "a rate per 1,000")
    /// Meeting years: the calendar code (1600...9999) and a four-digit `.ics` year hold
    /// every one of them with its follow-up a year later.
    public static let years = Range(2000...2200, "years Klynge plans meetings in")

    // MARK: files

    /// The largest input file of each kind, checked before it is read: far above any real
    /// file of its kind, far below what would make a build take minutes or gigabytes.
    public enum FileSize {
        /// `cluster.yml`, `package.yml`, `site.yml`, programmes, surveys: a few KB in practice.
        public static let yaml = 1 << 20
        /// A package document or layout: tens of KB in practice.
        public static let document = 4 << 20
        /// `practices.csv` (a few hundred practices) and `survey-responses.csv`.
        public static let csv = 2 << 20
        /// An image, font or stylesheet in `Theme/assets/`.
        public static let asset = 16 << 20

        /// The limit for a file, by what its name says it is.
        public static func limit(for path: String) -> Int {
            if path.hasSuffix(".yml") || path.hasSuffix(".yaml") { return yaml }
            if path.hasSuffix(".csv") { return csv }
            if path.hasSuffix(".md") || path.hasSuffix(".mustache") || path.hasSuffix(".html") { return document }
            return asset
        }

        /// "2.5 MB", "900 KB": sizes as a person reads them.
        public static func shown(_ bytes: Int) -> String {
            bytes >= 1 << 20 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\((bytes + 1023) / 1024) KB"
        }
    }

    // MARK: YAML

    /// Nodes one YAML file may expand to, aliases counted each time they are used: a real
    /// file has hundreds; an alias bomb of a kilobyte expands to hundreds of millions.
    public static let yamlNodes = 100_000
}

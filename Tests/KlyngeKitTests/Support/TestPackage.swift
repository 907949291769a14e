@testable import KlyngeKit

/// Small package values for tests of single stages, built in code: a register with
/// two counts and three measures over them (two rates and a share).
enum TestPackage {
    static let here = SourceLocation(path: "package.yml")

    static func column(_ name: String, _ label: String) -> DataColumn { DataColumn(name: name, label: label, location: here) }

    static let register = RegisterDeclaration(
        file: "data.csv", provider: column("yder", "Ydernummer"), denominator: column("listed", "Listed"),
        counts: [column("first", "First"), column("second", "Second")], period: column("period", "Period"))

    static let firstRate = Measure(id: "first", kind: .ratePer1000(count: 0), title: "First per 1,000", source: "Source A",
                                   unit: "Per 1,000", references: [], location: here)
    static let secondRate = Measure(id: "second", kind: .ratePer1000(count: 1), title: "Second per 1,000", source: "Source B",
                                    unit: "Per 1,000", references: [], location: here)
    /// The first count as a share of the second.
    static let share = Measure(id: "share", kind: .share(count: 0, of: 1), title: "First of second", source: "Source C",
                               unit: "Share", references: [], location: here)

    static let measures = [firstRate, secondRate, share]

    /// Rows of (listed, first, second); provider numbers 991000, 991001, … .
    static func extract(_ rows: [(listed: Int, first: Int, second: Int)], period: String = "2026") -> RegisterExtract {
        RegisterExtract(practices: rows.enumerated().map { index, row in
            .init(providerNumber: "99\(1000 + index)", listed: row.listed, counts: [row.first, row.second])
        }, period: period)
    }

    static func letters(_ extracts: RegisterExtract..., key: String = "k") -> [String: String] {
        Pseudonyms.letters(for: Array(Set(extracts.flatMap { $0.practices.map(\.providerNumber) })).sorted(), key: key)
    }

    static func figures(_ extract: RegisterExtract, key: String = "k") -> RegisterFigures {
        RegisterFigures(extract, measures: measures, letters: letters(extract, key: key))
    }
}

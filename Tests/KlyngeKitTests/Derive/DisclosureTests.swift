import PropertyBased
import Testing
@testable import KlyngeKit

/// The disclosure rule: counts from 1 to 4 are never published, and nothing that is
/// published lets a reader work one out.
@Suite struct DisclosureTests {
    static func extract(_ rows: [(listed: Int, dose: Int, administration: Int)]) -> RegisterExtract {
        RegisterExtract(practices: rows.enumerated().map { index, row in
            .init(providerNumber: "99\(1000 + index)", listed: row.listed, doseDispensed: row.dose, medicineAdministration: row.administration)
        }, period: "2026")
    }

    /// The published cells of one measure by provider number, for hand-made checks.
    static func cells(_ figures: RegisterFigures, _ measure: RegisterFigures.Measure) -> [String: RegisterFigures.Measure.Practice] {
        let numbers = Dictionary(uniqueKeysWithValues: figures.key.map { ($0.letter, $0.practice.providerNumber) })
        return Dictionary(uniqueKeysWithValues: measure.practices.map { (numbers[$0.letter]!, $0) })
    }

    @Test func smallCountsShowAsLessThanFiveWithoutRate() {
        let figures = RegisterFigures(Self.extract([(1843, 21, 37), (2410, 3, 18), (1120, 0, 6), (3380, 14, 52), (960, 2, 4)]), pseudonymKey: "k")
        let dose = Self.cells(figures, figures.doseDispensed)
        #expect(dose["991000"]?.count == .shown(21))
        #expect(dose["991001"]?.count == .small)
        #expect(dose["991001"]?.rate == nil)
        #expect(dose["991002"]?.count == .shown(0), "0 is not a small count")
        #expect(dose["991002"]?.rate == 0)
        #expect(dose["991004"]?.count == .small)
        #expect(Self.cells(figures, figures.medicineAdministration)["991004"]?.count == .small)
        #expect(Disclosure.Count(5) == .shown(5))
        #expect(Disclosure.Count(4) == .small)
    }

    /// With one practice suppressed, "the cluster total minus the other practices" is
    /// the classic attack: the total is then published only as the range it could be.
    @Test func theClusterTotalMinusTheOthersLeavesEverySmallCountOpen() throws {
        let figures = RegisterFigures(Self.extract([(2000, 10, 30), (1500, 2, 20), (1000, 7, 12)]), pseudonymKey: "k")
        let dose = figures.doseDispensed
        #expect(dose.total == 18...21)
        let others = dose.practices.compactMap(\.count.value).reduce(0, +)
        #expect(dose.total.lowerBound - others == 1 && dose.total.upperBound - others == 4)
        #expect(dose.rate == (Double(18) * 1000 / 4500)...(Double(21) * 1000 / 4500))
        let table = FigureValues.measure(dose, number: 1, title: "t", source: "s", national: nil)
        #expect(Published.text(table).contains("18–21"))
        #expect(Published.text(table).contains("Klyngen 4,0–4,7"))
        // No practice suppressed: the total and the cluster's level are exact.
        let administration = figures.medicineAdministration
        #expect(administration.total == 62...62)
        #expect(FigureValues.rate(administration.rate) == "13,8")
    }

    @Test func twoSmallCountsStayOpenEvenToOneOfThem() {
        // Praksis with 1 knows its own count; the other's is still anything from 1 to 4,
        // because the published total is a range that does not depend on either.
        let small1 = RegisterFigures(Self.extract([(900, 1, 9), (800, 4, 9), (2000, 30, 9)]), pseudonymKey: "k").doseDispensed
        let small2 = RegisterFigures(Self.extract([(900, 1, 9), (800, 1, 9), (2000, 30, 9)]), pseudonymKey: "k").doseDispensed
        #expect(small1 == small2)
        #expect(small1.total == 32...38)
    }

    @Test func everyCountSmallGivesOnlyARange() {
        let dose = RegisterFigures(Self.extract([(100, 1, 0), (100, 2, 0), (100, 3, 0)]), pseudonymKey: "k").doseDispensed
        #expect(dose.total == 3...12)
        #expect(dose.practices.allSatisfy { $0.count == .small && $0.rate == nil })
        #expect(FigureValues.count(dose.total) == "3–12")
    }

    /// For random clusters: change any count from 1 to 4 to any other value from 1 to 4,
    /// and every published figure — chart, table, notes, cluster level — stays the same
    /// to the byte. What does not change cannot tell a reader the count, whatever the
    /// reader knows besides (its own practice's counts, every practice's listed
    /// patients) and whatever arithmetic they try (totals minus the others, rates times
    /// listed patients).
    @Test func noSmallCountCanBeRecoveredFromWhatIsPublished() async {
        let count = Gen.oneOf(Gen.int(in: 0...8), Gen.int(in: 0...80))
        let practice = zip(Gen.int(in: 1...4000), count, count)
        await propertyCheck(count: 150, input: practice.array(of: 1...14)) { rows in
            let rows = rows.map { (listed: $0.0, dose: min($0.1, $0.0), administration: min($0.2, $0.0)) }
            let published = Published.register(Self.extract(rows))
            for (index, row) in rows.enumerated() {
                for measure in 0..<2 where Disclosure.small.contains(measure == 0 ? row.dose : row.administration) {
                    for other in Disclosure.small where other <= row.listed {
                        var changed = rows
                        if measure == 0 { changed[index].dose = other } else { changed[index].administration = other }
                        #expect(Published.register(Self.extract(changed)) == published,
                                "practice \(index), measure \(measure): \(measure == 0 ? row.dose : row.administration) → \(other)")
                    }
                }
            }
            // And what is shown is right: the exact total lies in the published range.
            let figures = RegisterFigures(Self.extract(rows), pseudonymKey: "k")
            #expect(figures.doseDispensed.total.contains(rows.map(\.dose).reduce(0, +)))
            #expect(figures.medicineAdministration.total.contains(rows.map(\.administration).reduce(0, +)))
        }
    }
}

/// Everything the site shows of a register extract, as one string.
enum Published {
    static func register(_ extract: RegisterExtract) -> String {
        let figures = RegisterFigures(extract, pseudonymKey: "nøgle")
        return text(FigureValues.measure(figures.doseDispensed, number: 1, title: "t", source: "s", national: 7.3))
            + text(FigureValues.measure(figures.medicineAdministration, number: 2, title: "t", source: "s", national: nil))
    }

    static func text(_ value: Any) -> String {
        switch value {
        case let dictionary as [String: Any]:
            return "{" + dictionary.keys.sorted().map { "\($0):\(text(dictionary[$0]!))" }.joined(separator: ",") + "}"
        case let list as [Any]:
            return "[" + list.map(text).joined(separator: ",") + "]"
        default:
            return "\(value)"
        }
    }
}

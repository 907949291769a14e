import PropertyBased
import Testing
@testable import KlyngeKit

/// The disclosure rule: counts from 1 to 4 are never published, and nothing that is
/// published lets a reader work one out.
@Suite struct DisclosureTests {
    static func extract(_ rows: [(listed: Int, dose: Int, administration: Int)]) -> RegisterExtract {
        TestPackage.extract(rows.map { ($0.listed, $0.dose, $0.administration) })
    }

    static func figures(_ rows: [(listed: Int, dose: Int, administration: Int)]) -> RegisterFigures {
        TestPackage.figures(extract(rows))
    }

    /// The published cells of one measure by provider number, for hand-made checks.
    static func cells(_ figures: RegisterFigures, _ id: String) -> [String: RegisterFigures.MeasureFigures.Practice] {
        let numbers = Dictionary(uniqueKeysWithValues: figures.key.map { ($0.letter, $0.practice.providerNumber) })
        return Dictionary(uniqueKeysWithValues: figures.figures(for: id)!.practices.map { (numbers[$0.letter]!, $0) })
    }

    @Test func smallCountsShowAsLessThanFiveWithoutRate() {
        let figures = Self.figures([(1843, 21, 37), (2410, 3, 18), (1120, 0, 6), (3380, 14, 52), (960, 2, 4)])
        let dose = Self.cells(figures, "first")
        #expect(dose["991000"]?.count == .shown(21))
        #expect(dose["991001"]?.count == .small)
        #expect(dose["991001"]?.value == nil)
        #expect(dose["991002"]?.count == .shown(0), "0 is not a small count")
        #expect(dose["991002"]?.value == 0)
        #expect(dose["991004"]?.count == .small)
        #expect(Self.cells(figures, "second")["991004"]?.count == .small)
        #expect(Disclosure.Count(5) == .shown(5))
        #expect(Disclosure.Count(4) == .small)
    }

    /// With one practice suppressed, "the cluster total minus the other practices" is
    /// the classic attack: the total is then published only as the range it could be.
    @Test func theClusterTotalMinusTheOthersLeavesEverySmallCountOpen() throws {
        let figures = Self.figures([(2000, 10, 30), (1500, 2, 20), (1000, 7, 12)])
        let dose = try #require(figures.figures(for: "first"))
        #expect(dose.total == 18...21)
        let others = dose.practices.compactMap(\.count.value).reduce(0, +)
        #expect(dose.total.lowerBound - others == 1 && dose.total.upperBound - others == 4)
        #expect(dose.value == (Double(18) * 1000 / 4500)...(Double(21) * 1000 / 4500))
        let table = FigureValues.measure(dose, countLabel: "Patienter", number: 1, period: "2026")
        #expect(Published.text(table).contains("18–21"))
        #expect(Published.text(table).contains("Klyngen 4,0–4,7"))
        // No practice suppressed: the total and the cluster's level are exact.
        let administration = try #require(figures.figures(for: "second"))
        #expect(administration.total == 62...62)
        #expect(FigureValues.rate(administration.value.lowerBound) == "13,8")
    }

    @Test func aShareIsACountOverAnotherCount() throws {
        let figures = Self.figures([(2000, 10, 40), (1500, 2, 20), (1000, 0, 0)])
        let share = try #require(figures.figures(for: "share"))
        let cells = Self.cells(figures, "share")
        #expect(cells["991000"]?.value == 25)
        #expect(cells["991001"]?.value == nil, "a count of 2 is never shown, nor its share")
        #expect(cells["991002"]?.value == nil, "a share of nothing is no number")
        #expect(share.total == 11...14)
        #expect(share.value == (Double(11) * 100 / 60)...(Double(14) * 100 / 60))
        let text = Published.text(FigureValues.measure(share, countLabel: "First", number: 2, period: nil))
        #expect(text.contains("25\u{A0}%"))
        #expect(text.contains("periode ikke oplyst"))
    }

    @Test func twoSmallCountsStayOpenEvenToOneOfThem() {
        // Praksis with 1 knows its own count; the other's is still anything from 1 to 4,
        // because the published total is a range that does not depend on either.
        let small1 = Self.figures([(900, 1, 9), (800, 4, 9), (2000, 30, 9)]).figures(for: "first")!
        let small2 = Self.figures([(900, 1, 9), (800, 1, 9), (2000, 30, 9)]).figures(for: "first")!
        #expect(small1 == small2)
        #expect(small1.total == 32...38)
    }

    @Test func everyCountSmallGivesOnlyARange() {
        let dose = Self.figures([(100, 1, 0), (100, 2, 0), (100, 3, 0)]).figures(for: "first")!
        #expect(dose.total == 3...12)
        #expect(dose.practices.allSatisfy { $0.count == .small && $0.value == nil })
        #expect(FigureValues.count(dose.total) == "3–12")
    }

    /// For random clusters: change any count from 1 to 4 to any other value from 1 to 4,
    /// and every published figure — chart, table, notes, cluster level — stays the same
    /// to the byte. What does not change cannot tell a reader the count, whatever the
    /// reader knows besides (its own practice's counts, every practice's listed
    /// patients) and whatever arithmetic they try (totals minus the others, rates times
    /// listed patients, a share times the other count).
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
            let figures = Self.figures(rows)
            #expect(figures.figures(for: "first")!.total.contains(rows.map(\.dose).reduce(0, +)))
            #expect(figures.figures(for: "second")!.total.contains(rows.map(\.administration).reduce(0, +)))
        }
    }

    /// A follow-up shows then, now and the change: no small count in either period can
    /// be recovered from any of them, nor from the difference.
    @Test func noSmallCountCanBeRecoveredFromAFollowUpsChange() async {
        let count = Gen.oneOf(Gen.int(in: 0...8), Gen.int(in: 0...60))
        let practice = zip(Gen.int(in: 1...3000), count, count)
        await propertyCheck(count: 80, input: practice.array(of: 1...8)) { rows in
            let then = rows.map { (listed: $0.0, first: min($0.1, $0.0), second: 0) }
            let now = rows.map { (listed: $0.0, first: min($0.2, $0.0), second: 0) }
            let published = Published.change(then, now)
            for index in rows.indices {
                for (period, value) in [(0, then[index].first), (1, now[index].first)] where Disclosure.small.contains(value) {
                    for other in Disclosure.small where other <= rows[index].0 {
                        var (a, b) = (then, now)
                        if period == 0 { a[index].first = other } else { b[index].first = other }
                        #expect(Published.change(a, b) == published, "practice \(index), period \(period): \(value) → \(other)")
                    }
                }
            }
        }
    }
}

/// Everything the site shows of a register extract, as one string.
enum Published {
    static func register(_ extract: RegisterExtract) -> String {
        let figures = TestPackage.figures(extract, key: "nøgle")
        return TestPackage.measures.map { measure in
            text(FigureValues.measure(figures.figures(for: measure.id)!, countLabel: "n", number: 1, period: extract.period))
        }.joined()
    }

    static func change(_ then: [(listed: Int, first: Int, second: Int)], _ now: [(listed: Int, first: Int, second: Int)]) -> String {
        let before = TestPackage.extract(then, period: "2026"), after = TestPackage.extract(now, period: "2027")
        let letters = TestPackage.letters(before, after)
        let a = RegisterFigures(before, measures: TestPackage.measures, letters: letters)
        let b = RegisterFigures(after, measures: TestPackage.measures, letters: letters)
        return TestPackage.measures.map { measure in
            let change = MeasureChange(then: a.figures(for: measure.id)!, now: b.figures(for: measure.id)!)
            return text(FigureValues.change(change, countLabel: "n", number: 1, then: "2026", now: "2027"))
        }.joined()
    }

    static func text(_ value: TemplateValue) -> String {
        switch value {
        case .record(let record):
            return "{" + record.keys.sorted().map { "\($0):\(text(record[$0]!))" }.joined(separator: ",") + "}"
        case .list(let list):
            return "[" + list.map(text).joined(separator: ",") + "]"
        case .text(let string): return string
        case .number(let number): return "\(number)"
        case .flag(let flag): return "\(flag)"
        case .missing: return "(missing)"
        case .absent: return "(absent)"
        }
    }
}

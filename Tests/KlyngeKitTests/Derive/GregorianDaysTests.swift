import Foundation
import Testing
@testable import KlyngeKit

/// Days and months are added by arithmetic; the answer must be Foundation's calendar's.
@Suite struct GregorianDaysTests {
    @Test func arithmeticGivesTheDaysOfFoundationsCalendar() {
        var round = 0
        Differential.check(count: 4_000, input: { generator in
            defer { round += 1 }
            let year = round % 4 == 0 ? [1600, 1700, 1900, 2000, 2024, 2100, 2400].randomElement(using: &generator)! : Int.random(in: 1600...2600, using: &generator)
            let month = Int.random(in: 1...12, using: &generator)
            let day = Day(year: year, month: month, day: Int.random(in: 1...GregorianDays.daysInMonth(month, of: year), using: &generator))
            let component = Bool.random(using: &generator) ? Calendar.Component.day : .month
            let value = component == .day ? Int.random(in: -800...800, using: &generator) : Int.random(in: -14...14, using: &generator)
            return (day: day, value: value, component: component)
        }, describe: { "\($0.day) + \($0.value) \($0.component)" },
        plain: { DanishCalendar.foundationAdding($0.value, $0.component, to: $0.day) },
        fast: { DanishCalendar.adding($0.value, $0.component, to: $0.day) })
    }

    @Test func weekdaysAreThoseOfFoundationsCalendar() {
        Differential.check(count: 3_000, input: { generator in
            let year = Int.random(in: 1600...2600, using: &generator), month = Int.random(in: 1...12, using: &generator)
            return Day(year: year, month: month, day: Int.random(in: 1...GregorianDays.daysInMonth(month, of: year), using: &generator))
        }, describe: { "\($0)" }, plain: { Optional(DanishFormat.foundationWeekday($0)) }, fast: { GregorianDays.weekday($0) })
        #expect(DanishFormat.weekday(Day(year: 2027, month: 3, day: 4)) == "torsdag")
    }

    @Test func invalidOrEarlyDaysAreLeftToFoundation() {
        #expect(GregorianDays.adding(1, .day, to: Day(year: 2027, month: 2, day: 30)) == nil)
        #expect(GregorianDays.adding(1, .day, to: Day(year: 1582, month: 10, day: 4)) == nil)
        #expect(GregorianDays.adding(13, .month, to: Day(year: 2027, month: 1, day: 31)) == nil)
    }
}

import Testing
@testable import KlyngeKit

@Suite struct DanishFormatTests {
    @Test func writesDatesTheDanishWay() {
        #expect(DanishFormat.longDate(Day(year: 2027, month: 3, day: 4)) == "torsdag den 4. marts 2027")
        #expect(DanishFormat.shortDate(Day(year: 2027, month: 12, day: 24)) == "24. december 2027")
        #expect(DanishFormat.clock(ClockTime(hour: 9, minute: 5)) == "09.05")
        #expect(DanishFormat.span(ClockTime(hour: 16, minute: 0), ClockTime(hour: 16, minute: 15)) == "16.00–16.15")
    }

    @Test func writesNumbersAndDurations() {
        #expect(DanishFormat.number(12.5, decimals: 1) == "12,5")
        #expect(DanishFormat.number(63000) == "63.000")
        #expect(DanishFormat.duration(minutes: 150) == "2,5 time")
        #expect(DanishFormat.duration(minutes: 45) == "45 minutter")
    }

    @Test func computesDeadlinesFromTheMeetingDate() {
        let deadlines = Deadlines(meeting: Day(year: 2027, month: 3, day: 4))
        #expect(deadlines.order == Day(year: 2027, month: 1, day: 7))
        #expect(deadlines.material == Day(year: 2027, month: 2, day: 18))
        #expect(deadlines.followUp == Day(year: 2028, month: 3, day: 4))
    }

    @Test func laysOutTheProgrammeInClockTime() {
        let location = SourceLocation(path: "p.yml")
        func item(_ minutes: Int) -> Programme.Item {
            Programme.Item(title: "x", minutes: Located(minutes, location), lead: .coordinator, notes: [])
        }
        let programme = Programme(blocks: [
            .init(title: "Intro", statedMinutes: nil, isPause: false, items: [item(15)], location: location),
            .init(title: "Pause", statedMinutes: Located(15, location), isPause: true, items: [], location: location),
            .init(title: "Blok", statedMinutes: Located(30, location), isPause: false, items: [item(4), item(10), item(15)], location: location),
        ], path: "p.yml")
        let schedule = Schedule(programme: programme, start: ClockTime(hour: 16, minute: 0))
        #expect(schedule.blocks.map { DanishFormat.span($0.start, $0.end) } == ["16.00–16.15", "16.15–16.30", "16.30–16.59"])
        let problems = ProgrammeCheck.problems(in: programme, packageMinutes: Located(150, location))
        #expect(problems.contains { $0.message.contains("states 30 minutes but its items add up to 29") })
        #expect(problems.contains { $0.message == "the package states 150 minutes but its programme (p.yml) adds up to 59" })
    }
}


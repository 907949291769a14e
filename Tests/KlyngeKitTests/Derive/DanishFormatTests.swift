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
        func rule(_ id: String, _ amount: Int, _ unit: DeadlineRule.Unit, calendar: Bool = false) -> DeadlineRule {
            DeadlineRule(id: id, amount: amount, unit: unit, title: "Frist {partners}", owner: .absent, description: .absent,
                         inCalendar: calendar, location: SourceLocation(path: "package.yml"))
        }
        let deadlines = Deadlines(meeting: Day(year: 2027, month: 3, day: 4),
                                  rules: [rule("follow_up", 12, .months), rule("order", -8, .weeks), rule("material", -2, .weeks), rule("eve", -1, .days)],
                                  partners: PartnerWording([]))
        #expect(deadlines.deadline("order")?.day == Day(year: 2027, month: 1, day: 7))
        #expect(deadlines.deadline("material")?.day == Day(year: 2027, month: 2, day: 18))
        #expect(deadlines.deadline("eve")?.day == Day(year: 2027, month: 3, day: 3))
        #expect(deadlines.deadline("follow_up")?.day == Day(year: 2028, month: 3, day: 4))
        #expect(deadlines.all.map(\.id) == ["order", "material", "eve", "follow_up"], "in time order")
        // 4 March 2028 is a Saturday: a reminder moves to the Monday after.
        #expect(deadlines.deadline("follow_up")?.reminderDay == Day(year: 2028, month: 3, day: 6))
        #expect(deadlines.deadline("follow_up")?.movedFromWeekend == true)
        #expect(deadlines.deadline("order")?.movedFromWeekend == false)
    }

    @Test func joinsPartnersAndWritesPeriodsInDanish() {
        #expect(DanishFormat.list(["kommunen"]) == "kommunen")
        #expect(DanishFormat.list(["kommunen", "apoteket"]) == "kommunen og apoteket")
        #expect(DanishFormat.list(["kommunen", "apoteket", "hospitalet"]) == "kommunen, apoteket og hospitalet")
        #expect(DanishFormat.period("2026-01–2026-06") == "januar–juni 2026")
        #expect(DanishFormat.period("2026-11–2027-04") == "november 2026–april 2027")
        #expect(DanishFormat.period("2027-03") == "marts 2027")
        #expect(DanishFormat.period("2026") == "2026")
        #expect(DanishFormat.offset(-8, .weeks) == "8 uger før mødet")
        #expect(DanishFormat.offset(12, .months) == "12 måneder efter mødet")
        #expect(DanishFormat.offset(-1, .days) == "1 dag før mødet")
    }

    @Test func laysOutTheProgrammeInClockTime() {
        let location = SourceLocation(path: "p.yml")
        func item(_ minutes: Int) -> Programme.Item {
            Programme.Item(title: "x", minutes: Located(minutes, location), lead: "coordinator", notes: [])
        }
        let programme = Programme(blocks: [
            .init(title: "Intro", statedMinutes: nil, isPause: false, items: [item(15)], location: location),
            .init(title: "Pause", statedMinutes: Located(15, location), isPause: true, items: [], location: location),
            .init(title: "Blok", statedMinutes: Located(30, location), isPause: false, items: [item(4), item(10), item(15)], location: location),
        ], path: "p.yml")
        let package = ClusterPackage(id: "p", title: "P", subtitle: .absent, durationMinutes: Located(59, location), reviewer: .absent,
                                     links: [], register: nil, surveyFile: nil, measures: [], partners: [],
                                     leads: [LeadRole(id: "coordinator", label: "Klyngekoordinator", location: location)],
                                     deadlines: [], documents: [], programme: programme, survey: nil, location: location)
        let schedule = Schedule(package: package, partners: [], start: ClockTime(hour: 16, minute: 0))
        #expect(schedule.blocks[0].items[0].lead == "Klyngekoordinator")
        #expect(schedule.blocks.map { DanishFormat.span($0.start, $0.end) } == ["16.00–16.15", "16.15–16.30", "16.30–16.59"])
        let problems = ProgrammeCheck.problems(in: programme, packageMinutes: Located(150, location))
        #expect(problems.contains { $0.message.contains("states 30 minutes but its items add up to 29") })
        #expect(problems.contains { $0.message == "the package states 150 minutes but its programme (p.yml) adds up to 59" })
    }
}


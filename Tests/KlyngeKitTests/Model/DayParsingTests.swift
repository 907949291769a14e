import Testing
@testable import KlyngeKit

/// The one reading of a date, for `cluster.yml` and `--today` alike.
@Suite struct DayParsingTests {
    @Test func realDaysWrittenYYYYMMDDAreRead() {
        #expect(Day(parsing: "2027-03-04") == Day(year: 2027, month: 3, day: 4))
        #expect(Day(parsing: "2028-02-29") == Day(year: 2028, month: 2, day: 29))
    }

    @Test(arguments: ["2027-03-xx-04", "2027-3-4", "2027-02-30", "2027-02-29", "+2027-03-04", "2027-03-04 ", " 2027-03-04",
                      "2027/03/04", "2027-13-01", "2027-00-10", "२०२७-०३-०४", "", "04-03-2027"])
    func anythingElseIsRefused(_ text: String) {
        #expect(Day(parsing: text) == nil, "\(text.debugDescription)")
    }
}

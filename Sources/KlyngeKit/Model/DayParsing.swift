extension Day {
    /// The one reading of a date for every input (`cluster.yml`, `--today`): exactly
    /// `YYYY-MM-DD` in ASCII digits, and a day the calendar has. Anything else is nil,
    /// for the caller to report where the text came from.
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.utf8)
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || isDigit($0.element) }) else { return nil }
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } }
        let day = Day(year: number(0..<4), month: number(5..<7), day: number(8..<10))
        guard let date = DanishCalendar.date(day), DanishCalendar.day(of: date) == day else { return nil }
        self = day
    }
}

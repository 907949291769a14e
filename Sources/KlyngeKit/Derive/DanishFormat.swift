import Foundation

/// Danish ways of writing dates, times and numbers (`torsdag den 4. marts 2027`, `kl. 16.00`, `12,5`).
public enum DanishFormat {
    private static let weekdays = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"]
    private static let months = ["januar", "februar", "marts", "april", "maj", "juni", "juli",
                                 "august", "september", "oktober", "november", "december"]

    public static func weekday(_ day: Day) -> String {
        weekdays[weekdayNumber(day)]
    }

    /// 0 for Sunday to 6 for Saturday.
    public static func weekdayNumber(_ day: Day) -> Int {
        GregorianDays.weekday(day) ?? foundationWeekday(day)
    }

    /// `hospitalet`, `hospitalet og konsulenten`, `hospitalet, konsulenten og regionen`.
    public static func list(_ items: [String], conjunction: String = "og") -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " \(conjunction) " + items[items.count - 1]
        }
    }

    /// `8 uger før mødet`, `12 måneder efter mødet`, `1 dag før mødet`.
    public static func offset(_ amount: Int, _ unit: DeadlineRule.Unit) -> String {
        let count = abs(amount)
        let word: String
        switch unit {
        case .days: word = count == 1 ? "dag" : "dage"
        case .weeks: word = count == 1 ? "uge" : "uger"
        case .months: word = count == 1 ? "måned" : "måneder"
        }
        return "\(count) \(word) \(amount < 0 ? "før" : "efter") mødet"
    }


    /// 0 for Sunday, through Foundation's calendar: the plain version `GregorianDays.weekday` must equal.
    static func foundationWeekday(_ day: Day) -> Int {
        DanishCalendar.calendar.component(.weekday, from: DanishCalendar.date(day)!) - 1
    }

    /// `torsdag den 4. marts 2027`
    public static func longDate(_ day: Day) -> String {
        "\(weekday(day)) den \(shortDate(day))"
    }

    /// `4. marts 2027`
    public static func shortDate(_ day: Day) -> String {
        "\(day.day). \(months[day.month - 1]) \(day.year)"
    }

    /// `november 2028`
    public static func monthYear(_ day: Day) -> String {
        "\(months[day.month - 1]) \(day.year)"
    }

    /// A register extract's period in Danish: `2026-01–2026-06` is `januar–juni 2026`,
    /// `2025-07–2026-06` is `juli 2025–juni 2026`, `2026-03` is `marts 2026`. A year, or
    /// anything else, stays as written.
    public static func period(_ text: String) -> String {
        func month(_ part: Substring) -> (year: Int, month: Int)? {
            let pieces = part.split(separator: "-", omittingEmptySubsequences: false)
            guard pieces.count == 2, pieces[0].count == 4, pieces[1].count == 2,
                  let year = Int(pieces[0]), let month = Int(pieces[1]), (1...12).contains(month) else { return nil }
            return (year, month)
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let ends = trimmed.split(separator: "–", omittingEmptySubsequences: false)
        switch ends.count {
        case 1:
            guard let only = month(ends[0]) else { return text }
            return "\(months[only.month - 1]) \(only.year)"
        case 2:
            guard let from = month(ends[0].trimmingCharacters(in: .whitespaces)[...]),
                  let to = month(ends[1].trimmingCharacters(in: .whitespaces)[...]) else { return text }
            if from.year == to.year {
                return from.month == to.month ? "\(months[from.month - 1]) \(from.year)"
                    : "\(months[from.month - 1])–\(months[to.month - 1]) \(from.year)"
            }
            return "\(months[from.month - 1]) \(from.year)–\(months[to.month - 1]) \(to.year)"
        default:
            return text
        }
    }

    /// `16.00`
    public static func clock(_ time: ClockTime) -> String {
        let hour = time.hour < 10 ? "0\(time.hour)" : "\(time.hour)"
        let minute = time.minute < 10 ? "0\(time.minute)" : "\(time.minute)"
        return "\(hour).\(minute)"
    }

    /// `16.00–16.15`
    public static func span(_ start: ClockTime, _ end: ClockTime) -> String {
        "\(clock(start))–\(clock(end))"
    }

    /// `2,5 time`, `1 time`, `45 minutter`
    public static func duration(minutes: Int) -> String {
        if minutes < 60 { return "\(minutes) minutter" }
        let hours = Double(minutes) / 60
        let text = number(hours, decimals: minutes % 60 == 0 ? 0 : (minutes % 30 == 0 ? 1 : 2))
        return "\(text) \(hours == 1 ? "time" : (minutes % 60 == 0 ? "timer" : "time"))"
    }

    /// Danish decimal comma and thousands point: `1.234,5`. Rounded half away from zero.
    /// Written by hand: Foundation's NumberFormatter on Linux ignores
    /// `maximumFractionDigits` (4.651 stayed "4,651").
    public static func number(_ value: Double, decimals: Int = 0) -> String {
        var factor = 1
        for _ in 0..<max(0, decimals) { factor *= 10 }
        let scaled = Int((abs(value) * Double(factor)).rounded(.toNearestOrAwayFromZero))
        var integer = String(scaled / factor)
        var grouped = ""
        while integer.count > 3 {
            grouped = "." + integer.suffix(3) + grouped
            integer.removeLast(3)
        }
        grouped = integer + grouped
        if decimals > 0 {
            let fraction = String(scaled % factor)
            grouped += "," + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return (value < 0 && scaled != 0 ? "-" : "") + grouped
    }
}

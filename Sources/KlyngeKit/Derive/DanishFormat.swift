import Foundation

/// The calendar of the meetings: Gregorian, in Europe/Copenhagen.
public enum DanishCalendar {
    public static let timeZone = TimeZone(identifier: "Europe/Copenhagen")!

    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.locale = Locale(identifier: "da_DK")
        return calendar
    }()

    /// Noon on the day: safe from daylight-saving edges when adding days.
    public static func date(_ day: Day, at time: ClockTime = ClockTime(hour: 12, minute: 0)) -> Date? {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute))
    }

    public static func day(of date: Date) -> Day {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// Days and months added by arithmetic on the Gregorian calendar, as Foundation's
    /// calendar adds them (a month from 31 January is the last of February); Foundation
    /// went through ICU and the time zone for each call (1.5 % of a build).
    public static func adding(_ value: Int, _ component: Calendar.Component, to day: Day) -> Day {
        switch component {
        case .day:
            return Self.day(number: number(of: day) + value)
        case .month, .year:
            let months = day.year * 12 + day.month - 1 + (component == .year ? value * 12 : value)
            let year = months >= 0 ? months / 12 : (months - 11) / 12
            let month = months - year * 12 + 1
            return Day(year: year, month: month, day: min(day.day, length(ofMonth: month, in: year)))
        default:
            let date = calendar.date(byAdding: component, value: value, to: self.date(day)!)!
            return self.day(of: date)
        }
    }

    /// 0 for Sunday, 1 for Monday, …, 6 for Saturday.
    static func weekday(_ day: Day) -> Int {
        let remainder = (number(of: day) + 4) % 7 // 1 January 1970 was a Thursday
        return remainder < 0 ? remainder + 7 : remainder
    }

    /// Days since 1 January 1970 (Howard Hinnant's `days_from_civil`).
    static func number(of day: Day) -> Int {
        let year = day.month <= 2 ? day.year - 1 : day.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (day.month + (day.month > 2 ? -3 : 9)) + 2) / 5 + day.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `number` days after 1 January 1970 (`civil_from_days`).
    static func day(number: Int) -> Day {
        let shifted = number + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return Day(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: dayOfYear - (153 * monthIndex + 2) / 5 + 1)
    }

    static func length(ofMonth month: Int, in year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Danish ways of writing dates, times and numbers (`torsdag den 4. marts 2027`, `kl. 16.00`, `12,5`).
public enum DanishFormat {
    private static let weekdays = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"]
    private static let months = ["januar", "februar", "marts", "april", "maj", "juni", "juli",
                                 "august", "september", "oktober", "november", "december"]

    public static func weekday(_ day: Day) -> String {
        weekdays[DanishCalendar.weekday(day)]
    }

    /// `torsdag den 4. marts 2027`
    public static func longDate(_ day: Day) -> String {
        "\(weekday(day)) den \(shortDate(day))"
    }

    /// `4. marts 2027`
    public static func shortDate(_ day: Day) -> String {
        "\(day.day). \(months[day.month - 1]) \(day.year)"
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

import Foundation

/// Danish ways of writing dates, times and numbers (`torsdag den 4. marts 2027`, `kl. 16.00`, `12,5`).
public enum DanishFormat {
    private static let weekdays = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"]
    private static let months = ["januar", "februar", "marts", "april", "maj", "juni", "juli",
                                 "august", "september", "oktober", "november", "december"]

    public static func weekday(_ day: Day) -> String {
        weekdays[GregorianDays.weekday(day) ?? foundationWeekday(day)]
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

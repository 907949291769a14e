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

    public static func adding(_ value: Int, _ component: Calendar.Component, to day: Day) -> Day {
        GregorianDays.adding(value, component, to: day) ?? foundationAdding(value, component, to: day)
    }

    /// `adding` through Foundation's calendar: the plain version `GregorianDays` must equal.
    static func foundationAdding(_ value: Int, _ component: Calendar.Component, to day: Day) -> Day {
        let date = calendar.date(byAdding: component, value: value, to: self.date(day)!)!
        return self.day(of: date)
    }
}

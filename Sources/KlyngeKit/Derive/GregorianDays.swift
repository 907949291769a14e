import Foundation

/// Days and months added by arithmetic: Foundation's calendar works behind a lock, and
/// every cluster adds a dozen. Only for valid days from 1600 to 9999, where Foundation's
/// calendar (Julian before October 1582) is plain Gregorian too; nil otherwise. Adding
/// to noon in Copenhagen, as `DanishCalendar.adding` does, never meets a daylight-saving gap.
enum GregorianDays {
    static func adding(_ value: Int, _ component: Calendar.Component, to day: Day) -> Day? {
        guard isPlain(day), abs(value) <= 100_000 else { return nil }
        let result: Day
        switch component {
        case .day:
            result = civil(fromDays: days(fromCivil: day) + value)
        case .month:
            // Foundation keeps the day, or the month's last day when the month is shorter;
            // over more than a year it sometimes lands on 1 March instead, so those go to it.
            guard abs(value) <= 12 else { return nil }
            let months = day.year * 12 + (day.month - 1) + value
            let year = months >= 0 ? months / 12 : (months - 11) / 12
            let month = months - year * 12 + 1
            result = Day(year: year, month: month, day: min(day.day, daysInMonth(month, of: year)))
        default:
            return nil
        }
        return (1600...9999).contains(result.year) ? result : nil
    }

    /// 0 for Sunday to 6 for Saturday (1970-01-01 was a Thursday); nil where `adding` gives nil.
    static func weekday(_ day: Day) -> Int? {
        guard isPlain(day) else { return nil }
        return ((days(fromCivil: day) + 4) % 7 + 7) % 7
    }

    /// A valid day in the years where the arithmetic is Foundation's.
    static func isPlain(_ day: Day) -> Bool {
        (1600...9999).contains(day.year) && (1...12).contains(day.month) && (1...daysInMonth(day.month, of: day.year)).contains(day.day)
    }

    static func daysInMonth(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    static func days(fromCivil day: Day) -> Int {
        let year = day.month <= 2 ? day.year - 1 : day.year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (day.month > 2 ? day.month - 3 : day.month + 9) + 2) / 5 + day.day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `days` after 1970-01-01 (`civil_from_days`).
    static func civil(fromDays days: Int) -> Day {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return Day(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }
}

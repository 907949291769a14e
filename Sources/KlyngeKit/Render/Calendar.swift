import Foundation

/// RFC 5545 text: escaping of TEXT values and folding of content lines, both on
/// UTF-8 bytes: every character they look at is one byte that no longer sequence
/// holds. The plain scalar-by-scalar versions they must equal are in CalendarBytesTests.
enum ICalendarText {
    /// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma are escaped,
    /// line breaks (CR LF, CR or LF) become `\n`, other control characters are dropped.
    static func escape(_ text: String) -> String {
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 8)
        let backslash = UInt8(ascii: "\\")
        var afterCR = false
        for byte in text.utf8 {
            defer { afterCR = byte == UInt8(ascii: "\r") }
            switch byte {
            case backslash, UInt8(ascii: ";"), UInt8(ascii: ","):
                escaped.append(backslash)
                escaped.append(byte)
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                // CR LF is one line break, written at the CR.
                if byte == UInt8(ascii: "\n") && afterCR { continue }
                escaped.append(backslash)
                escaped.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\t"): escaped.append(byte)
            case 0..<0x20, 0x7F: continue
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    /// One content line folded (§3.1): at most 75 octets a line, continued on lines that
    /// start with a space, never split inside a UTF-8 sequence, each line ending in CRLF.
    static func fold(_ line: String) -> String {
        var folded: [UInt8] = []
        fold(line, into: &folded)
        return String(decoding: folded, as: UTF8.self)
    }

    static func fold(_ line: String, into folded: inout [UInt8]) {
        var octets = 0
        for byte in line.utf8 {
            // A sequence's first byte (not 10xxxxxx) says how long it is.
            if byte & 0xC0 != 0x80 {
                let size = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                if octets + size > 75 {
                    folded.append(UInt8(ascii: "\r"))
                    folded.append(UInt8(ascii: "\n"))
                    folded.append(UInt8(ascii: " "))
                    octets = 1
                }
                octets += size
            }
            folded.append(byte)
        }
        folded.append(UInt8(ascii: "\r"))
        folded.append(UInt8(ascii: "\n"))
    }

    /// A whole calendar object from its unfolded content lines.
    static func object(_ lines: [String]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count + 8 })
        for line in lines { fold(line, into: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// `/<cluster>/klyngemoede.ics`: the meeting and the 12-month follow-up as calendar
/// events in Europe/Copenhagen time. Made from the content alone, so that the same
/// input gives the same bytes: DTSTAMP is the meeting's own start, not the build time.
enum MeetingCalendar {
    static let fileName = "klyngemoede.ics"

    /// The zone's rules since 1996 (EU summer time: last Sunday of March to last Sunday of October).
    static let timeZoneLines = [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Copenhagen",
        "X-LIC-LOCATION:Europe/Copenhagen",
        "BEGIN:DAYLIGHT",
        "TZNAME:CEST",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZNAME:CET",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]

    static func text(site: Site, package: ClusterPackage, cluster: Cluster, schedule: Schedule) -> String {
        let overview = "\(site.baseURL)/\(cluster.slug)/"
        let host = site.host
        let meeting = cluster.meeting
        let followUp = Deadlines.followUp(after: meeting.date)
        let stamp = utcStamp(meeting.date, schedule.start)
        let place = [meeting.venue, meeting.address.text].compactMap { $0 }.joined(separator: ", ")
        let (endDay, endTime) = dayAndTime(meeting.date, minutes: schedule.end.minutes)

        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Klynge//Klynge//DA",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
        ]
        lines += timeZoneLines
        lines += [
            "BEGIN:VEVENT",
            "UID:klyngemoede-\(cluster.slug)@\(host)",
            "DTSTAMP:\(stamp)",
            "DTSTART;TZID=Europe/Copenhagen:\(local(meeting.date, schedule.start))",
            "DTEND;TZID=Europe/Copenhagen:\(local(endDay, endTime))",
            "SUMMARY:\(ICalendarText.escape("Klyngemøde: \(package.title)"))",
            "LOCATION:\(ICalendarText.escape(place))",
            "DESCRIPTION:\(ICalendarText.escape("\(cluster.name) holder klyngemøde om \(package.title).\nProgram, dokumenter og kontakter: \(overview)"))",
            "URL:\(overview)",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:opfoelgning-\(cluster.slug)@\(host)",
            "DTSTAMP:\(stamp)",
            "DTSTART;VALUE=DATE:\(compact(followUp))",
            "DTEND;VALUE=DATE:\(compact(DanishCalendar.adding(1, .day, to: followUp)))",
            "SUMMARY:\(ICalendarText.escape("Opfølgning på klyngemødet: \(package.title)"))",
            "DESCRIPTION:\(ICalendarText.escape("12 måneder efter klyngemødet \(DanishFormat.shortDate(meeting.date)) i \(cluster.name): følg op på aftalerne fra mødet.\nMødets side: \(overview)"))",
            "URL:\(overview)",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        return ICalendarText.object(lines)
    }

    /// A meeting ending at midnight ends at 00.00 the next day.
    static func dayAndTime(_ day: Day, minutes: Int) -> (Day, ClockTime) {
        let days = minutes / (24 * 60)
        return (days == 0 ? day : DanishCalendar.adding(days, .day, to: day), ClockTime(minutes: minutes % (24 * 60)))
    }

    static func compact(_ day: Day) -> String { String(decoding: day.description.utf8.filter { $0 != UInt8(ascii: "-") }, as: UTF8.self) }

    /// `20270330T160000`: local time, read with the TZID beside it.
    static func local(_ day: Day, _ time: ClockTime) -> String {
        "\(compact(day))T\(twoDigits(time.hour))\(twoDigits(time.minute))00"
    }

    /// Made once, not per cluster.
    private static let utcCalendar: Calendar = {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        return utc
    }()

    /// The meeting's start in UTC, `20270330T140000Z`.
    static func utcStamp(_ day: Day, _ time: ClockTime) -> String {
        let date = DanishCalendar.date(day, at: time)!
        let parts = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let utcDay = Day(year: parts.year!, month: parts.month!, day: parts.day!)
        return "\(compact(utcDay))T\(twoDigits(parts.hour!))\(twoDigits(parts.minute!))00Z"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

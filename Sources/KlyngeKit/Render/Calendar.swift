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
        var line = line
        line.withUTF8 { bytes in
            // Each line of the fold holds as many whole UTF-8 sequences as fit: 75 octets,
            // 74 after the leading space of a continuation. A cut that would fall inside a
            // sequence moves back to its first byte (the one not 10xxxxxx).
            var start = 0
            var room = 75
            while bytes.count - start > room {
                var end = start + room
                while bytes[end] & 0xC0 == 0x80 { end -= 1 }
                folded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                folded.append(UInt8(ascii: "\r"))
                folded.append(UInt8(ascii: "\n"))
                folded.append(UInt8(ascii: " "))
                start = end
                room = 74
            }
            folded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
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

/// `/<cluster>/klyngemoede.ics`: every meeting of the cluster and every reminder its
/// package asks for (the 12-month follow-up), as calendar events in Europe/Copenhagen
/// time. Made from the content alone, so the same input gives the same bytes. Each
/// event's UID names its meeting's address, so importing the file again updates the
/// events instead of adding copies; DTSTAMP is when the meeting was booked
/// (`booked:` in meeting.yml), a real moment that does not change from build to build.
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

    static func text(site: Site, cluster: ClusterFacts) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Klynge//Klynge//DA",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
        ]
        lines += timeZoneLines
        for facts in cluster.meetings { lines += events(facts, site: site) }
        lines.append("END:VCALENDAR")
        return ICalendarText.object(lines)
    }

    static func events(_ facts: MeetingFacts, site: Site) -> [String] {
        let meeting = facts.meeting
        let page = "\(site.baseURL)/\(facts.path)/"
        let uid = "\(meeting.slug).\(facts.cluster.slug)@\(site.host)"
        let stamp = meeting.booked.map(utcStamp) ?? "\(compact(meeting.date))T000000Z"
        let place = [meeting.venue, meeting.address.text].compactMap { $0 }.joined(separator: ", ")
        let (endDay, endTime) = dayAndTime(meeting.date, minutes: facts.schedule.end.minutes)
        let topic = lowerFirst(facts.package.title)
        var lines = [
            "BEGIN:VEVENT",
            "UID:\(uid)",
            "DTSTAMP:\(stamp)",
            "DTSTART;TZID=Europe/Copenhagen:\(local(meeting.date, facts.schedule.start))",
            "DTEND;TZID=Europe/Copenhagen:\(local(endDay, endTime))",
            "SUMMARY:\(ICalendarText.escape("Klyngemøde om \(topic)"))",
            "LOCATION:\(ICalendarText.escape(place))",
            "DESCRIPTION:\(ICalendarText.escape("\(facts.cluster.name) holder klyngemøde om \(topic).\nProgram, dokumenter og kontakter: \(page)"))",
            "URL:\(page)",
            "END:VEVENT",
        ]
        for deadline in facts.deadlines.all where deadline.rule.inCalendar {
            let moved = deadline.movedFromWeekend
                ? "\nDagen er flyttet til \(DanishFormat.weekday(deadline.reminderDay)), fordi \(DanishFormat.shortDate(deadline.day)) er en \(DanishFormat.weekday(deadline.day))."
                : ""
            lines += [
                "BEGIN:VEVENT",
                "UID:\(deadline.id).\(uid)",
                "DTSTAMP:\(stamp)",
                "DTSTART;VALUE=DATE:\(compact(deadline.reminderDay))",
                "DTEND;VALUE=DATE:\(compact(DanishCalendar.adding(1, .day, to: deadline.reminderDay)))",
                "SUMMARY:\(ICalendarText.escape("\(deadline.title): \(topic)"))",
                "DESCRIPTION:\(ICalendarText.escape("\(DanishFormat.offset(deadline.rule.amount, deadline.rule.unit).prefix(1).uppercased())\(DanishFormat.offset(deadline.rule.amount, deadline.rule.unit).dropFirst()) \(DanishFormat.shortDate(meeting.date)) i \(facts.cluster.name).\(moved)\nMødets side: \(page)"))",
                "URL:\(page)",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
        }
        return lines
    }

    /// `Rationel antibiotika` → `rationel antibiotika`, unless
    /// the title starts with an abbreviation (`KOL`), which keeps its capitals.
    static func lowerFirst(_ title: String) -> String {
        let firstWord = title.prefix { $0 != " " }
        guard firstWord.count > 1, firstWord.dropFirst().allSatisfy({ !$0.isUppercase }) else { return title }
        return title.prefix(1).lowercased() + title.dropFirst()
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

    /// A moment in UTC, `20261120T100000Z`.
    static func utcStamp(_ moment: Timestamp) -> String {
        "\(compact(moment.day))T\(twoDigits(moment.time.hour))\(twoDigits(moment.time.minute))00Z"
    }

    /// A local time in Copenhagen as UTC, `20270330T140000Z`.
    static func utcStamp(_ day: Day, _ time: ClockTime) -> String {
        let date = DanishCalendar.date(day, at: time)!
        let parts = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let utcDay = Day(year: parts.year!, month: parts.month!, day: parts.day!)
        return "\(compact(utcDay))T\(twoDigits(parts.hour!))\(twoDigits(parts.minute!))00Z"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

/// One cluster that booked a package, from `clusters/<slug>/cluster.yml`.
public struct Cluster: Sendable, Hashable {
    public struct Contact: Sendable, Hashable {
        public var name: FieldValue
        public var title: FieldValue
        public var email: FieldValue
        public var phone: FieldValue
    }

    public struct Organisation: Sendable, Hashable {
        public var name: String
        public var contact: Contact?
    }

    public struct Meeting: Sendable, Hashable {
        public var date: Day
        public var start: ClockTime
        public var venue: String
        public var address: FieldValue
        public var location: SourceLocation
        /// Where `date:` and `start:` are written, for messages about deadlines and the end time.
        public var dateLocation: SourceLocation? = nil
        public var startLocation: SourceLocation? = nil
    }

    public var slug: String
    public var name: String
    public var region: Region
    public var packageID: String
    public var coordinator: Contact
    public var meeting: Meeting
    public var municipality: Organisation
    public var pharmacy: Organisation?
    public var path: String
    /// `practices.csv` and `survey-responses.csv`, validated.
    public var data: ClusterData
    /// `fictional: true`: an example cluster; every page says that it is made up.
    public var fictional = false
}

/// A calendar day, free of time zones: the meeting is on this date in Denmark.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}

/// A time of day in minutes after midnight.
public struct ClockTime: Sendable, Hashable, Comparable {
    public var minutes: Int

    public init(hour: Int, minute: Int) { minutes = hour * 60 + minute }
    public init(minutes: Int) { self.minutes = minutes }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }

    public static func < (a: ClockTime, b: ClockTime) -> Bool { a.minutes < b.minutes }
}

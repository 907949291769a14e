/// A cluster of practices, from `clusters/<slug>/cluster.yml`: its name, region and
/// coordinator once, and every meeting it has booked.
public struct Cluster: Sendable, Hashable {
    public struct Contact: Sendable, Hashable {
        public var name: FieldValue
        public var title: FieldValue
        public var email: FieldValue
        public var phone: FieldValue
    }

    public var slug: String
    public var name: String
    public var region: Region
    public var coordinator: Contact
    /// Secret that orders the pseudonyms (see `Pseudonyms`); the cluster's slug when
    /// cluster.yml gives none. One per cluster, so a practice keeps its letter from meeting to meeting.
    public var pseudonymKey: String
    /// The cluster's own data are invented, and its pages say so.
    public var isFictional: Bool
    public var path: String
    /// In date order.
    public var meetings: [Meeting]
}

/// One booking of a package by a cluster: a meeting on a date, with its partners,
/// its own data and, afterwards, what was agreed. Its folder's name is its address
/// (`/<cluster>/<meeting>/`), so adding or removing other meetings never moves it.
public struct Meeting: Sendable, Hashable {
    /// A partner organisation in one of the package's roles.
    public struct Partner: Sendable, Hashable {
        public var role: PartnerRole
        public var name: String
        public var contact: Cluster.Contact?
    }

    /// One agreement made at the meeting: who does what, by when, with whom.
    public struct Agreement: Sendable, Hashable {
        public enum Status: String, Sendable, Hashable, CaseIterable {
            case open, done, dropped
        }

        public var what: String
        public var who: String
        public var due: Day?
        /// Partner roles the agreement is made with.
        public var with: [PartnerRole]
        public var status: Status?
        public var note: FieldValue
        public var location: SourceLocation
    }

    public var slug: String
    public var packageID: String
    public var date: Day
    public var start: ClockTime
    public var venue: String
    public var address: FieldValue
    /// In the order the package declares its roles; only those that take part.
    public var partners: [Partner]
    public var register: RegisterExtract?
    public var responses: SurveyResponses?
    /// nil: no agreements file yet.
    public var agreements: [Agreement]?
    /// When the meeting was booked, in UTC: its calendar events' DTSTAMP.
    public var booked: Timestamp?
    /// The slug of the meeting this one follows up on.
    public var followsUp: Located<String>?
    public var path: String
    public var location: SourceLocation
    /// Where `date:` and `start:` are written, for messages about deadlines and the end time.
    public var dateLocation: SourceLocation
    public var startLocation: SourceLocation

    public func partner(_ role: String) -> Partner? { partners.first { $0.role.id == role } }
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

/// A moment in UTC, to the minute: `2026-11-20T10:00:00Z`.
public struct Timestamp: Sendable, Hashable {
    public var day: Day
    public var time: ClockTime
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

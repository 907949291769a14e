/// The dates a meeting works towards, computed once from its package's declared
/// deadlines and the meeting date.
public struct Deadlines: Sendable, Hashable {
    public struct Deadline: Sendable, Hashable {
        public var rule: DeadlineRule
        public var day: Day
        /// For a reminder in the calendar: `day`, or the Monday after when it falls on a weekend.
        public var reminderDay: Day
        public var id: String { rule.id }
        public var title: String { rule.title }
        public var movedFromWeekend: Bool { reminderDay != day }
    }

    public var meeting: Day
    /// In time order (declaration order among equal days).
    public var all: [Deadline]

    /// - Parameter partners: fills in `{partners}` in the rules' titles and descriptions.
    public init(meeting: Day, rules: [DeadlineRule], partners: PartnerWording) {
        self.meeting = meeting
        all = rules.map { rule in
            var rule = rule
            rule.title = partners.fill(rule.title)
            if let text = rule.description.text { rule.description = .given(partners.fill(text)) }
            let day = Self.day(rule, from: meeting)
            return Deadline(rule: rule, day: day, reminderDay: Self.weekday(onOrAfter: day))
        }
        .enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }.map(\.element)
    }

    static func day(_ rule: DeadlineRule, from meeting: Day) -> Day {
        switch rule.unit {
        case .days: DanishCalendar.adding(rule.amount, .day, to: meeting)
        case .weeks: DanishCalendar.adding(rule.amount * 7, .day, to: meeting)
        case .months: DanishCalendar.adding(rule.amount, .month, to: meeting)
        }
    }

    /// Saturday and Sunday move to the Monday after.
    static func weekday(onOrAfter day: Day) -> Day {
        switch DanishFormat.weekdayNumber(day) {
        case 6: DanishCalendar.adding(2, .day, to: day)
        case 0: DanishCalendar.adding(1, .day, to: day)
        default: day
        }
    }

    public func deadline(_ id: String) -> Deadline? { all.first { $0.id == id } }

    /// The deadlines before the meeting whose last day lies before `today`; those after
    /// the meeting count only once their day has passed too.
    public func passed(asOf today: Day) -> [Deadline] {
        all.filter { $0.day < today }
    }
}

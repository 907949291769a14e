/// The dates a cluster works towards, computed from the meeting date.
public struct Deadlines: Sendable, Hashable {
    public struct Deadline: Sendable, Hashable {
        public var key: String
        public var title: String
        public var day: Day
    }

    /// Order the package: at the latest 8 weeks before.
    public var order: Day
    /// The questionnaire's answers are in: 3 weeks before, a week before the final
    /// material (2 weeks before), so the results can be part of it.
    public var survey: Day
    /// Final slides, handouts and practice sheet arrive: at the latest 2 weeks before.
    public var material: Day
    /// The pre-meeting with the municipality and the pharmacy: once the material has
    /// arrived and before the meeting, so from `material` to the day before the meeting.
    public var preMeetingUntil: Day
    public var meeting: Day
    /// Follow up on the agreements: 12 months after.
    public var followUp: Day

    public init(meeting: Day) {
        self.meeting = meeting
        order = DanishCalendar.adding(-8 * 7, .day, to: meeting)
        survey = DanishCalendar.adding(-3 * 7, .day, to: meeting)
        material = DanishCalendar.adding(-2 * 7, .day, to: meeting)
        preMeetingUntil = DanishCalendar.adding(-1, .day, to: meeting)
        followUp = Self.followUp(after: meeting)
    }

    /// 12 months after the meeting; on its own for the calendar file, which needs no other deadline.
    public static func followUp(after meeting: Day) -> Day {
        DanishCalendar.adding(12, .month, to: meeting)
    }

    /// In time order, for the run sheet's timeline and for warnings about passed deadlines.
    public var all: [Deadline] {
        [
            Deadline(key: "order", title: "Bestil klyngepakken", day: order),
            Deadline(key: "survey", title: "Svar på spørgeskemaet", day: survey),
            Deadline(key: "material", title: "Færdige slides, uddelingskopi og praksisark", day: material),
            Deadline(key: "meeting", title: "Klyngemødet", day: meeting),
            Deadline(key: "follow_up", title: "Opfølgning på aftalerne", day: followUp),
        ]
    }

    /// The deadlines whose last day lies before `today`. The meeting itself is not a
    /// deadline; the follow-up counts only once its day has passed too.
    public func passed(asOf today: Day) -> [Deadline] {
        all.filter { $0.key != "meeting" && $0.day < today }
    }
}

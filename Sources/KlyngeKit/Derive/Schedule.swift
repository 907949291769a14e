/// The programme laid out in clock time from the meeting's start.
public struct Schedule: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var title: String
        public var start: ClockTime
        public var end: ClockTime
        public var minutes: Int
        public var lead: Programme.Lead?
        public var notes: [String]
        public var partner: Programme.Lead? = nil
    }

    public struct Block: Sendable, Hashable {
        public var title: String
        public var start: ClockTime
        public var end: ClockTime
        public var minutes: Int
        public var isPause: Bool
        public var items: [Entry]
    }

    public var blocks: [Block]
    public var start: ClockTime
    public var end: ClockTime

    public init(programme: Programme, start: ClockTime) {
        var clock = start
        blocks = programme.blocks.map { block in
            let blockStart = clock
            let items = block.items.map { item -> Entry in
                defer { clock = ClockTime(minutes: clock.minutes + item.minutes.value) }
                return Entry(title: item.title, start: clock, end: ClockTime(minutes: clock.minutes + item.minutes.value),
                             minutes: item.minutes.value, lead: item.lead, notes: item.notes, partner: item.partner)
            }
            if block.isPause { clock = ClockTime(minutes: clock.minutes + block.minutes) }
            return Block(title: block.title, start: blockStart, end: clock, minutes: block.minutes, isPause: block.isPause, items: items)
        }
        self.start = start
        end = clock
    }
}

/// Checks that a programme adds up: the errors a publisher must fix before any cluster builds.
public enum ProgrammeCheck {
    public static func problems(in programme: Programme, packageMinutes: Located<Int>) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for block in programme.blocks {
            for item in block.items where item.minutes.value <= 0 {
                problems.append(.error(item.minutes.location, "'\(item.title)' lasts \(item.minutes.value) minutes; an item must last at least 1 minute"))
            }
            if block.isPause {
                if let stated = block.statedMinutes, stated.value <= 0 {
                    problems.append(.error(stated.location, "the pause '\(block.title)' must last at least 1 minute"))
                }
            } else if let stated = block.statedMinutes, stated.value != block.minutes {
                problems.append(.error(stated.location, "block '\(block.title)' states \(stated.value) minutes but its items add up to \(block.minutes)"))
            }
            if !block.isPause, block.items.isEmpty {
                problems.append(.error(block.location, "block '\(block.title)' has no items"))
            }
        }
        // Reported at `duration_minutes`: one exact line, with the programme file named for the other side.
        if programme.totalMinutes != packageMinutes.value {
            problems.append(.error(packageMinutes.location,
                                   "the package states \(packageMinutes.value) minutes but its programme (\(programme.path)) adds up to \(programme.totalMinutes)"))
        }
        return problems
    }
}

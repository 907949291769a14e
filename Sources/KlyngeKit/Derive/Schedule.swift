/// The programme laid out in clock time from the meeting's start.
public struct Schedule: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var title: String
        public var start: ClockTime
        public var end: ClockTime
        public var minutes: Int
        /// Who leads it, as the page says it: the partner's label when it takes part,
        /// its stand-in's otherwise (`Hospitalet`, `Alle og hospitalet`).
        public var lead: String
        public var notes: [String]
        /// The attending partner roles with a part of their own in the item.
        public var partnerSlots: [String] = []
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

    /// - Parameter partners: the meeting's partners: a role that does not take part
    ///   hands its items to its stand-in and has no slot.
    public init(package: ClusterPackage, partners: [Meeting.Partner], start: ClockTime) {
        let programme = package.programme
        let attending = Set(partners.map(\.role.id))
        func label(_ id: String) -> String {
            if let lead = package.leads.first(where: { $0.id == id }) { return lead.label }
            guard let role = package.partner(id) else { return id }
            if attending.contains(id) { return role.label }
            return role.standIn.map(label) ?? package.leads.first?.label ?? role.label
        }
        let wording = PartnerWording(partners)
        func leadText(_ item: Programme.Item) -> String {
            let lead = label(item.lead)
            guard let partner = item.partner, partner != item.lead, attending.contains(partner), let role = package.partner(partner) else { return lead }
            return "\(lead) og \(role.definite)"
        }
        var clock = start
        blocks = programme.blocks.map { block in
            let blockStart = clock
            let items = block.items.map { item -> Entry in
                defer { clock = ClockTime(minutes: clock.minutes + item.minutes.value) }
                let slots = [item.lead, item.partner].compactMap { $0 }.filter(attending.contains)
                let notes = item.notes.filter { $0.onlyWith.map(attending.contains) ?? true }.map { wording.fill($0.text) }
                return Entry(title: wording.fill(item.title), start: clock, end: ClockTime(minutes: clock.minutes + item.minutes.value),
                             minutes: item.minutes.value, lead: leadText(item), notes: notes,
                             partnerSlots: slots.reduce(into: []) { if !$0.contains($1) { $0.append($1) } })
            }
            if block.isPause { clock = ClockTime(minutes: clock.minutes + block.minutes) }
            return Block(title: wording.fill(block.title), start: blockStart, end: clock, minutes: block.minutes, isPause: block.isPause, items: items)
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

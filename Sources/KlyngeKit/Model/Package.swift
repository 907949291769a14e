/// A cluster package, as its `package.yml` declares it: its documents, data files,
/// measures, partner roles, deadlines, programme and survey. Klynge knows the kinds
/// of thing a package can declare, never a topic: every word a page prints about the
/// topic comes from here or from the documents.
public struct ClusterPackage: Sendable, Hashable {
    public struct Link: Sendable, Hashable {
        public var id: String
        public var title: String
        public var url: FieldValue
        public var description: FieldValue
    }

    public var id: String
    public var title: String
    public var subtitle: FieldValue
    public var durationMinutes: Located<Int>
    public var reviewer: FieldValue
    public var links: [Link]
    /// The register extract each meeting of the package brings, when the package has one.
    public var register: RegisterDeclaration?
    /// The questionnaire export's file name, when the package has a survey.
    public var surveyFile: String?
    /// In declaration order; figure numbers follow the documents, not this order.
    public var measures: [Measure]
    /// The roles the package invites, in the order the pages name them.
    public var partners: [PartnerRole]
    /// Who else can lead a programme item (the coordinator, a video, everyone).
    public var leads: [LeadRole]
    public var deadlines: [DeadlineRule]
    /// In navigation order.
    public var documents: [Document]
    public var programme: Programme
    public var survey: Survey?
    /// The text of `invitation.mustache`, when the package has one.
    public var invitation: SourceFile? = nil
    /// `package.yml`, for messages about the package as a whole.
    public var location: SourceLocation
    /// A follow-up package (`follows: <package>`): its meetings each follow up on one
    /// meeting of that package, and show that meeting's figures beside their own.
    public var followsPackage: Located<String>?

    public var isFollowUp: Bool { followsPackage != nil }

    public func measure(_ id: String) -> Measure? { measures.first { $0.id == id } }
    public func partner(_ id: String) -> PartnerRole? { partners.first { $0.id == id } }
}

/// A column of a data file: its header as written in the file and its Danish label.
public struct DataColumn: Sendable, Hashable {
    public var name: String
    public var label: String
    public var location: SourceLocation
}

/// The register extract's layout: one row per provider number.
public struct RegisterDeclaration: Sendable, Hashable {
    public var file: String
    /// The provider number (ydernummer): private, never published.
    public var provider: DataColumn
    /// What rates are counted per 1,000 of (listed patients).
    public var denominator: DataColumn
    /// Counts of patients, in the file's declared order.
    public var counts: [DataColumn]
    /// The period the extract covers, when the file has such a column.
    public var period: DataColumn?

    /// Every column, in the order a new file's header row lists them.
    public var columns: [DataColumn] { [provider, denominator] + counts + (period.map { [$0] } ?? []) }

    public func countIndex(_ name: String) -> Int? { counts.firstIndex { $0.name == name } }
}

/// What a figure shows, computed from the register extract for every practice.
public struct Measure: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A count per 1,000 of the denominator (patients per 1,000 listed patients).
        case ratePer1000(count: Int)
        /// A count as a share (%) of another count.
        case share(count: Int, of: Int)

        public var count: Int {
            switch self {
            case .ratePer1000(let count), .share(let count, _): count
            }
        }
    }

    /// A value to compare with (the whole country, the region), with its own source.
    public struct Reference: Sendable, Hashable {
        public var label: String
        public var value: FieldValue.Number
        public var source: FieldValue
    }

    public var id: String
    public var kind: Kind
    public var title: String
    /// The source line printed under the figure; the extract's period follows it.
    public var source: String
    /// The heading of the table's value column ("Pr. 1.000 sikrede", "Andel").
    public var unit: String
    public var references: [Reference]
    public var location: SourceLocation
}

/// A partner the package invites (a hospital, a consultant, a local authority),
/// with the Danish words documents need about it.
public struct PartnerRole: Sendable, Hashable {
    public var id: String
    /// `hospital`, `lægemiddelkonsulent`.
    public var indefinite: String
    /// `hospitalet`, `lægemiddelkonsulenten`.
    public var definite: String
    /// Whether every meeting of the package must name one.
    public var required: Bool
    /// Who leads this role's programme items when the role does not take part.
    public var standIn: String?
    public var location: SourceLocation

    /// `Hospitalet`: the label of its programme items and its section.
    public var label: String { definite.prefix(1).uppercased() + definite.dropFirst() }
}

/// Someone other than a partner who can lead a programme item.
public struct LeadRole: Sendable, Hashable {
    public var id: String
    public var label: String
    public var location: SourceLocation
}

/// Package text about the partners (programme items, deadlines) writes `{partners}`
/// where the attending partners are named: `Fælles dialog med {partners}` reads
/// `Fælles dialog med hospitalet og lægemiddelkonsulenten`, or `… med hospitalet` without a consultant.
public enum PartnerPlaceholder {
    public static let text = "{partners}"
}

/// A date the meeting works towards, as an offset from the meeting date.
public struct DeadlineRule: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case days, weeks, months
    }

    public var id: String
    /// Negative: before the meeting.
    public var amount: Int
    public var unit: Unit
    public var title: String
    /// Whose task it is.
    public var owner: FieldValue
    public var description: FieldValue
    /// Whether the calendar file carries it as a reminder of its own.
    public var inCalendar: Bool
    public var location: SourceLocation
}

/// One Markdown document of a package; its body is a Mustache template.
public struct Document: Sendable, Hashable {
    /// How a document's page is made.
    public enum View: String, Sendable, Hashable, CaseIterable {
        /// An ordinary page.
        case page
        /// A page addressed to the partners: the programme marks their slots as theirs.
        case partners
        /// The meeting's slides (see `Render/Deck`): a slide page and a .pptx beside it.
        case deck
    }

    public var slug: String
    public var title: String
    public var description: String
    public var audience: String
    public var body: String
    /// Where the body starts in its file, for template messages.
    public var path: String
    public var bodyFirstLine: Int
    public var view: View = .page
}

/// `programme.yml`: blocks of items with minutes and who leads them.
public struct Programme: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        public var title: String
        public var minutes: Located<Int>
        /// A lead role or a partner role of the package.
        public var lead: String
        public var notes: [Note]
        /// A partner role with its own part in an item another leads.
        public var partner: String? = nil
    }

    /// A line under an item; `with: <role>` shows it only when that partner takes part.
    public struct Note: Sendable, Hashable {
        public var text: String
        public var onlyWith: String?
    }

    public struct Block: Sendable, Hashable {
        public var title: String
        /// The length the block states for itself, when it does.
        public var statedMinutes: Located<Int>?
        public var isPause: Bool
        public var items: [Item]
        public var location: SourceLocation

        /// A pause has no items; its length is its stated minutes.
        public var minutes: Int {
            isPause ? (statedMinutes?.value ?? 0) : items.reduce(0) { $0 + $1.minutes.value }
        }
    }

    public var blocks: [Block]
    public var path: String

    public var totalMinutes: Int { blocks.reduce(0) { $0 + $1.minutes } }
}

/// `survey.yml`: the questionnaire as data.
public struct Survey: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case likert, single, multiple, text
    }

    public struct Question: Sendable, Hashable {
        public var id: String
        public var theme: String
        public var text: String
        public var kind: Kind
        public var options: [String]
    }

    public var questions: [Question]
}

/// A cluster package: its documents, programme, survey and links.
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
    public var nationalRatePer1000: FieldValue.Number
    /// In navigation order.
    public var documents: [Document]
    public var programme: Programme
    public var survey: Survey
}

/// One Markdown document of a package; its body is a Mustache template.
public struct Document: Sendable, Hashable {
    public var slug: String
    public var title: String
    public var description: String
    public var audience: String
    public var body: String
    /// Where the body starts in its file, for template messages.
    public var path: String
    public var bodyFirstLine: Int
    /// `programme: partners` in the front matter: the document is addressed to the
    /// municipality and the pharmacy, so its programme marks their slots as theirs.
    public var programmeForPartners: Bool = false
    /// `view: deck` in the front matter: the document is the meeting's slides
    /// (see `Render/Deck`), built as a slide page and a .pptx, not as a page.
    public var isDeck: Bool = false
}

/// `programme.yml`: blocks of items with minutes and who leads them.
public struct Programme: Sendable, Hashable {
    public enum Lead: String, Sendable, Hashable, CaseIterable {
        case coordinator, municipality, pharmacy, video, all
    }

    public struct Item: Sendable, Hashable {
        public var title: String
        public var minutes: Located<Int>
        public var lead: Lead
        public var notes: [String]
        /// `partner: pharmacy`: the municipality or the pharmacy has its own part in an item another leads.
        public var partner: Lead? = nil
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

/// `Content/site.yml`: the publisher and where the site lives.
public struct Site: Sendable, Hashable {
    public struct Publisher: Sendable, Hashable {
        public var name: String
        public var shortName: String
        public var address: [String]
        /// Another address of the publisher's (`second_address`), lines as written; empty when none.
        public var secondAddress: [String] = []
        public var phone: FieldValue
        public var email: FieldValue
        public var url: FieldValue
    }

    public var title: String
    /// Absolute address the site is published at, without a trailing slash.
    public var baseURL: String
    /// The host of `baseURL`: the calendar events' UIDs end in it.
    public var host: String
    public var publisher: Publisher
    public var accessibilityURL: FieldValue
    /// Whether search engines may index the site (`robots: index`); off by default.
    public var allowIndexing: Bool
}

/// `Content/regions.yml`: the five regions and their quality units.
public struct Region: Sendable, Hashable {
    public struct QualityUnit: Sendable, Hashable {
        public var name: String
        public var url: FieldValue
        public var phone: FieldValue
        public var email: FieldValue
        public var offers: [String]
    }

    public var id: String
    public var name: String
    public var unit: QualityUnit
}

import Mustache

/// What a template sees: text, numbers, flags, lists and records, and the two kinds
/// of nothing. Page contexts are built from typed model and derived values into
/// these; `mustache` below is the one adapter that turns them into what
/// swift-mustache reads, so no other code handles untyped values.
public enum TemplateValue: Sendable, Hashable {
    case text(String)
    case number(Int)
    case flag(Bool)
    case list([TemplateValue])
    case record([String: TemplateValue])
    /// Written `null` in the content: the sources do not give it yet. Sections over it
    /// are skipped; printed, it says so.
    case missing
    /// Left out where that is allowed (a partner that does not take part): prints
    /// nothing, sections over it are skipped, but the name is known to the strict check.
    case absent

    public static func field(_ value: FieldValue) -> TemplateValue {
        switch value {
        case .given(let text): .text(text)
        case .missing: .missing
        case .absent: .absent
        }
    }

    public static func optional(_ value: TemplateValue?) -> TemplateValue { value ?? .absent }

    public static func texts(_ texts: [String]) -> TemplateValue { .list(texts.map(TemplateValue.text)) }

    /// A record's entry, for the strict check and for tests.
    public subscript(_ name: String) -> TemplateValue? {
        if case .record(let record) = self { return record[name] }
        return nil
    }

    /// Whether a section over the value is skipped.
    var isNothing: Bool {
        switch self {
        case .missing, .absent: true
        default: false
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(booleanLiteral value: Bool) { self = .flag(value) }
    public init(integerLiteral value: Int) { self = .number(value) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .record(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
}

/// A page's context: its top-level entries by name.
public typealias TemplateContext = [String: TemplateValue]

extension TemplateValue {
    /// The adapter: the value as swift-mustache reads it. Dictionaries, arrays and
    /// strings are its fast path (it reads structs by reflection, about 3× slower);
    /// lists of records and of texts get their own array types, which it and the
    /// shape walk both recognise without converting elements.
    var mustache: Any {
        switch self {
        case .text(let text): return text
        case .number(let number): return number
        case .flag(let flag): return flag
        case .record(let record): return record.mapValues(\.mustache)
        case .list(let list):
            if list.allSatisfy({ if case .record = $0 { true } else { false } }) {
                return list.map { $0.mustache as! [String: Any] }
            }
            if list.allSatisfy({ if case .text = $0 { true } else { false } }) {
                return list.map { $0.mustache as! String }
            }
            return list.map(\.mustache)
        case .missing: return MissingValue()
        case .absent: return AbsentValue()
        }
    }

    static func mustache(_ context: TemplateContext) -> [String: Any] { context.mapValues(\.mustache) }
}

/// A value with the place it was written, for messages about it later.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, _ location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// A text field that may be given, written as `null` because the sources do not
/// give it yet (warned about, and left out of the pages), or left out where that is allowed.
public enum FieldValue: Sendable, Hashable {
    case given(String)
    case missing
    case absent

    public var text: String? {
        if case .given(let text) = self { return text }
        return nil
    }

    public enum Number: Sendable, Hashable {
        case given(Double)
        case missing
        case absent

        public var value: Double? {
            if case .given(let value) = self { return value }
            return nil
        }
    }
}

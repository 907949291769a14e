import Foundation
import Yams

/// Parses YAML into Yams nodes, turning syntax errors into located diagnostics.
enum YAMLParser {
    /// - Parameter lineOffset: lines before the YAML text in its file (front matter).
    /// - Parameter events: plain YAML read from libyaml's events (`YAMLEvents`), the rest
    ///   by Yams; false: all by Yams, the plain version `YAMLEventsTests` compare with.
    static func parse(_ text: String, path: String, lineOffset: Int = 0, log: DiagnosticLog, events: Bool = true) -> YAMLValue? {
        if let alias = YAMLAliasBudget.overrun(in: text) {
            log.error(SourceLocation(path: path, line: alias.line + lineOffset, column: alias.column),
                      "the YAML's aliases expand to more than \(Limits.yamlNodes) values by this one; write the values out, or use fewer aliases")
            return nil
        }
        if events, encodingName == Parser.Encoding.utf8.rawValue {
            switch YAMLEvents.compose(text) {
            case .tree(let node): return YAMLValue(node: node, path: path, lineOffset: lineOffset)
            case .empty: return YAMLValue(node: .mapping(YAMLNode.Mapping(entries: [], mark: nil, string: nil)), path: path, lineOffset: lineOffset)
            case .unsupported: break
            }
        }
        do {
            guard let node = try compose(text) else {
                return YAMLValue(node: .mapping(YAMLNode.Mapping(entries: [], mark: nil, string: nil)), path: path, lineOffset: lineOffset)
            }
            return YAMLValue(node: YAMLNode(node), path: path, lineOffset: lineOffset)
        } catch let error as YamlError {
            let (mark, problem) = describe(error)
            log.error(SourceLocation(path: path, line: (mark?.line ?? 1) + lineOffset, column: mark?.column ?? 1),
                      "YAML syntax error: \(problem)")
        } catch {
            log.error(SourceLocation(path: path, line: 1 + lineOffset), "YAML syntax error: \(error)")
        }
        return nil
    }

    /// Yams checks every mapping for duplicate keys by hashing the keys, which resolves
    /// each key's tag with up to seven ICU regexes (see BENCHMARKS.md). A resolver without
    /// rules resolves every key to `str` at once. Klynge reads keys as text only, so the
    /// tree is the same but where a key's tag can show: a key that is not plain text
    /// (a complex key), or a key node that is also a value (an alias shares its tag,
    /// a class instance that resolving changes).
    /// Such trees, and every error (the rule-less resolver finds the same duplicates,
    /// and also `yes` beside `"yes"`), are composed again with Yams' default resolver,
    /// so results and messages are the default's.
    static func compose(_ text: String) throws -> Node? {
        if let node = try? Yams.compose(yaml: text, .basic, .default, encoding), !KeyTags.mayDiffer(in: node) {
            return node
        }
        return try Yams.compose(yaml: text, .default, .default, encoding)
    }

    /// Yams' default encoding, looked up once: Yams reads the whole environment for it
    /// on every parse (`YAMS_DEFAULT_ENCODING` may override it). Kept as its raw name,
    /// a `Sendable` string, since Yams does not mark the enum `Sendable`.
    private static let encodingName = Parser.Encoding.default.rawValue
    static var encoding: Parser.Encoding { Parser.Encoding(rawValue: encodingName) ?? .utf8 }

    /// Whether a tree composed with a rule-less resolver may differ from the default's.
    enum KeyTags {
        /// A plain value keeps its implicit (empty) tag unless it was resolved as a key
        /// too (an alias of a key), or was given a tag; either may differ.
        static func mayDiffer(in root: Node) -> Bool {
            switch root {
            case .scalar(let scalar):
                return scalar.style == .plain && !scalar.tag.rawValue.isEmpty
            case .mapping(let mapping):
                for (key, value) in mapping {
                    guard case .scalar = key else { return true }
                    if mayDiffer(in: value) { return true }
                }
                return false
            case .sequence(let sequence):
                return sequence.contains(where: mayDiffer)
            case .alias:
                return true
            }
        }
    }

    private static func describe(_ error: YamlError) -> (Mark?, String) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return (mark, detail)
        case let .duplicatedKeysInMapping(duplicates, context):
            return (context.mark, "duplicated key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        case let .reader(problem, _, _, _):
            return (nil, problem)
        default:
            return (nil, "\(error)")
        }
    }
}

/// A YAML node as Klynge reads it: Yams' tree copied once, when the file is parsed,
/// into plain values. Yams' `Node` holds `Tag` class instances and is not `Sendable`;
/// clusters are parsed on several workers and read afterwards, so the model is built
/// from this checked `Sendable` copy. Each node keeps what Klynge reads of it: its text,
/// Yams' reading of it as a boolean and as null, and its position for messages.
enum YAMLNode: Sendable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(List)

    /// 1-based, as Yams gives it.
    struct Mark: Sendable {
        var line: Int
        var column: Int
    }

    struct Scalar: Sendable {
        var string: String
        /// Written without quotes or block style: only such a scalar can mean null.
        var isPlain: Bool
        /// Yams' `Node.bool` and `Node.null` of the scalar.
        var bool: Bool?
        var isNullText: Bool
        var mark: Mark?
    }

    struct Mapping: RandomAccessCollection, Sendable {
        var entries: [(key: YAMLNode, value: YAMLNode)]
        var mark: Mark?
        /// Yams' `Node.string` of a mapping: the value of a `=` (value) key, if any.
        var string: String?

        var startIndex: Int { entries.startIndex }
        var endIndex: Int { entries.endIndex }
        subscript(position: Int) -> (key: YAMLNode, value: YAMLNode) { entries[position] }

        /// The value of the first key with this text.
        subscript(key: String) -> YAMLNode? { entries.first { $0.key.string == key }?.value }
    }

    struct List: RandomAccessCollection, Sendable {
        var items: [YAMLNode]
        var mark: Mark?

        var startIndex: Int { items.startIndex }
        var endIndex: Int { items.endIndex }
        subscript(position: Int) -> YAMLNode { items[position] }
    }

    /// The copy of a composed Yams tree. An aliased node is copied at each use, as
    /// Yams shares it; `YAMLAliasBudget` has bounded the uses before composing.
    init(_ node: Node) {
        let mark = node.mark.map { Mark(line: $0.line, column: $0.column) }
        switch node {
        case .scalar(let scalar):
            // Yams reads six words of up to five letters as booleans: longer text skips
            // its lowercased copy, made for every scalar here, not only those read as one.
            self = .scalar(Scalar(string: scalar.string, isPlain: scalar.style == .plain,
                                  bool: scalar.string.utf8.count <= 5 ? node.bool : nil,
                                  isNullText: node.null != nil, mark: mark))
        case .mapping(let mapping):
            self = .mapping(Mapping(entries: mapping.map { (key: YAMLNode($0.key), value: YAMLNode($0.value)) },
                                    mark: mark, string: node.string))
        case .sequence(let sequence):
            self = .sequence(List(items: sequence.map(YAMLNode.init), mark: mark))
        case .alias:
            // Composing resolves every alias to the node it names; none is left in the tree.
            self = .scalar(Scalar(string: "", isPlain: false, bool: nil, isNullText: false, mark: mark))
        }
    }

    var mark: Mark? {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .mapping(let mapping): mapping.mark
        case .sequence(let list): list.mark
        }
    }

    /// Yams' `Node.string`: a scalar's text, or a mapping's `=` value.
    var string: String? {
        switch self {
        case .scalar(let scalar): scalar.string
        case .mapping(let mapping): mapping.string
        case .sequence: nil
        }
    }

    var bool: Bool? {
        if case .scalar(let scalar) = self { return scalar.bool }
        return nil
    }

    subscript(key: String) -> YAMLNode? {
        if case .mapping(let mapping) = self { return mapping[key] }
        return nil
    }

    var isMapping: Bool { if case .mapping = self { return true } else { return false } }
}

/// A YAML node that knows its file, for located messages while the model is built.
struct YAMLValue: Sendable {
    var node: YAMLNode
    var path: String
    var lineOffset: Int
    /// Dotted key path from the file's root, for messages ("meeting.date").
    var keyPath: String = ""

    var location: SourceLocation {
        SourceLocation(path: path, line: (node.mark?.line ?? 1) + lineOffset, column: node.mark?.column ?? 1)
    }

    var isNull: Bool {
        if case .scalar(let scalar) = node { return scalar.isPlain && scalar.isNullText }
        return false
    }

    func child(_ node: YAMLNode, key: String) -> YAMLValue {
        YAMLValue(node: node, path: path, lineOffset: lineOffset, keyPath: keyPath.isEmpty ? key : "\(keyPath).\(key)")
    }

}

/// Reads a YAML mapping field by field, collecting every problem, and at the end
/// reports keys nobody asked for (with a suggestion for near misses).
final class YAMLMap {
    let value: YAMLValue
    let log: DiagnosticLog
    private var entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)] = []
    private var asked: [String] = []

    init?(_ value: YAMLValue, log: DiagnosticLog, what: String) {
        self.value = value
        self.log = log
        guard case .mapping(let mapping) = value.node else {
            log.error(value.location, "\(what) must be a mapping of keys to values")
            return nil
        }
        entries = mapping.map { (key: $0.key.string ?? "", keyNode: $0.key, value: $0.value) }
    }

    var location: SourceLocation { value.location }

    private func keyLocation(_ node: YAMLNode) -> SourceLocation {
        YAMLValue(node: node, path: value.path, lineOffset: value.lineOffset).location
    }

    /// The raw value of a key, or nil when the key is absent.
    func raw(_ key: String) -> YAMLValue? {
        asked.append(key)
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        return value.child(entry.value, key: key)
    }

    private func name(_ key: String) -> String { value.keyPath.isEmpty ? key : "\(value.keyPath).\(key)" }

    private func missing(_ key: String) {
        log.error(location, "missing required key '\(name(key))'")
    }

    /// Text that must be present and not null.
    func string(_ key: String) -> String? {
        guard let raw = raw(key) else { missing(key); return nil }
        return Self.scalarText(raw, key: name(key), log: log, allowNull: false)
    }

    /// Text that may be absent, or `null` for a value not known yet.
    func field(_ key: String) -> FieldValue {
        guard let raw = raw(key) else { return .absent }
        if raw.isNull {
            warnMissing(raw)
            return .missing
        }
        return Self.scalarText(raw, key: name(key), log: log, allowNull: false).map(FieldValue.given) ?? .absent
    }

    /// One warning per `null` that may stand: the publisher fills these in before
    /// publishing. A `null` where a value is required gets its error instead.
    private func warnMissing(_ raw: YAMLValue) {
        log.warning(raw.location, "no value yet for '\(raw.keyPath)'; left out of the pages until it is filled in")
    }

    /// A field that must be written in the file, but may be `null` when not known yet.
    func requiredField(_ key: String) -> FieldValue {
        guard raw(key) != nil else { missing(key); return .absent }
        return field(key)
    }

    /// A web address for a link (`https://…`), checked here so that a mistyped one is
    /// an error at its line, not a broken link found on a page built from it.
    func webAddress(_ key: String, required: Bool = false) -> FieldValue {
        let value = required ? requiredField(key) : field(key)
        guard let text = value.text, let raw = raw(key) else { return value }
        guard Self.isWebAddress(text) else {
            log.error(raw.location, "'\(name(key))' must be a web address starting with https:// (or http://), without spaces")
            return .absent
        }
        return value
    }

    static func isWebAddress(_ text: String) -> Bool {
        (text.hasPrefix("https://") || text.hasPrefix("http://"))
            && !text.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 }
    }

    /// A whole number in its range (see `Limits`): one outside is an error here, at its
    /// line, so that no arithmetic later meets it.
    func int(_ key: String, required: Bool = true, in range: Limits.Range<Int>) -> Located<Int>? {
        guard let raw = raw(key) else {
            if required { missing(key) }
            return nil
        }
        guard case .scalar(let scalar) = raw.node, let number = Int(scalar.string.trimmingSpaces), range.contains(number) else {
            log.error(raw.location, "'\(name(key))' must be a whole number from \(range.bounds.lowerBound) to \(range.bounds.upperBound) (\(range.meaning))\(Self.shown(raw))")
            return nil
        }
        return Located(number, raw.location)
    }

    /// A number in its range: NaN, infinities and huge values are outside every range.
    func double(_ key: String, in range: Limits.Range<Double>) -> FieldValue.Number {
        guard let raw = raw(key) else { return .absent }
        if raw.isNull {
            warnMissing(raw)
            return .missing
        }
        guard case .scalar(let scalar) = raw.node,
              let number = Double(scalar.string.replacingOccurrences(of: ",", with: ".")) else {
            log.error(raw.location, "'\(name(key))' must be a number")
            return .absent
        }
        guard range.contains(number) else {
            log.error(raw.location, "'\(name(key))' must be a number from \(Self.plain(range.bounds.lowerBound)) to \(Self.plain(range.bounds.upperBound)) (\(range.meaning))\(Self.shown(raw))")
            return .absent
        }
        return .given(number)
    }

    private static func plain(_ bound: Double) -> String {
        bound == bound.rounded() && abs(bound) < 1e15 ? String(Int(bound)) : String(bound)
    }

    /// ", not '…'" for a short scalar, so that the message shows what was written.
    private static func shown(_ raw: YAMLValue) -> String {
        guard case .scalar(let scalar) = raw.node, scalar.string.count <= 40 else { return "" }
        return ", not '\(scalar.string)'"
    }

    func bool(_ key: String) -> Bool? {
        guard let raw = raw(key) else { return nil }
        guard let bool = raw.node.bool else {
            log.error(raw.location, "'\(name(key))' must be true or false")
            return nil
        }
        return bool
    }

    func map(_ key: String, required: Bool = true) -> YAMLMap? {
        guard let raw = raw(key) else {
            if required { missing(key) }
            return nil
        }
        if raw.isNull, !required { return nil }
        return YAMLMap(raw, log: log, what: "'\(name(key))'")
    }

    func list(_ key: String, required: Bool = true) -> [YAMLValue]? {
        guard let raw = raw(key) else {
            if required { missing(key) }
            return nil
        }
        guard case .sequence(let sequence) = raw.node else {
            log.error(raw.location, "'\(name(key))' must be a list")
            return nil
        }
        return sequence.enumerated().map { raw.child($0.element, key: "\($0.offset + 1)") }
    }

    func strings(_ key: String, required: Bool = false) -> [String]? {
        guard let items = list(key, required: required) else { return nil }
        return items.compactMap { Self.scalarText($0, key: $0.keyPath, log: log, allowNull: false) }
    }

    /// Reports keys that no reader asked for; call after reading every field.
    func rejectUnknownKeys() {
        let known = Set(asked)
        for entry in entries where !known.contains(entry.key) {
            log.error(keyLocation(entry.keyNode),
                      "unknown key '\(name(entry.key))'\(Suggestion.didYouMean(entry.key, asked))")
        }
    }

    static func scalarText(_ value: YAMLValue, key: String, log: DiagnosticLog, allowNull: Bool) -> String? {
        guard case .scalar(let scalar) = value.node else {
            log.error(value.location, "'\(key)' must be text, not a \(value.node.isMapping ? "mapping" : "list")")
            return nil
        }
        if value.isNull, !allowNull {
            log.error(value.location, "'\(key)' must have a value")
            return nil
        }
        // Control characters have no place in text for a page and would make invalid HTML.
        // General category Cc is exactly U+0000–U+001F and U+007F–U+009F (a stable set).
        if let control = scalar.string.unicodeScalars.first(where: { ($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) && $0 != "\n" && $0 != "\t" }) {
            log.error(value.location, "'\(key)' contains the control character U+\(String(control.value, radix: 16, uppercase: true)); remove it")
            return nil
        }
        return scalar.string
    }
}

import Testing
import Yams
@testable import KlyngeKit

/// `YAMLParser.compose` skips Yams' regex tag resolution of mapping keys; what Klynge
/// reads from the tree (texts, styles, positions, booleans, nulls, keys) and every error
/// must be what Yams' default composition gives.
@Suite struct YAMLComposeTests {
    static let keys = ["name", "yes", "\"yes\"", "'yes'", "null", "'null'", "1", "\"1\"", "~", "\"\"", "=", "<<",
                       "2027-03-30", "&k yes", "*k", "&k name", "? [a]", "? {=: x}", "on", "Name"]
    static let values = ["x", "yes", "\"yes\"", "No", "true", "null", "", "~", "'null'", "&v yes", "*v", "*k",
                         "[1, yes]", "{a: 1, a: 2}", "{yes: 1, \"yes\": 2}", "16.00", "\"a: b\"", "- y", "|\n  z"]

    func summary(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            return "S(\(scalar.string.debugDescription) \(scalar.style) \(node.mark.map { "\($0.line).\($0.column)" } ?? "-") b\(node.bool.map(String.init) ?? "-") n\(node.null != nil))"
        case .mapping(let mapping):
            return "M{" + mapping.map { "\($0.key.string ?? "nil")@\($0.key.mark?.line ?? 0): \(summary($0.value))" }.joined(separator: ", ") + "}"
        case .sequence(let sequence):
            return "L[" + sequence.map(summary).joined(separator: ", ") + "]"
        case .alias:
            return "A"
        }
    }

    /// The same summary of Klynge's copy of a tree, `YAMLNode`: it must read as Yams' tree.
    func summary(_ node: YAMLNode) -> String {
        switch node {
        case .scalar(let scalar):
            return "S(\(scalar.string.debugDescription) \(scalar.isPlain ? "plain" : "quoted") \(node.mark.map { "\($0.line).\($0.column)" } ?? "-") b\(node.bool.map(String.init) ?? "-") n\(scalar.isNullText) s\(node.string ?? "-"))"
        case .mapping(let mapping):
            return "M{" + mapping.map { "\($0.key.string ?? "nil")@\($0.key.mark?.line ?? 0): \(summary($0.value))" }.joined(separator: ", ") + " s\(node.string ?? "-")}"
        case .sequence(let sequence):
            return "L[" + sequence.map(summary).joined(separator: ", ") + "]"
        }
    }

    /// `summary(YAMLNode)` written over Yams' own accessors.
    func copySummary(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            return "S(\(scalar.string.debugDescription) \(scalar.style == .plain ? "plain" : "quoted") \(node.mark.map { "\($0.line).\($0.column)" } ?? "-") b\(node.bool.map(String.init) ?? "-") n\(node.null != nil) s\(node.string ?? "-"))"
        case .mapping(let mapping):
            return "M{" + mapping.map { "\($0.key.string ?? "nil")@\($0.key.mark?.line ?? 0): \(copySummary($0.value))" }.joined(separator: ", ") + " s\(node.string ?? "-")}"
        case .sequence(let sequence):
            return "L[" + sequence.map(copySummary).joined(separator: ", ") + "]"
        case .alias:
            return "A"
        }
    }

    /// The model reads `YAMLNode`, the copy made when a file is parsed: it holds what
    /// Yams' tree says of every node.
    /// One to six lines of a key and a value, some indented.
    static func randomText(_ generator: inout SeededGenerator) -> String {
        (0..<Int.random(in: 1...6, using: &generator)).map { _ in
            let indent = Bool.random(using: &generator) ? "" : "  "
            return "\(indent)\(keys.randomElement(using: &generator)!): \(values.randomElement(using: &generator)!)"
        }.joined(separator: "\n")
    }

    @Test func theSendableCopyReadsAsYamsTree() throws {
        let compared = Differential.check(tries: 3_000, input: { generator in
            let text = Self.randomText(&generator)
            return (try? YAMLParser.compose(text)).map { (text: text, node: $0) }
        }, describe: { $0.text.debugDescription }, plain: { copySummary($0.node) }, fast: { summary(YAMLNode($0.node)) })
        #expect(compared > 300, "most random texts are YAML errors; enough must not be")
    }

    func outcome(_ compose: () throws -> Node?) -> String {
        do { return try compose().map(summary) ?? "empty" } catch { return Self.normalised("error: \(error)") }
    }

    /// With two or more duplicated keys, Yams names them, and places the error, in the
    /// order of a hash table: two default compositions of one text can differ
    /// (2 in 200,000 random texts here). Such errors compare by the keys they name.
    static func normalised(_ error: String) -> String {
        guard error.contains("expected all keys to be unique"), let line = error.split(separator: "\n").first else { return error }
        let names = line.matches(of: /'([^']*)'/).map { String($0.1) }.sorted()
        return "duplicated keys: \(names)"
    }

    @Test func composeAgreesWithYamsDefault() {
        Differential.check(count: 3_000, input: { Self.randomText(&$0) },
                           plain: { text in outcome { try Yams.compose(yaml: text) } },
                           fast: { text in outcome { try YAMLParser.compose(text) } })
    }

    @Test func controlCharactersAreGeneralCategoryCc() {
        let log = DiagnosticLog()
        for value in 0...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), scalar != "\n", scalar != "\t" else { continue }
            let node = Node.scalar(.init("a\(Character(scalar))b", .implicit, .doubleQuoted))
            let text = YAMLMap.scalarText(YAMLValue(node: YAMLNode(node), path: "x.yml", lineOffset: 0), key: "k", log: log, allowNull: false)
            if (text == nil) != (scalar.properties.generalCategory == .control) { Issue.record("U+\(String(value, radix: 16))") }
        }
    }

    @Test func keysThatOnlyTheDefaultResolverTellsApartAreNotDuplicates() throws {
        // Plain `yes` is a boolean key, quoted "yes" a string key: no duplicate for Yams.
        let node = try #require(try YAMLParser.compose("yes: 1\n\"yes\": 2\n"))
        #expect(summary(node).contains("yes@1") && summary(node).contains("yes@2"))
        #expect(throws: YamlError.self) { try YAMLParser.compose("name: 1\nname: 2\n") }
    }
}

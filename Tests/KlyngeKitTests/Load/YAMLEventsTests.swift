import Foundation
import Testing
@testable import KlyngeKit

/// `YAMLParser.parse` reads plain YAML from libyaml's events (`YAMLEvents`) and leaves
/// the rest to Yams: every text must give what Yams alone gives, node for node
/// (texts, styles, booleans, nulls, positions, mapping values) and message for message.
@Suite struct YAMLEventsTests {
    static let keys = ["name", "yes", "\"yes\"", "'yes'", "null", "'null'", "1", "\"1\"", "~", "\"\"", "=", "<<", "Name", "on",
                       "2027-03-30", "ø", "&k yes", "*k", "? [a]", "? {=: x}", "!!str x", "\"a\\u00e6\"", "'\u{FEFF}b'"]
    static let values = ["x", "yes", "\"yes\"", "No", "TRUE", "Off", "true", "null", "NULL", "", "~", "'null'",
                         "[1, yes]", "[]", "{}", "{b: [c, {d: e}]}", "&v yes", "*v", "*k", "{a: 1, a: 2}", "{yes: 1, \"yes\": 2}", "16.00", "\"a: b\"",
                         "|\n  z\n  w", ">-\n  folded\n  text", "!!str 12", "!custom x", "\"\\t\\u00e6\\0\"", "'it''s'",
                         "Æble æ", "\"\u{FEFF}x\"", "x # comment", "\"unclosed", "[unclosed", "- y", "@bad", "`bad"]

    /// What Klynge reads of a node, all of it.
    static func summary(_ node: YAMLNode) -> String {
        let mark = node.mark.map { "\($0.line).\($0.column)" } ?? "-"
        switch node {
        case .scalar(let scalar):
            return "S(\(scalar.string.debugDescription) p\(scalar.isPlain) b\(scalar.bool.map(String.init) ?? "-") n\(scalar.isNullText) @\(mark))"
        case .mapping(let mapping):
            return "M@\(mark) s\(mapping.string ?? "-"){" + mapping.map { "\(summary($0.key)): \(summary($0.value))" }.joined(separator: ", ") + "}"
        case .sequence(let list):
            return "L@\(mark)[" + list.map(summary).joined(separator: ", ") + "]"
        }
    }

    static func outcome(_ text: String, events: Bool) -> String {
        let log = DiagnosticLog()
        let value = YAMLParser.parse(text, path: "x.yml", lineOffset: 2, log: log, events: events)
        return (value.map { "\($0.path) \($0.lineOffset) " + summary($0.node) } ?? "nil") + " " + log.all.map(\.description).joined(separator: " | ")
    }

    static func randomText(using generator: inout SeededGenerator) -> String {
        var lines: [String] = []
        if Int.random(in: 0..<10, using: &generator) == 0 { lines.append("---") }
        for _ in 0..<Int.random(in: 0...7, using: &generator) {
            let indent = String(repeating: " ", count: [0, 0, 2, 4].randomElement(using: &generator)!)
            // Mostly the plain forms (the first of each list), so that many texts are plain YAML.
            let plain = Int.random(in: 0..<5, using: &generator) > 0
            let value = values[Int.random(in: 0..<(plain ? 16 : values.count), using: &generator)]
            let key = keys[Int.random(in: 0..<(plain ? 16 : keys.count), using: &generator)]
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: lines.append("\(indent)- \(value)")
            case 1: lines.append("\(indent)\(key):")
            default: lines.append("\(indent)\(key): \(value)")
            }
        }
        switch Int.random(in: 0..<12, using: &generator) {
        case 0: lines.append("---\nsecond: document")
        case 1: lines.append("# only a comment")
        case 2: lines.append("...")
        default: break
        }
        return lines.joined(separator: "\n") + (Bool.random(using: &generator) ? "\n" : "")
    }

    @Test func plainYAMLReadsAsYamsReadsIt() {
        var read = 0
        Differential.check(count: 6_000, input: { generator in
            let text = Self.randomText(using: &generator)
            if case .tree = YAMLEvents.compose(text) { read += 1 }
            return text
        }, plain: { Self.outcome($0, events: false) }, fast: { Self.outcome($0, events: true) })
        #expect(read > 800, "enough random texts must be plain YAML, read from the events")
    }

    @Test func emptyTextsAndComments() {
        for text in ["", "\n", "# x\n", "---\n", "--- \n...\n", "\u{FEFF}", "\u{FEFF}a: 1\n", "a: 1\n---\n", "a: |\n  x\n", "a: b\r\nc: d\r\n"] {
            #expect(Self.outcome(text, events: true) == Self.outcome(text, events: false), "\(text.debugDescription)")
        }
    }

    /// Every YAML file of the repository's own content, the front matter of its documents included.
    @Test func theContentReadsAsYamsReadsIt() throws {
        let content = TestTree.repository.appendingPathComponent("Content")
        let files = FileManager.default.enumerator(atPath: content.path)!.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".md") }
        var read = 0
        for file in files {
            var text = try String(contentsOf: content.appendingPathComponent(file), encoding: .utf8)
            if file.hasSuffix(".md") {
                guard text.hasPrefix("---\n"), let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 4)..<text.endIndex) else { continue }
                text = String(text[text.index(text.startIndex, offsetBy: 4)..<end.lowerBound])
            }
            if case .tree = YAMLEvents.compose(text) { read += 1 }
            #expect(Self.outcome(text, events: true) == Self.outcome(text, events: false), "\(file)")
        }
        #expect(read > 10)
    }
}

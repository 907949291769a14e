import Foundation
import PropertyBased
import Testing
@testable import KlyngeKit

/// The byte-level search and replace equals Foundation's on any text.
@Suite struct TextSearchTests {
    static let alphabet: [Character] = Array("ab<!-->æø–\u{E040}@ \n")
    static let text = Gen<Character?>.element(of: alphabet).map { $0 ?? " " }.array(of: 0...60).map { String($0) }

    @Test func replacingAllEqualsFoundation() async {
        await propertyCheck(count: 500, input: Self.text, Gen<Int>.int(in: 0...4)) { text, pick in
            let target = ["<!--", "-", "æ", "\u{E040}", "a-"][pick]
            #expect(text.replacingAll(target, with: "[@]") == text.replacingOccurrences(of: target, with: "[@]"))
        }
    }

    @Test func replacingEachHandsOverTheTextUpToTheTerminator() async {
        await propertyCheck(count: 500, input: Self.text) { text in
            let replaced = text.replacingEach("<!--", upTo: "-->") { inner in "{\(inner ?? "nil")}" }
            // The reference: a regular expression that takes the shortest text to the first terminator.
            let expression = try! NSRegularExpression(pattern: "<!--(.*?)-->", options: [.dotMatchesLineSeparators])
            let reference = expression.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "{$1}")
            #expect(replaced == reference, "\(text.debugDescription)")
        }
    }

    @Test func containsBytesEqualsFoundation() async {
        await propertyCheck(count: 500, input: Self.text, Gen<Int>.int(in: 0...5)) { text, pick in
            let target = ["<!--", "-", "æ", "\u{E040}", "a-", "ø\n"][pick]
            #expect(text.containsBytes(of: target) == text.contains(target), "\(text.debugDescription) holding \(target.debugDescription)")
        }
    }

    @Test func anUnclosedPlaceholderStaysAsItIs() {
        #expect("x<!--a-->y<!--b".replacingEach("<!--", upTo: "-->") { "[\($0 ?? "")]" } == "x[a]y<!--b")
        #expect("æ<!--ø-->å".replacingEach("<!--", upTo: "-->") { "[\($0 ?? "")]" } == "æ[ø]å")
    }
}

import Foundation
import Testing
@testable import KlyngeKit

@Suite struct PseudonymKeyFieldTests {
    /// The byte look before the Characters changes nothing: a field is quoted exactly when
    /// one of its Characters is a semicolon, a quote or a line break, combining marks included.
    @Test func quotingLooksAtTheBytesFirstAndDecidesAsTheCharactersDo() {
        let pieces = [";", "\"", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", ";\u{301}", "\"\u{301}",
                      "\u{301}", "é", "Praksis A", "990101", " ", "€", "\u{2030}", "\u{A0}", "æ"]
        Differential.check(count: 3000, input: { random in
            (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }, describe: { "\($0.unicodeScalars.map { String($0.value, radix: 16) })" },
        plain: { text in text.contains(where: { $0 == ";" || $0 == "\"" || $0.isNewline }) }, fast: { PseudonymKey.needsQuotes($0) })
    }
}

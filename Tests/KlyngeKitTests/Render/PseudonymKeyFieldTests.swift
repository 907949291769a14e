import Foundation
import Testing
@testable import KlyngeKit

@Suite struct PseudonymKeyFieldTests {
    /// The byte look before the Characters changes nothing: a field is quoted exactly when
    /// one of its Characters is a semicolon, a quote or a line break, combining marks included.
    @Test func quotingLooksAtTheBytesFirstAndDecidesAsTheCharactersDo() {
        var random = SeededGenerator()
        let pieces = [";", "\"", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", ";\u{301}", "\"\u{301}",
                      "\u{301}", "é", "Praksis A", "990101", " ", "€", "\u{2030}", "\u{A0}", "æ"]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...5, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let plain = text.contains(where: { $0 == ";" || $0 == "\"" || $0.isNewline })
            #expect(PseudonymKey.needsQuotes(text) == plain, "\(text.unicodeScalars.map { String($0.value, radix: 16) }); \(random.replay)")
        }
    }
}

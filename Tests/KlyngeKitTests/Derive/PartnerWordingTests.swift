import Foundation
import Testing
@testable import KlyngeKit

@Suite struct PartnerWordingTests {
    /// `fill` looks for the placeholder's bytes before asking Foundation: it gives what
    /// Foundation's search and replace alone give, combining marks and near misses included.
    @Test func fillingGivesWhatFoundationAloneGives() {
        var wording = PartnerWording([])
        wording.definite = "hospitalet og lægen"
        let pieces = ["{partners}", "{partners", "partners}", "{", "}", "é", "e\u{301}", "\u{301}", "a", " ", "\n",
                      "{partners}\u{301}", "\u{301}{partners}", "ﬀ", "Å", "K", "{Partners}"]
        Differential.check(count: 3000, input: { random in
            (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }, describe: { "\($0.unicodeScalars.map { String($0.value, radix: 16) })" }, plain: { text in
            text.contains(PartnerPlaceholder.text) ? text.replacingOccurrences(of: PartnerPlaceholder.text, with: wording.definite) : text
        }, fast: { wording.fill($0) })
    }
}

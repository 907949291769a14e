import Testing
@testable import KlyngeKit

/// Chart labels are measured by scalar when every scalar is a character of its own;
/// the widths and line breaks must be those of the `Character` walk, to the bit.
@Suite struct ChartTextTests {
    static let alphabet: [String] = ["a", "i", "M", "W", "Z", "æ", "Æ", "ø", "Å", "é", "ß", "ª", "ǅ", "0", "7", " ", " ", " ",
                                     "\u{A0}", "–", "—", "…", "%", "<", ".", "(", "e\u{301}", "\r\n", "\r", "👍🏽", "\u{200D}", "ﬁ"]

    func randomText(_ generator: inout some RandomNumberGenerator, simpleOnly: Bool) -> String {
        let letters = simpleOnly ? Self.alphabet.filter { Chart.isSimple($0) } : Self.alphabet
        return (0..<Int.random(in: 0...40, using: &generator)).map { _ in letters.randomElement(using: &generator)! }.joined()
    }

    @Test func scalarWidthsEqualCharacterWidths() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<2_000 {
            let text = randomText(&generator, simpleOnly: round % 2 == 0)
            for bold in [false, true] {
                #expect(Chart.textWidth(text, size: 13, bold: bold) == Chart.characterWidth(text, size: 13, bold: bold), "\(text.debugDescription)")
            }
            for width in [40.0, 120.0, 260.0] {
                #expect(Chart.wrap(text, width: width) == Chart.wrapCharacters(text, width: width), "\(text.debugDescription)")
            }
        }
    }

    @Test func combiningMarksAndCarriageReturnsAreNotSimple() {
        #expect(Chart.isSimple("Æblegrød – 12,5 %"))
        #expect(!Chart.isSimple("e\u{301}"))
        #expect(!Chart.isSimple("a\r\nb"))
    }
}

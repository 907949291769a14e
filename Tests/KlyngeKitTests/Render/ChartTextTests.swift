import Testing
@testable import KlyngeKit

/// Chart labels are measured scalar by scalar. Where every scalar is a character of
/// its own, widths and line breaks must be those of the plain `Character` walk kept
/// here, to the bit; a combining mark adds no width to the letter it sits on.
@Suite struct ChartTextTests {
    static let alphabet: [String] = ["a", "i", "M", "W", "Z", "æ", "Æ", "ø", "Å", "é", "ß", "ª", "ǅ", "0", "7", " ", " ", " ",
                                     "\u{A0}", "–", "—", "…", "%", "<", ".", "("]

    func randomText(_ generator: inout some RandomNumberGenerator) -> String {
        (0..<Int.random(in: 0...40, using: &generator)).map { _ in Self.alphabet.randomElement(using: &generator)! }.joined()
    }

    /// A text's widths, plain and bold, and its lines at three widths.
    struct Measure: Equatable {
        var widths: [Double]
        var lines: [[String]]
    }

    @Test func scalarWidthsEqualCharacterWidths() {
        Differential.check(count: 2_000, input: { randomText(&$0) }, plain: { text in
            Measure(widths: [false, true].map { Self.characterWidth(text, size: 13, bold: $0) },
                    lines: [40.0, 120.0, 260.0].map { Self.wrapCharacters(text, width: $0) })
        }, fast: { text in
            Measure(widths: [false, true].map { Chart.textWidth(text, size: 13, bold: $0) },
                    lines: [40.0, 120.0, 260.0].map { Chart.wrap(text, width: $0) })
        })
    }

    @Test func marksAndJoinersAddNoWidth() {
        #expect(Chart.textWidth("e\u{301}") == Chart.textWidth("e"))
        #expect(Chart.textWidth("E\u{301}") == Chart.textWidth("É"))
        #expect(Chart.textWidth("👍\u{200D}👍\u{FE0F}") == Chart.textWidth("👍👍"))
        #expect(Chart.wrap("e\u{301}e\u{301} x", width: 1_000) == ["e\u{301}e\u{301} x"])
    }

    /// The width by `Character`, as it was measured before.
    static func characterWidth(_ text: String, size: Double = Chart.fontSize, bold: Bool = false) -> Double {
        var width = 0.0
        for character in text {
            switch character {
            case "i", "l", "j", ".", ",", ":", ";", "|", "!", "'": width += 0.28
            case " ", "\u{A0}": width += 0.32
            case "t", "f", "r", "(", ")", "-": width += 0.4
            case "m", "w", "M", "W", "æ", "Æ", "%": width += 0.95
            case "0"..."9": width += 0.64
            case "<", ">", "=", "+", "–": width += 0.84
            default: width += character.isUppercase ? 0.72 : 0.61
            }
        }
        return width * size * (bold ? 1.1 : 1)
    }

    /// Wrapping by `Character` widths, as it was.
    static func wrapCharacters(_ text: String, width: Double, size: Double = Chart.fontSize, bold: Bool = false) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : "\(current) \(word)"
            if !current.isEmpty, characterWidth(candidate, size: size, bold: bold) > width {
                lines.append(current)
                current = String(word)
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

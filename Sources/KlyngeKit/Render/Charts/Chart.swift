/// Shared measures and colours of Klynge's charts. Text sizes are in viewBox units:
/// 300 units wide keeps 13-unit labels at about 12.5 px on a 320 px phone.
enum Chart {
    static let width = 300.0
    static let fontSize = 13.0
    static let smallSize = 12.0
    static let ink = "#1b1f24"
    static let muted = "#4a5560"
    /// Bars: dark enough against white (4.4:1) to read in colour, grey or black and white.
    static let bar = "#4f7f99"
    static let paper = "#ffffff"

    /// Text width for layout, from the widths of DejaVu Sans (Linux's usual fallback and
    /// among the widest sans-serifs), so that labels fit whichever font a reader has.
    static func textWidth(_ text: String, size: Double = fontSize, bold: Bool = false) -> Double {
        var units = 0.0
        add(text[...], to: &units)
        return units * size * (bold ? 1.1 : 1)
    }

    /// The text's scalars' units added to `units` one by one, in order: `wrap` continues a
    /// line's sum with the same additions `textWidth` makes of the whole line.
    private static func add(_ text: Substring, to units: inout Double) {
        let ascii = asciiUnits
        for scalar in text.unicodeScalars { units += scalar.isASCII ? ascii[Int(scalar.value)] : self.units(scalar) }
    }

    /// `units` of the ASCII scalars, looked up rather than matched against its cases:
    /// most labels are ASCII, and every chart measures each of them.
    private static let asciiUnits: [Double] = (0..<128).map { units(Unicode.Scalar(UInt8($0))) }

    /// One scalar's width in units of the font size. A combining mark, joiner or
    /// variation selector belongs to the letter before it and adds no width.
    private static func units(_ scalar: Unicode.Scalar) -> Double {
        switch scalar {
        case "i", "l", "j", ".", ",", ":", ";", "|", "!", "'": return 0.28
        case " ", "\u{A0}": return 0.32
        case "t", "f", "r", "(", ")", "-": return 0.4
        case "m", "w", "M", "W", "æ", "Æ", "%": return 0.95
        case "0"..."9": return 0.64
        case "<", ">", "=", "+", "–": return 0.84
        case "A"..."Z": return 0.72
        default:
            if scalar.isASCII { return 0.61 }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return 0
            default: break
            }
            if scalar == "\u{200D}" || scalar.properties.isVariationSelector { return 0 }
            return Character(scalar).isUppercase ? 0.72 : 0.61
        }
    }

    /// Breaks text into lines no wider than `width`, at spaces. Each candidate line's
    /// width continues the sum of the line so far: the same additions in the same
    /// order as `textWidth(candidate)`, so a line breaks where its measured width says.
    /// Words are found at the space byte (no other UTF-8 sequence holds it) and a line
    /// whose words stand one space apart is cut from the text rather than joined.
    static func wrap(_ text: String, width: Double, size: Double = fontSize, bold: Bool = false) -> [String] {
        let space = UInt8(ascii: " ")
        let utf8 = text.utf8
        var lines: [String] = []
        // The line so far: its text runs from `start` to `end` in `text`, or is `joined`
        // when two of its words stand more than one space apart.
        var start = utf8.startIndex, end = utf8.startIndex
        var joined: String?
        var lineUnits = 0.0
        func line() -> String { joined ?? String(text[start..<end]) }
        func begin(_ word: Substring) {
            start = word.startIndex
            end = word.endIndex
            joined = nil
            lineUnits = 0.0
            add(word, to: &lineUnits)
        }
        var position = utf8.startIndex
        while position < utf8.endIndex {
            guard utf8[position] != space else {
                position = utf8.index(after: position)
                continue
            }
            var wordEnd = utf8.index(after: position)
            while wordEnd < utf8.endIndex, utf8[wordEnd] != space { wordEnd = utf8.index(after: wordEnd) }
            let word = text[position..<wordEnd]
            position = wordEnd
            guard start != end else {
                begin(word)
                continue
            }
            var units = lineUnits + asciiUnits[Int(space)]
            add(word, to: &units)
            if units * size * (bold ? 1.1 : 1) > width {
                lines.append(line())
                begin(word)
            } else {
                if joined == nil, utf8.index(after: end) == word.startIndex {
                    end = word.endIndex
                } else {
                    joined = line() + " " + word
                }
                lineUnits = units
            }
        }
        if start != end { lines.append(line()) }
        return lines
    }
}
